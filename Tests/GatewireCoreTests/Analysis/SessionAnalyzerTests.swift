import GatewireCore
import Testing

@Suite struct SessionAnalyzerTests {
    private static let time = Timestamp(microsecondsSinceEpoch: 1_722_541_075_612_063)

    private static func connect(_ label: String, query: String?, path: String = "/prod") -> SessionEvent {
        .connect(ConnectEvent(time: time, connection: label, path: path, rawQuery: query))
    }

    private static func clientText(_ label: String, _ text: String) -> SessionEvent {
        .message(MessageEvent(time: time, connection: label, direction: .client, text: text))
    }

    private static let chat = RouteConfiguration(
        expression: "$request.body.action",
        routeKeys: ["$connect", "$disconnect", "setName", "sendPublic", "sendPrivate", "$default"], stages: ["prod"])

    @Test("the geoprocessing seed: the second subscription's key differs from the first as the gateway decodes it")
    func missingSubscription() throws {
        var analyzer = try SessionAnalyzer()
        let first = analyzer.analyze(
            Self.connect(
                "c1",
                query: "serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19:37:55.612063+00:00&fromClient=true"
            ))
        let second = analyzer.analyze(
            Self.connect(
                "c2", query: "serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A"))
        guard case .connect(let one) = first, case .connect(let two) = second else {
            Issue.record("connect events must stay connect events")
            return
        }
        #expect(one.findings.map(\.code).contains("plus-decodes-to-space"))
        #expect(one.query?.queryStringParameters["cacheKey"] == "35354-2024-08-01T19:37:55.612063 00:00")
        let cross = two.findings.filter { $0.connections != nil }
        #expect(Set(cross.map(\.code)) == ["same-key-different-bytes", "prefix-truncated"])
        #expect(cross.allSatisfy { $0.parameter == "cacheKey" && $0.connections == ["c1", "c2"] })
    }

    @Test("a connection repeating an earlier query exactly gets no cross-connection finding")
    func sameBytes() throws {
        var analyzer = try SessionAnalyzer()
        _ = analyzer.analyze(Self.connect("c1", query: "cacheKey=a%2Bb"))
        guard case .connect(let two) = analyzer.analyze(Self.connect("c2", query: "cacheKey=a%2Bb")) else {
            Issue.record("expected a connect event")
            return
        }
        #expect(two.findings.isEmpty)
    }

    @Test("client messages get their route; server messages do not")
    func routes() throws {
        var analyzer = try SessionAnalyzer(configuration: SessionAnalyzerConfiguration(routes: Self.chat))
        _ = analyzer.analyze(Self.connect("c1", query: nil))
        guard case .message(let sent) = analyzer.analyze(Self.clientText("c1", #"{"action":"$sendPublic"}"#)),
            case .message(let received) = analyzer.analyze(
                .message(MessageEvent(time: Self.time, connection: "c1", direction: .server, text: "{}")))
        else {
            Issue.record("expected message events")
            return
        }
        #expect(sent.resolution?.routeKey == "$default")
        #expect(sent.resolution?.hints.first?.kind == .leadingDollar)
        #expect(received.resolution == nil)
    }

    @Test("the connection id from $connect goes into the Forbidden reply")
    func connectionIDInReply() throws {
        let routes = RouteConfiguration(expression: "$request.body.action", routeKeys: ["sendmessage"])
        var analyzer = try SessionAnalyzer(configuration: SessionAnalyzerConfiguration(routes: routes))
        let id = ConnectionID(rawValue: "R1kmxc2VNjMCFIA=")
        _ = analyzer.analyze(.connect(ConnectEvent(time: Self.time, connection: "c1", connectionID: id, path: "/p")))
        guard case .message(let message) = analyzer.analyze(Self.clientText("c1", #"{"action":"x"}"#)) else {
            Issue.record("expected a message event")
            return
        }
        #expect(message.resolution?.reply?.contains(#""connectionId":"R1kmxc2VNjMCFIA=""#) == true)
    }

    @Test("a stage that is not deployed is reported on $connect")
    func unknownStage() throws {
        var analyzer = try SessionAnalyzer(configuration: SessionAnalyzerConfiguration(routes: Self.chat))
        guard case .connect(let connect) = analyzer.analyze(Self.connect("c1", query: "a=b", path: "/pd")) else {
            Issue.record("expected a connect event")
            return
        }
        #expect(connect.findings.map(\.code).contains("unknown-stage"))
    }

    @Test("a binary client message gets the 1003 resolution and the limits finding")
    func binary() throws {
        var analyzer = try SessionAnalyzer(configuration: SessionAnalyzerConfiguration(routes: Self.chat))
        _ = analyzer.analyze(Self.connect("c1", query: nil))
        let event = SessionEvent.message(
            MessageEvent(time: Self.time, connection: "c1", direction: .client, opcode: .binary, payload: [0, 1]))
        guard case .message(let message) = analyzer.analyze(event) else {
            Issue.record("expected a message event")
            return
        }
        #expect(message.resolution?.closeCode == 1003)
        #expect(message.findings.map(\.code) == ["binary-frame"])
    }

    @Test("analyzing already analyzed events replaces findings instead of duplicating them")
    func idempotent() throws {
        let events = [
            Self.connect("c1", query: "k=a+b"), Self.connect("c2", query: "k=a%2Bb"),
            Self.clientText("c1", #"{"action":"setName"}"#),
        ]
        var first = try SessionAnalyzer(configuration: SessionAnalyzerConfiguration(routes: Self.chat))
        let once = first.analyze(events)
        var second = try SessionAnalyzer(configuration: SessionAnalyzerConfiguration(routes: Self.chat))
        #expect(second.analyze(once) == once)
    }

    @Test("findings from elsewhere are kept")
    func keepsForeignFindings() throws {
        var analyzer = try SessionAnalyzer()
        let foreign = Finding(code: "capture-gap", severity: .warning, message: "bytes missing")
        let event = SessionEvent.connect(
            ConnectEvent(time: Self.time, connection: "c1", path: "/prod", rawQuery: "k=a+b", findings: [foreign]))
        guard case .connect(let connect) = analyzer.analyze(event) else {
            Issue.record("expected a connect event")
            return
        }
        #expect(connect.findings.first == foreign)
        #expect(connect.findings.count == 2)
    }

    /// The analyzer keeps resolutions that depend on the selected value alone and reuses them; every message must
    /// still resolve exactly as the resolver resolves it on its own.
    @Test(
        "a message resolves the same whether or not an earlier one selected the same value",
        arguments: [
            RouteConfiguration(expression: "$request.body.action", routeKeys: ["sendmessage", "$default"]),
            RouteConfiguration(expression: "$request.body.action", routeKeys: ["sendmessage"]),
            RouteConfiguration(expression: "$request.body.action", routeKeys: []),
            RouteConfiguration(expression: "${request.body.a}/${request.body.b}", routeKeys: ["x/y"]),
            RouteConfiguration(expression: "static", routeKeys: []),
        ])
    func reusedResolutions(routes: RouteConfiguration) throws {
        let resolver = try RouteResolver(configuration: routes)
        var analyzer = try SessionAnalyzer(configuration: SessionAnalyzerConfiguration(routes: routes))
        let ids = ["c1": ConnectionID(rawValue: "R1kmxc2VNjMCFIA="), "c2": ConnectionID(rawValue: "R1kmxc2VNjMCFIB=")]
        for (label, id) in ids.sorted(by: { $0.key < $1.key }) {
            _ = analyzer.analyze(
                .connect(ConnectEvent(time: Self.time, connection: label, connectionID: id, path: "/p")))
        }
        var generator = SystemRandomNumberGenerator()
        // The same value with and without a route key in another property (a hint read from the body).
        let bodies = [
            #"{"action":"zzz"}"#, #"{"action":"zzz","other":"sendmessage"}"#,
            // Equal as Swift strings, not in bytes: é as one scalar, and as e with a combining accent.
            "{\"action\":\"caf\u{E9}\"}", "{\"action\":\"cafe\u{301}\"}",
            #"{"action":"sendmessage"}"#, #"{"action":"sendMessage"}"#, #"{"action":"$connect"}"#,
            #"{"Action":"sendmessage"}"#, #"{"a":"x","b":"y"}"#, #"{"a":"x"}"#, "not json", "[1]",
            #"{"action":" sendmessage"}"#, #"{"action":7}"#,
        ]
        // Repeats of a few bodies, then more distinct values than the analyzer keeps.
        let texts =
            (0..<200).map { _ in bodies.randomElement(using: &generator)! }
            + (0..<(2 * 256 + 10)).map { #"{"action":"key-\#($0 % 300)","a":"x","b":"\#($0)"}"# }
        for text in texts {
            // Either connection: a Forbidden reply names the connection's id.
            let label = Bool.random(using: &generator) ? "c1" : "c2"
            guard case .message(let message) = analyzer.analyze(Self.clientText(label, text)) else {
                Issue.record("expected a message event")
                return
            }
            let alone = resolver.resolve(payload: Array(text.utf8), opcode: .text, connectionID: ids[label])
            #expect(message.resolution == alone, "\(text)")
            #expect(Array((message.resolution?.value ?? "-").utf8) == Array((alone.value ?? "-").utf8), "\(text)")
            #expect(Array((message.resolution?.explanation ?? "").utf8) == Array(alone.explanation.utf8), "\(text)")
        }
    }
}
