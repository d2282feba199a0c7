import GatewireCore
import Testing

@Suite struct InvalidPercentEscapeTests {
    @Test(
        "escapes that are not % and two hex digits",
        arguments: [
            ("a=%zz", "`%zz`", "%zz", "%25zz"),
            ("a=ab%2", "`%2`", "ab%2", "ab%252"),
            ("discount=50%", "`%`", "50%", "50%25"),
            ("a=%g1x%", "`%g1`, `%`", "%g1x%", "%25g1x%25"),
        ])
    func fires(query: String, listed: String, decoded: String, fixed: String) throws {
        let findings = try lintQuery(query, code: InvalidPercentEscape.code)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .warning)
        #expect(finding.message.hasPrefix(listed))
        #expect(finding.decoded == decoded)
        #expect(finding.fix == "Send a literal `%` as `%25`: `\(fixed)`.")
    }

    @Test("an invalid escape in a name is reported for the name")
    func inName() throws {
        let finding = try #require(try lintQuery("a%zz=1", code: InvalidPercentEscape.code).first)
        #expect(finding.raw == "a%zz")
        #expect(finding.message.contains("the name `a%zz`"))
    }

    @Test("valid escapes are fine", arguments: ["a=%41%3a", "discount=50%25", "a=1"])
    func clean(query: String) throws {
        #expect(try lintQuery(query, code: InvalidPercentEscape.code).isEmpty)
    }
}
