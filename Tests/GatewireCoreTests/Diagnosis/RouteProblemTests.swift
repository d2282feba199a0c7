import GatewireCore
import Testing

@Suite struct RouteProblemTests {
    private typealias F = DiagnosisFixtures

    @Test("messages sending \"$sendPublic\" are grouped by that value, fell to $default, with a leading-dollar hint")
    func leadingDollar() throws {
        let report = try F.diagnose(
            [
                F.connect("c1"), F.connect("c2", at: 0.5),
                F.clientText("c1", #"{"action":"$sendPublic","message":"hi"}"#, at: 1),
                F.clientText("c2", #"{"action":"$sendPublic","message":"ho"}"#, at: 2),
                F.clientText("c1", #"{"action":"$sendPublic","message":"again"}"#, at: 3),
                F.clientText("c1", #"{"action":"sendPublic","message":"fine"}"#, at: 4),
                F.serverText("c1", #"{"action":"$sendPublic"}"#, at: 5),
            ], routes: F.chat)
        let problem = try #require(report.routeProblems.first)
        #expect(report.routeProblems.count == 1)
        #expect(problem.value == "$sendPublic")
        #expect(problem.outcome == .fellToDefault)
        #expect(problem.reason == .noSuchKey)
        #expect(problem.severity == .warning)
        #expect(problem.count == 3)
        #expect(problem.connections.map(\.name) == ["c1", "c2"])
        #expect(problem.firstSeen == F.time(1))
        #expect(problem.hints.map(\.kind) == [.leadingDollar])
        #expect(problem.hints.first?.routeKey == "sendPublic")
        #expect(problem.fix == "Send \"sendPublic\" without the leading `$`: custom route keys never start with `$`.")
        #expect(problem.example == #"{"action":"$sendPublic","message":"hi"}"#)
        #expect(problem.reply == nil)
        #expect(report.summary.unroutedMessages == 3)
        #expect(report.summary.clientMessages == 4)
    }

    @Test("without $default the message is refused: an error, with the Forbidden frame the client receives")
    func refused() throws {
        var routes = F.chat
        routes.routeKeys.removeAll { $0 == "$default" }
        let report = try F.diagnose(
            [F.connect("c1", id: "R1kmxc2VNjMCFIA="), F.clientText("c1", #"{"action":"sendpublic"}"#, at: 1)],
            routes: routes)
        let problem = try #require(report.routeProblems.first)
        #expect(problem.outcome == .rejected)
        #expect(problem.severity == .error)
        #expect(problem.hints.first?.kind == .caseOnly)
        #expect(problem.reply?.hasPrefix(#"{"message": "Forbidden", "connectionId":"R1kmxc2VNjMCFIA=""#) == true)
    }

    @Test("values that are not JSON, or lack the property, make one group per value and reason")
    func groupedByValueAndReason() throws {
        let report = try F.diagnose(
            [
                F.connect("c1"), F.clientText("c1", "hello", at: 1), F.clientText("c1", "bye", at: 2),
                F.clientText("c1", #"{"type":"join"}"#, at: 3),
            ], routes: F.chat)
        #expect(report.routeProblems.map(\.reason) == [.notJSON, .propertyMissing])
        #expect(report.routeProblems.map(\.count) == [2, 1])
        #expect(report.routeProblems.map(\.value) == [nil, ""])
    }

    @Test("when $default is the API's only route, falling to it is the design, not a problem")
    func onlyDefault() throws {
        let routes = RouteConfiguration(
            expression: "$request.body.action", routeKeys: ["$connect", "$default", "$disconnect"])
        let report = try F.diagnose(
            [F.connect("c1"), F.clientText("c1", #"{"action":"$sendPublic"}"#, at: 1)], routes: routes)
        #expect(report.routeProblems.isEmpty)
        #expect(!report.hasProblems)
    }

    @Test("with the route keys unknown nothing can be said about routes, and a note says so")
    func routesUnknown() throws {
        let report = try F.diagnose([F.connect("c1"), F.clientText("c1", #"{"action":"$sendPublic"}"#, at: 1)])
        #expect(report.routeProblems.isEmpty)
        #expect(!report.hasProblems)
        #expect(report.inputs.first?.routeKeys == nil)
        #expect(report.inputs.first?.expressionAssumed == true)
        #expect(report.notes.count == 1)
        #expect(report.notes.first?.contains("route keys are unknown") == true)
    }

    @Test("the configuration's routes override the ones an input brings, as flags override files")
    func configurationWins() throws {
        let input = DiagnosisInput(
            name: "s", routes: RouteConfiguration(expression: "$request.body.type", routeKeys: ["join", "$default"]),
            events: [F.connect("c1"), F.clientText("c1", #"{"action":"$sendPublic"}"#, at: 1)])
        let own = try SessionDiagnoser.diagnose([input])
        #expect(own.routeProblems.first?.value == "")
        let overridden = try SessionDiagnoser.diagnose([input], configuration: DiagnosisConfiguration(routes: F.chat))
        #expect(overridden.routeProblems.first?.value == "$sendPublic")
    }
}
