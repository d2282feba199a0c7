import GatewireCore
import Testing

@Suite struct DuplicateParameterTests {
    @Test("the single-value map keeps only the last duplicate")
    func lastWins() throws {
        let findings = try lintQuery("path=one&path=two&path=three", code: DuplicateParameter.code)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .warning)
        #expect(finding.parameter == "path")
        #expect(finding.raw == "path=one&path=two&path=three")
        #expect(finding.decoded == "three")
        #expect(finding.message.contains("[`one`, `two`, `three`]"))
    }

    @Test(
        "names are compared as decoded", arguments: [("cache%4Bey=1&cacheKey=2", "cacheKey"), ("a+b=1&a%20b=2", "a b")])
    func decodedNames(query: String, name: String) throws {
        let finding = try #require(try lintQuery(query, code: DuplicateParameter.code).first)
        #expect(finding.parameter == name)
        #expect(finding.decoded == "2")
    }

    @Test("identical repeats are informational")
    func identical() throws {
        let finding = try #require(try lintQuery("a=1&b=2&a=1", code: DuplicateParameter.code).first)
        #expect(finding.severity == .info)
    }

    @Test("distinct names are fine", arguments: ["a=1&b=1", "a=1", "", "cacheKey=1&cachekey=2"])
    func clean(query: String) throws {
        #expect(try lintQuery(query, code: DuplicateParameter.code).isEmpty)
    }
}
