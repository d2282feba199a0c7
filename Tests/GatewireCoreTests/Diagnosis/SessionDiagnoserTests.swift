import GatewireCore
import Testing

@Suite struct SessionDiagnoserTests {
    private typealias F = DiagnosisFixtures

    /// Two subscribers with the same correctly encoded key, routed messages with replies, ordinary closes.
    static let cleanSession: [SessionEvent] = [
        F.connect("c1", query: F.correctQuery, at: 0),
        F.connect("c2", query: F.correctQuery + "&fromClient=true", at: 1),
        F.clientText("c1", #"{"action":"setName","name":"ada"}"#, at: 2),
        F.clientText("c2", #"{"action":"sendPublic","message":"hi"}"#, at: 3),
        F.serverText("c1", #"{"from":"ada","message":"hi"}"#, at: 3.1),
        F.clientText("c1", #"{"action":"sendPrivate","to":"bob"}"#, at: 300),
        F.close("c1", at: 400), F.close("c1", from: .server, at: 400),
        F.close("c2", code: 1001, at: 401), F.close("c2", code: 1001, from: .server, at: 401),
    ]

    @Test("a clean session reports nothing at all")
    func clean() throws {
        let report = try F.diagnose(Self.cleanSession, routes: F.chat)
        #expect(!report.hasProblems)
        #expect(report.missingSubscriptions.isEmpty)
        #expect(report.routeProblems.isEmpty)
        #expect(report.gatewayTrouble.isEmpty)
        #expect(report.notes.isEmpty)
        #expect(report.keyParameters == ["serviceName", "cacheKey"])
        #expect(
            report.summary
                == DiagnosisSummary(
                    inputs: 1, connections: 2, clientMessages: 3, missingSubscriptions: 0, routeProblems: 0,
                    unroutedMessages: 0, gatewayTrouble: 0, errors: 0, warnings: 0))
    }

    @Test("every section at once: the summary counts them and hasProblems is set")
    func everything() throws {
        let report = try F.diagnose(
            [
                F.connect("c1", query: F.browserQuery), F.connect("c2", query: F.workerQuery, at: 1),
                F.clientText("c1", #"{"action":"$sendPublic"}"#, at: 2), F.clientBinary("c2", at: 3),
                F.connect("c3", path: "/dev", status: 403, at: 4),
            ], routes: F.chat)
        #expect(report.hasProblems)
        #expect(report.summary.missingSubscriptions == 1)
        #expect(report.summary.routeProblems == 1)
        #expect(report.gatewayTrouble.map(\.kind) == [.binaryFrame, .handshakeRejected])
        #expect(report.summary.errors == 3)
        #expect(report.summary.warnings == 1)
    }

    @Test("events fed one by one give the same report as whole inputs")
    func streaming() throws {
        var diagnoser = try SessionDiagnoser(configuration: DiagnosisConfiguration(routes: F.chat))
        try diagnoser.begin(name: "session.jsonl", source: .proxy, routes: nil)
        for event in Self.cleanSession { diagnoser.consume(event) }
        diagnoser.consume(F.clientBinary("c1", at: 500))
        let report = diagnoser.report()
        #expect(report == (try F.diagnose(Self.cleanSession + [F.clientBinary("c1", at: 500)], routes: F.chat)))
        #expect(report.gatewayTrouble.map(\.kind) == [.binaryFrame])
    }

    @Test("an expression that does not parse is refused up front")
    func badExpression() {
        #expect(throws: RouteSelectionExpressionError.self) {
            try SessionDiagnoser(
                configuration: DiagnosisConfiguration(
                    routes: RouteConfiguration(expression: "${request.body.action", routeKeys: [])))
        }
    }
}
