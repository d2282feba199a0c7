import GatewireCore
import Testing

@Suite struct FragmentInURLTests {
    @Test(
        "a # starts a fragment the gateway never receives",
        arguments: [
            ("wss://h.example/prod?color=#fff", "#fff"),
            ("/prod?a=1#", "#"),
        ])
    func fires(url: String, raw: String) throws {
        let finding = try #require(try lint(url, code: FragmentInURL.code).first)
        #expect(finding.severity == .error)
        #expect(finding.raw == raw)
        #expect(finding.fix?.contains("%23") == true)
    }

    @Test("an encoded %23 is fine", arguments: ["wss://h.example/prod?color=%23fff", SeedURLs.rawPlus])
    func clean(url: String) throws {
        #expect(try lint(url, code: FragmentInURL.code).isEmpty)
    }
}
