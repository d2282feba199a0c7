import GatewireCore
import Testing

@Suite struct DoubleEncodedTests {
    @Test(
        "%25XX reaches the backend still encoded",
        arguments: [
            ("t=19%253A37", "19%3A37", "19:37", "Encode once: send `19%3A37`."),
            ("k=a%252Bb%252bc", "a%2Bb%2bc", "a+b+c", "Encode once: send `a%2Bb%2bc`."),
            ("x%2541=1", "x%41", "xA", "Encode once: send `x%41`."),
        ])
    func fires(query: String, decoded: String, intended: String, fix: String) throws {
        let findings = try lintQuery(query, code: DoubleEncoded.code)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .warning)
        #expect(finding.decoded == decoded)
        #expect(finding.message.contains("instead of `\(intended)`"))
        #expect(finding.fix == fix)
    }

    @Test(
        "single encoding and a literal %25 are fine",
        arguments: [
            "t=19%3A37", "discount=50%25", "d=50%25off", "a=%25%25",
        ])
    func clean(query: String) throws {
        #expect(try lintQuery(query, code: DoubleEncoded.code).isEmpty)
        #expect(try lint(SeedURLs.encodedTruncated, code: DoubleEncoded.code).isEmpty)
    }
}
