import GatewireCore
import Testing

@Suite struct RawReservedCharacterTests {
    @Test("the seed timestamp's raw : is informational")
    func seed() throws {
        let findings = try lint(SeedURLs.rawPlus, code: RawReservedCharacter.code)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .info)
        #expect(finding.parameter == "cacheKey")
        #expect(finding.message.hasPrefix("Raw `:` in the value of `cacheKey`"))
        #expect(finding.fix?.hasSuffix("`35354-2024-08-01T19%3A37%3A55.612063%2B00%3A00`.") == true)
    }

    @Test(
        "characters encodeURIComponent would escape",
        arguments: [
            ("r=/a/b", Finding.Severity.info, "`/`"),
            ("m=a@b.example", .info, "`@`"),
            ("list=a,b", .info, "`,`"),
            ("p=x;y", .warning, "splits the data"),
            ("p=x|y", .warning, "unsupported"),
            ("j={\"a\":1}", .warning, "RFC 3986"),
            ("t=a:b;c", .warning, "`:` `;`"),
        ])
    func fires(query: String, severity: Finding.Severity, mentioned: String) throws {
        let findings = try lintQuery(query, code: RawReservedCharacter.code)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == severity)
        #expect(finding.message.contains(mentioned))
    }

    @Test(
        "encoded values and unreserved or sub-delimiter characters are fine",
        arguments: [
            "t=19%3A37", "a=b-c_d.e~f", "a=it's(*)!", SeedURLs.clean,
        ])
    func clean(query: String) throws {
        let url = query.hasPrefix("wss://") ? query : "/prod?" + query
        #expect(try lint(url, code: RawReservedCharacter.code).isEmpty)
    }
}
