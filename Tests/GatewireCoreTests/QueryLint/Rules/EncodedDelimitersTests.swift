import GatewireCore
import Testing

@Suite struct EncodedDelimitersTests {
    @Test("the seed URL encoded its whole query: one parameter, named after the whole query, no value")
    func seed() throws {
        let findings = try lint(SeedURLs.encodedQueryWrongStage, code: EncodedDelimiters.code, stages: ["prod"])
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .error)
        #expect(finding.parameter == "serviceName=kelpPersist&cacheKey=blord")
        #expect(finding.raw == "serviceName%3DkelpPersist%26cacheKey%3Dblord")
        #expect(finding.decoded == "serviceName=kelpPersist&cacheKey=blord")
        #expect(
            finding.message.contains("ONE parameter named `serviceName=kelpPersist&cacheKey=blord` with an empty value")
        )
        #expect(finding.message.contains("no `serviceName` or `cacheKey` parameter"))
        #expect(finding.fix?.hasPrefix("Send `serviceName=kelpPersist&cacheKey=blord`") == true)
    }

    @Test(
        "encoded delimiters in a name are errors",
        arguments: [
            ("%3FserviceName%3Dx", "?serviceName=x", "Send `serviceName=x`"),
            ("a%3D1%26b=2", "a=1&b", "Send `a=1&b=2`"),
            ("a%3d1", "a=1", "Send `a=1`"),
        ])
    func nameFires(query: String, parameter: String, fix: String) throws {
        let finding = try #require(try lintQuery(query, code: EncodedDelimiters.code).first)
        #expect(finding.severity == .error)
        #expect(finding.parameter == parameter)
        #expect(finding.fix?.hasPrefix(fix) == true)
    }

    @Test(
        "a value that decodes to a query string is a warning",
        arguments: [
            "q=a%3D1%26b%3D2", "q=%3Fa%3D1",
        ])
    func valueFires(query: String) throws {
        let finding = try #require(try lintQuery(query, code: EncodedDelimiters.code).first)
        #expect(finding.severity == .warning)
        #expect(finding.parameter == "q")
    }

    @Test(
        "encoded nested URLs and ordinary values are fine",
        arguments: [
            "redirect=https%3A%2F%2Fx.example%2F%3Fa%3D1%26b%3D2", "eq=1%2B1%3D2", "a=1&b=2", "note=fish%26chips",
            "serviceName=kelpPersist&cacheKey=blord",
        ])
    func clean(query: String) throws {
        #expect(try lintQuery(query, code: EncodedDelimiters.code).isEmpty)
    }
}
