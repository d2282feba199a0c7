import GatewireCore
import Testing

@Suite struct PlusDecodesToSpaceTests {
    @Test("the seed timestamp's +00:00 reaches the backend as a space")
    func seed() throws {
        let findings = try lint(SeedURLs.rawPlus, code: PlusDecodesToSpace.code)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .warning)
        #expect(finding.parameter == "cacheKey")
        #expect(finding.raw == "35354-2024-08-01T19:37:55.612063+00:00")
        #expect(finding.decoded == "35354-2024-08-01T19:37:55.612063 00:00")
        #expect(finding.fix?.hasPrefix("Send `35354-2024-08-01T19:37:55.612063%2B00:00`") == true)
    }

    @Test(
        "raw + in values and names",
        arguments: [
            ("sort=-+createdAt", "sort", "- createdAt"),
            ("q=a+b+c", "q", "a b c"),
            ("my+key=1", "my key", "my key"),
        ])
    func fires(query: String, parameter: String, decoded: String) throws {
        let findings = try lintQuery(query, code: PlusDecodesToSpace.code)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.parameter == parameter)
        #expect(finding.decoded == decoded)
        #expect(finding.fix?.contains("%2B") == true)
    }

    @Test("%2B, %20 and values without + are fine", arguments: ["t=12%3A00%2B02%3A00", "q=a%20b", "a=1"])
    func clean(query: String) throws {
        #expect(try lintQuery(query, code: PlusDecodesToSpace.code).isEmpty)
    }

    @Test("the rfc3986 policy keeps + as it is, so the rule does not fire")
    func rfc3986() throws {
        #expect(try lint(SeedURLs.rawPlus, code: PlusDecodesToSpace.code, policy: .rfc3986).isEmpty)
    }
}
