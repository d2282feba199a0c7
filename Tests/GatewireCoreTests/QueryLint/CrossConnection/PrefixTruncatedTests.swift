import GatewireCore
import Testing

@Suite struct PrefixTruncatedTests {
    @Test("the seed pair: the worker's key is cut off after +00:")
    func seed() throws {
        let findings = try crossLint(SeedURLs.rawPlus, SeedURLs.encodedTruncated).filter {
            $0.code == PrefixTruncated.code
        }
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .warning)
        #expect(finding.parameter == "cacheKey")
        #expect(finding.connections == ["c1", "c2"])
        #expect(finding.message.contains("value is cut off after `+00:`, missing `00`"))
        #expect(finding.message.hasPrefix("`cacheKey` from c2 is a cut-off copy of the one from c1"))
        #expect(
            finding.fix?.hasPrefix("Send the whole value from c2: `35354-2024-08-01T19%3A37%3A55.612063%2B00%3A00`")
                == true)
    }

    @Test(
        "cut-off values, however they were encoded",
        arguments: [
            ("k=2024-08-01T19%3A37%3A", "k=2024-08-01T19%3A37%3A55", "`:37:`"),
            ("k=2024-08-01T19%3A37%3", "k=2024-08-01T19%3A37%3A55", "(cut inside a percent-escape)"),
            ("k=abc+def", "k=abc%2Bdef%2Bghi", "cut off after `+def`, missing `+ghi`"),
        ])
    func fires(first: String, second: String, mentioned: String) throws {
        let findings = try crossLint("/prod?" + first, "/prod?" + second).filter { $0.code == PrefixTruncated.code }
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.message.contains(mentioned))
    }

    @Test(
        "ordinary distinct values and equal values are fine",
        arguments: [
            ("room=1", "room=12"), ("user=user-123", "user=user-1234"), ("k=a%3Ab", "k=a:b"), ("k=abc:", "k=abd:e"),
        ])
    func clean(first: String, second: String) throws {
        let findings = try crossLint("/prod?" + first, "/prod?" + second)
        #expect(findings.filter { $0.code == PrefixTruncated.code }.isEmpty)
    }
}
