import GatewireCore
import Testing

@Suite struct UnknownStageTests {
    @Test(
        "a stage that is not deployed is answered 403, and the nearest one is suggested",
        arguments: [
            (SeedURLs.encodedQueryWrongStage, ["prod"], "pd", "prod"),
            ("/Prod?a=1", ["dev", "prod"], "Prod", "prod"),
            ("/stagin?a=1", ["prod", "staging", "dev"], "stagin", "staging"),
            ("/qa", ["prod", "dev"], "qa", "dev"),
        ])
    func fires(url: String, stages: [String], stage: String, suggestion: String) throws {
        let findings = try lint(url, code: UnknownStage.code, stages: stages)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == .error)
        #expect(finding.raw == stage)
        #expect(finding.message.contains("Did you mean `\(suggestion)`?"))
        #expect(finding.fix?.contains("/\(suggestion)") == true)
    }

    @Test("the fix keeps the query byte for byte")
    func fixKeepsQuery() throws {
        let finding = try #require(
            try lint(SeedURLs.encodedQueryWrongStage, code: UnknownStage.code, stages: ["prod"]).first)
        #expect(finding.fix == "Use stage `prod`: `/prod?serviceName%3DkelpPersist%26cacheKey%3Dblord`.")
    }

    @Test(
        "a known stage, or no stage list, is fine",
        arguments: [
            (SeedURLs.rawPlus, ["prod"] as [String]?), (SeedURLs.encodedQueryWrongStage, nil),
            ("/dev", ["prod", "dev"]),
        ])
    func clean(url: String, stages: [String]?) throws {
        #expect(try lint(url, code: UnknownStage.code, stages: stages).isEmpty)
    }
}
