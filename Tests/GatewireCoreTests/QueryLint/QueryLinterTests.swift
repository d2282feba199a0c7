import GatewireCore
import Testing

@Suite struct QueryLinterTests {
    @Test(
        "clean URLs produce no findings",
        arguments: [
            SeedURLs.clean, "wss://abc123.execute-api.us-east-1.amazonaws.com/prod", "/prod?token=R1kmxc2VNjM%2BFIA%3D",
            "…/prod?serviceName=kelpPersist&cacheKey=blord", "ws://127.0.0.1:3001/local?name=Ren%C3%A9e&flag",
            "wss://ws.example.com/v1?redirect=https%3A%2F%2Fx.example%2F%3Fa%3D1%26b%3D2",
        ])
    func clean(url: String) throws {
        #expect(try lint(url, stages: nil).isEmpty)
    }

    @Test("a clean URL on a known stage stays clean")
    func cleanKnownStage() throws {
        #expect(try lint(SeedURLs.clean, stages: ["dev", "prod"]).isEmpty)
    }

    @Test(
        "the seed URLs produce exactly their findings",
        arguments: [
            (SeedURLs.rawPlus, ["plus-decodes-to-space", "raw-reserved-character"]),
            (SeedURLs.encodedTruncated, []),
            (SeedURLs.encodedQueryWrongStage, ["unknown-stage", "encoded-delimiters"]),
        ])
    func seeds(url: String, codes: [String]) throws {
        #expect(try lint(url, stages: ["prod"]).map(\.code) == codes)
    }

    @Test("URL-level findings come before query findings")
    func order() throws {
        let codes = try lint("/pd/x?a=1+2&a=3", stages: ["prod"]).map(\.code)
        #expect(codes == ["unknown-stage", "extra-path-after-stage", "plus-decodes-to-space", "duplicate-parameter"])
    }

    @Test("codes are unique kebab-case strings, one per rule")
    func codes() {
        let codes = QueryLinter.codes + CrossConnectionLinter.codes
        #expect(Set(codes).count == codes.count)
        for code in codes {
            #expect(code.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }, "\(code)")
        }
        #expect(QueryLinter.codes.count == QueryLinter.rules.count)
    }
}
