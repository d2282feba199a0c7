import GatewireCore
import Testing

@Suite struct StraySeparatorTests {
    @Test(
        "doubled, leading or trailing & are reported once",
        arguments: [
            ("a=1&&b=2", "a=1&b=2", 1), ("&a=1", "a=1", 1), ("a=1&", "a=1", 1), ("&a=1&&", "a=1", 3),
        ])
    func fires(query: String, cleaned: String, count: Int) throws {
        let findings = try lintQuery(query, code: StraySeparator.code)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .info)
        #expect(finding.decoded == cleaned)
        #expect(finding.message.contains("\(count) empty segment"))
    }

    @Test("a well-joined query is fine", arguments: ["a=1&b=2", "", "a"])
    func clean(query: String) throws {
        #expect(try lintQuery(query, code: StraySeparator.code).isEmpty)
    }
}
