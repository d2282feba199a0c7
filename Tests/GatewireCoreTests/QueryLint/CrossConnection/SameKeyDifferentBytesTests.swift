import GatewireCore
import Testing

@Suite struct SameKeyDifferentBytesTests {
    @Test("the seed pair: the browser's raw + becomes a space, the worker's %2B stays a +")
    func seed() throws {
        let findings = try crossLint(SeedURLs.rawPlus, SeedURLs.encodedTruncated).filter {
            $0.code == SameKeyDifferentBytes.code
        }
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .error)
        #expect(finding.parameter == "cacheKey")
        #expect(finding.connections == ["c1", "c2"])
        #expect(
            finding.raw
                == "c1: 35354-2024-08-01T19:37:55.612063+00:00\nc2: 35354-2024-08-01T19%3A37%3A55.612063%2B00%3A"
        )
        #expect(
            finding.decoded == "c1: 35354-2024-08-01T19:37:55.612063 00:00\nc2: 35354-2024-08-01T19:37:55.612063+00:")
        #expect(finding.message.contains("`+` became a space for c1 (sent raw `+`) but stayed `+` for c2 (sent `%2B`)"))
        #expect(finding.fix?.contains("c1 should send `35354-2024-08-01T19%3A37%3A55.612063%2B00%3A00`") == true)
    }

    @Test(
        "the same value in different encodings that decode differently",
        arguments: [
            ("k=a+b", "k=a%2Bb", "`+` became a space for c1"),
            ("k=a%2Bb", "k=a+b", "`+` became a space for c2"),
            ("k=19%253A37", "k=19:37", "`:` arrived still encoded as `%3A` for c1 (sent double-encoded `%253A`)"),
            ("k=a%252Bb", "k=a+b", "c1 received `%2B` (sent `%252B`) where c2 received ` ` (sent raw `+`)"),
        ])
    func fires(first: String, second: String, words: String) throws {
        let findings = try crossLint("/prod?" + first, "/prod?" + second).filter {
            $0.code == SameKeyDifferentBytes.code
        }
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.parameter == "k")
        #expect(finding.message.contains(words))
    }

    @Test(
        "values that decode alike, or that differ in meaning, are fine",
        arguments: [
            ("k=a%2Bb", "k=a%2bb"), ("k=19:37", "k=19%3A37"), ("k=a+b", "k=a+b"), ("k=a+b", "k=c+d"),
            ("k=a+b", "j=a%2Bb"),
            ("k=a%20b", "k=a+c"),
        ])
    func clean(first: String, second: String) throws {
        let findings = try crossLint("/prod?" + first, "/prod?" + second)
        #expect(findings.filter { $0.code == SameKeyDifferentBytes.code }.isEmpty)
    }

    @Test("under the rfc3986 policy + and %2B decode alike")
    func rfc3986() throws {
        let findings = try crossLint("/prod?k=a+b", "/prod?k=a%2Bb", policy: .rfc3986)
        #expect(findings.isEmpty)
    }
}
