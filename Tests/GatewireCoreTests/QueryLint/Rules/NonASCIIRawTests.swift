import GatewireCore
import Testing

@Suite struct NonASCIIRawTests {
    @Test(
        "raw non-ASCII, spaces and controls",
        arguments: [
            ("name=Renée", "`é`", "Ren%C3%A9e"),
            ("q=a b", "a space", "a%20b"),
            ("q=a\tb", "a tab", "a%09b"),
            ("q=a\u{7F}", "control character U+7F", "a%7F"),
        ])
    func fires(query: String, described: String, fixed: String) throws {
        let finding = try #require(try lintQuery(query, code: NonASCIIRaw.code).first)
        #expect(finding.severity == .warning)
        #expect(finding.message.contains(described))
        #expect(finding.fix == "Percent-encode them as UTF-8: `\(fixed)`.")
    }

    @Test("encoded forms are fine", arguments: ["name=Ren%C3%A9e", "q=a%20b", SeedURLs.clean])
    func clean(query: String) throws {
        let url = query.hasPrefix("wss://") ? query : "/prod?" + query
        #expect(try lint(url, code: NonASCIIRaw.code).isEmpty)
    }
}
