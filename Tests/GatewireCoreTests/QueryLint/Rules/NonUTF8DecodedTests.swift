import GatewireCore
import Testing

@Suite struct NonUTF8DecodedTests {
    @Test("escapes that decode to bytes that are not UTF-8", arguments: ["name=Ren%E9", "b=%FF%FE", "x%C3=1"])
    func fires(query: String) throws {
        let finding = try #require(try lintQuery(query, code: NonUTF8Decoded.code).first)
        #expect(finding.severity == .warning)
        #expect(finding.decoded?.contains("\u{FFFD}") == true)
        #expect(finding.fix?.contains("%C3%A9") == true)
    }

    @Test("UTF-8 escapes are fine", arguments: ["name=Ren%C3%A9", "a=%41", "a=1"])
    func clean(query: String) throws {
        #expect(try lintQuery(query, code: NonUTF8Decoded.code).isEmpty)
    }
}
