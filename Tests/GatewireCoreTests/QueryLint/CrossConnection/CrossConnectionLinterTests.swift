import GatewireCore
import Testing

@Suite struct CrossConnectionLinterTests {
    @Test("connections that sent identical bytes are grouped into one side")
    func grouping() throws {
        let inputs = [
            ConnectionQuery(connection: "browser-1", query: QueryString("k=a+b")),
            ConnectionQuery(connection: "worker", query: QueryString("k=a%2Bb")),
            ConnectionQuery(connection: "browser-2", query: QueryString("k=a+b")),
        ]
        let findings = CrossConnectionLinter().lint(inputs)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.connections == ["browser-1", "browser-2", "worker"])
        #expect(finding.raw == "browser-1, browser-2: a+b\nworker: a%2Bb")
    }

    @Test("the value compared is the one queryStringParameters keeps (the last duplicate)")
    func lastDuplicate() {
        let inputs = [
            ConnectionQuery(connection: "c1", query: QueryString("k=a+b&k=x")),
            ConnectionQuery(connection: "c2", query: QueryString("k=a%2Bb")),
        ]
        #expect(CrossConnectionLinter().lint(inputs).isEmpty)
    }

    @Test("every pair of distinct values is compared, per parameter")
    func pairs() {
        let inputs = [
            ConnectionQuery(connection: "c1", query: QueryString("k=a+b&j=1+2")),
            ConnectionQuery(connection: "c2", query: QueryString("k=a%2Bb&j=1%2B2")),
            ConnectionQuery(connection: "c3", query: QueryString("k=a%252Bb")),
        ]
        let findings = CrossConnectionLinter().lint(inputs)
        #expect(findings.map(\.parameter) == ["k", "k", "k", "j"])
        #expect(findings.map(\.connections) == [["c1", "c2"], ["c1", "c3"], ["c2", "c3"], ["c1", "c2"]])
    }

    @Test("a single connection, or none, gives nothing")
    func tooFew() {
        #expect(CrossConnectionLinter().lint([]).isEmpty)
        #expect(CrossConnectionLinter().lint([ConnectionQuery(connection: "c1", query: QueryString("k=a+b"))]).isEmpty)
    }

    @Test("the codes are stable")
    func codes() {
        #expect(CrossConnectionLinter.codes == ["same-key-different-bytes", "prefix-truncated"])
    }
}
