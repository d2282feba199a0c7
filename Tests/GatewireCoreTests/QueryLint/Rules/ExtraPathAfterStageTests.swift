import GatewireCore
import Testing

@Suite struct ExtraPathAfterStageTests {
    @Test(
        "a path below the stage is answered 403",
        arguments: [
            (
                "wss://abc123.execute-api.us-east-1.amazonaws.com/Prod/hello", "/Prod",
                "Connect to `/Prod` and pass `/hello`"
            ),
            ("/prod/a/b?x=1", "/prod", "Connect to `/prod?x=1` and pass `/a/b`"),
        ])
    func fires(url: String, decoded: String, fix: String) throws {
        let finding = try #require(try lint(url, code: ExtraPathAfterStage.code).first)
        #expect(finding.severity == .error)
        #expect(finding.decoded == decoded)
        #expect(finding.fix?.hasPrefix(fix) == true)
    }

    @Test("a lone trailing slash is a warning")
    func trailingSlash() throws {
        let finding = try #require(try lint("/prod/?a=1", code: ExtraPathAfterStage.code).first)
        #expect(finding.severity == .warning)
        #expect(finding.fix == "Drop the trailing slash: `/prod?a=1`.")
    }

    @Test("just the stage is fine", arguments: [SeedURLs.rawPlus, "/prod", "wss://h.example"])
    func clean(url: String) throws {
        #expect(try lint(url, code: ExtraPathAfterStage.code).isEmpty)
    }
}
