import GatewireCore
import Testing

@Suite struct EmptyParameterNameTests {
    @Test("a value without a name", arguments: [("=orphan", "orphan"), ("a=1&=&b=2", "")])
    func fires(query: String, value: String) throws {
        let finding = try #require(try lintQuery(query, code: EmptyParameterName.code).first)
        #expect(finding.severity == .warning)
        #expect(finding.parameter == "")
        #expect(finding.decoded == value)
    }

    @Test("named parameters and bare flags are fine", arguments: ["a=1", "flag", "a="])
    func clean(query: String) throws {
        #expect(try lintQuery(query, code: EmptyParameterName.code).isEmpty)
    }
}
