import Foundation
import GatewireCore
import GatewireTestSupport
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

    @Test(
        "seconds read from a file outside the years 1 to 9999, or not finite, are refused instead of trapping",
        arguments: [1e300, -1e300, 1.797e308, .infinity, -.infinity, .nan, 253_402_300_800, -62_135_596_801])
    func refusesSecondsOutOfRange(seconds: Double) {
        #expect(Timestamp(secondsSinceEpoch: seconds) == nil)
    }

    @Test("seconds at both ends of the range are kept, and print as four-digit years")
    func keepsSecondsAtTheEnds() throws {
        #expect(try #require(Timestamp(secondsSinceEpoch: -62_135_596_800)).rfc3339 == "0001-01-01T00:00:00.000000Z")
        #expect(try #require(Timestamp(secondsSinceEpoch: 253_402_300_799)).rfc3339 == "9999-12-31T23:59:59.000000Z")
        #expect(Timestamp(secondsSinceEpoch: 1_722_541_075.7)?.microsecondsSinceEpoch == 1_722_541_075_700_000)
    }

    @Test("RFC 3339 text matches the Gregorian calendar's reading of random instants, and years past 9999 print whole")
    func rfc3339AgainstCalendar() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var generator = SeededGenerator(seed: 3339)
        // From 1600 on: Foundation's Gregorian calendar turns Julian before October 1582.
        for _ in 0..<2_000 {
            let micros = Int64.random(in: -11_676_096_000_000_000...253_402_300_799_999_999, using: &generator)
            let timestamp = Timestamp(microsecondsSinceEpoch: micros)
            let seconds = micros >= 0 ? micros / 1_000_000 : -((-micros + 999_999) / 1_000_000)
            let parts = calendar.dateComponents(
                [.year, .month, .day, .hour, .minute, .second],
                from: Date(timeIntervalSince1970: TimeInterval(seconds)))
            let expected = String(
                format: "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", parts.year!, parts.month!, parts.day!, parts.hour!,
                parts.minute!, parts.second!, micros - seconds * 1_000_000)
            #expect(timestamp.rfc3339 == expected, "microseconds since the epoch: \(micros)")
        }
        #expect(Timestamp(microsecondsSinceEpoch: 253_402_300_800_000_001).rfc3339 == "10000-01-01T00:00:00.000001Z")
    }

    @Test("a timeval whose seconds would overflow microseconds is refused, as a pcapng high word 0xFFFFFFFF gives")
    func refusesTimevalOutOfRange() {
        #expect(Timestamp(seconds: 18_446_744_069_414, microseconds: 0) == nil)
        #expect(Timestamp(seconds: .max, microseconds: 999_999) == nil)
        #expect(Timestamp(seconds: .min, microseconds: 0) == nil)
        #expect(Timestamp(seconds: 1, microseconds: 1_000_000) == nil)
        #expect(Timestamp(seconds: 1, microseconds: -1) == nil)
        #expect(Timestamp(seconds: 1_722_541_075, microseconds: 612_063)?.rfc3339 == "2024-08-01T19:37:55.612063Z")
    }

    @Test("a duration in milliseconds that leaves the range is refused, whatever its size")
    func refusesDurationOutOfRange() throws {
        let start = try #require(Timestamp(rfc3339: "2024-08-01T19:37:55.612063Z"))
        #expect(start.adding(milliseconds: 1e300) == nil)
        #expect(start.adding(milliseconds: 9.223e15) == nil)
        #expect(start.adding(milliseconds: -.infinity) == nil)
        #expect(start.adding(milliseconds: 1500.5)?.rfc3339 == "2024-08-01T19:37:57.112563Z")
    }
}
