import GatewireCore
import Testing

@Suite struct MissingStageTests {
    @Test(
        "an execute-api URL without a stage is answered 403",
        arguments: [
            "wss://abc123.execute-api.us-east-1.amazonaws.com", "wss://abc123.execute-api.us-east-1.amazonaws.com/?a=1",
            "wss://abc123.execute-api.us-east-1.amazonaws.com?a=1",
        ])
    func fires(url: String) throws {
        let finding = try #require(try lint(url, code: MissingStage.code).first)
        #expect(finding.severity == .error)
        #expect(finding.fix?.contains("/prod") == true)
    }

    @Test("with known stages, the fix names the first one")
    func knownStages() throws {
        let finding = try #require(try lint("/?a=1", code: MissingStage.code, stages: ["dev", "prod"]).first)
        #expect(finding.fix == "Put the stage first in the path: `/dev?a=1`.")
    }

    @Test(
        "a stage, or a custom domain with unknown stages, is fine",
        arguments: [
            SeedURLs.rawPlus, "wss://ws.example.com/?a=1", "wss://ws.example.com",
        ])
    func clean(url: String) throws {
        #expect(try lint(url, code: MissingStage.code).isEmpty)
    }
}
