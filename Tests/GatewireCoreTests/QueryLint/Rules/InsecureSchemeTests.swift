import GatewireCore
import Testing

@Suite struct InsecureSchemeTests {
    @Test(
        "ws:// or http:// to execute-api cannot connect",
        arguments: [
            "ws://abc123.execute-api.us-east-1.amazonaws.com/prod",
            "http://abc123.execute-api.us-east-1.amazonaws.com/prod",
        ])
    func fires(url: String) throws {
        let finding = try #require(try lint(url, code: InsecureScheme.code).first)
        #expect(finding.severity == .error)
        #expect(finding.fix?.contains("wss://abc123.execute-api.us-east-1.amazonaws.com") == true)
    }

    @Test(
        "TLS, local hosts and path-only URLs are fine",
        arguments: [
            SeedURLs.rawPlus, "ws://127.0.0.1:3001/local", "/prod?a=1",
            "https://abc123.execute-api.us-east-1.amazonaws.com/prod",
        ])
    func clean(url: String) throws {
        #expect(try lint(url, code: InsecureScheme.code).isEmpty)
    }
}
