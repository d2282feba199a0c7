import GatewireCore
import Testing

@Suite struct InvalidStageNameTests {
    static let host = "wss://abc123.execute-api.us-east-1.amazonaws.com/"

    @Test(
        "a stage segment no stage name can match",
        arguments: [
            ("pro.d", "`.`"), ("%70rod", "`%`"), ("prod+1", "`+`"),
            (String(repeating: "s", count: 129), "129 characters"),
        ])
    func fires(stage: String, mentioned: String) throws {
        let finding = try #require(try lint(Self.host + stage + "?a=1", code: InvalidStageName.code).first)
        #expect(finding.severity == .error)
        #expect(finding.raw == stage)
        #expect(finding.message.contains(mentioned))
    }

    @Test(
        "letters, digits, - and _ up to 128 characters are fine",
        arguments: [
            "prod", "Prod", "dev_2-x", String(repeating: "s", count: 128),
        ])
    func clean(stage: String) throws {
        #expect(try lint(Self.host + stage, code: InvalidStageName.code).isEmpty)
    }

    @Test("custom domains may have other base paths")
    func customDomain() throws {
        #expect(try lint("wss://ws.example.com/api.v2?a=1", code: InvalidStageName.code).isEmpty)
    }
}
