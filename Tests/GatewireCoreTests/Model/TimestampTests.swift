import GatewireCore
import Testing

@Suite struct TimestampTests {
    @Test(
        "RFC 3339 text round-trips with microseconds",
        arguments: [
            "2024-08-01T19:37:55.612063Z", "1970-01-01T00:00:00.000000Z", "1969-12-31T23:59:59.999999Z",
            "2000-02-29T12:00:00.000001Z",
        ])
    func roundTrip(text: String) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.rfc3339 == text)
    }

    @Test("an offset is converted to UTC")
    func offset() throws {
        let timestamp = try #require(Timestamp(rfc3339: "2024-08-01T19:37:55.612063+00:00"))
        #expect(timestamp.rfc3339 == "2024-08-01T19:37:55.612063Z")
        let shifted = try #require(Timestamp(rfc3339: "2024-08-01T21:37:55+02:00"))
        #expect(shifted.rfc3339 == "2024-08-01T19:37:55.000000Z")
    }

    @Test("text that is not RFC 3339 is refused", arguments: ["", "2024-08-01", "2024-13-01T00:00:00Z", "x"])
    func refusesGarbage(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }
}
