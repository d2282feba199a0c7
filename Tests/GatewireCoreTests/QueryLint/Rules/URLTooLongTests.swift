import GatewireCore
import Testing

@Suite struct URLTooLongTests {
    static let base = "wss://abc123.execute-api.us-east-1.amazonaws.com/prod?token="

    @Test("a URL over 4096 characters is an error naming its length", arguments: [4097, 6000])
    func fires(length: Int) throws {
        let url = Self.base + String(repeating: "a", count: length - Self.base.utf8.count)
        let findings = try lint(url, code: URLTooLong.code)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .error)
        #expect(finding.message.contains("\(length) characters"))
        #expect(finding.message.contains("`token`"))
    }

    @Test("URLs up to the limit are fine", arguments: [4096, 100])
    func clean(length: Int) throws {
        let url = Self.base + String(repeating: "a", count: length - Self.base.utf8.count)
        #expect(try lint(url, code: URLTooLong.code).isEmpty)
        #expect(try lint(SeedURLs.rawPlus, code: URLTooLong.code).isEmpty)
    }

    @Test("the limit comes from the configuration")
    func configuredLimit() throws {
        let url = try ConnectURL(parsing: Self.base + "abc")
        let findings = QueryLinter(configuration: QueryLintConfiguration(maxURLLength: 10)).lint(url)
        #expect(findings.map(\.code).contains(URLTooLong.code))
    }
}
