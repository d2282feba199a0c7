import Foundation
import GatewireCore
import Testing

@testable import GatewireMock

/// Gateway faults injected into live mock connections over `POST /{stage}/@gatewire/faults/{id}`, observed by a
/// real Python `websockets` client and real boto3.
@Suite("Gateway faults injected into a live mock", .timeLimit(.minutes(2)))
struct MockFaultTests {
    /// An API with one echoing route, `echo` (its `data` comes back), and no `$default`.
    static func echoConfiguration(faults: [MockFaultRule] = []) -> MockGatewayConfiguration {
        MockGatewayConfiguration(
            routeKeys: ["echo"], backend: .echo(EchoSettings(routes: ["echo"], member: "data")), faults: faults)
    }

    /// Runs `fault_injection.py` against a harness with a plan of steps.
    static func inject(_ harness: GatewayHarness, _ steps: [[String: Any]]) async throws -> [String: Any] {
        try await PythonPeer.report(
            "fault_injection.py", [harness.url(), harness.gateway.managementEndpoint(stage: "prod")],
            input: try JSONSerialization.data(withJSONObject: steps), timeout: 60)
    }

    static func faultAnswers(_ report: [String: Any]) -> [[String: Any]] {
        report["faults"] as? [[String: Any]] ?? []
    }

    static func serverCloses(_ events: [SessionEvent]) -> [CloseEvent] {
        events.compactMap { if case .close(let e) = $0, e.direction == .server { e } else { nil } }
    }

    static func messages(_ events: [SessionEvent]) -> [MessageEvent] {
        events.compactMap { if case .message(let e) = $0 { e } else { nil } }
    }

    @Test(
        "a closing fault closes the client as the gateway's own limit does, and the close event is marked injected",
        arguments: [
            ("frame-too-large", 1009, ""), ("message-too-large", 1009, "Message too big"),
            ("idle-timeout", 1001, "Going away"), ("connection-duration", 1001, "Going away"),
        ])
    func closingFault(name: String, code: Int, reason: String) async throws {
        let harness = try await GatewayHarness(Self.echoConfiguration())
        let report = try await Self.inject(harness, [["fault": ["fault": name]], ["wait_close": 5]])
        let events = await harness.finish()

        let answer = try #require(Self.faultAnswers(report).first)
        #expect(answer["status"] as? Int == 202)
        let body = try #require(answer["body"] as? [String: Any])
        #expect(body["fault"] as? String == name)
        #expect(body["connectionId"] as? String == report["connection_id"] as? String)
        #expect(body["effect"] as? String == (reason.isEmpty ? "close \(code)" : "close \(code) \(reason)"))
        let close = try #require(report["close"] as? [String: Any], "\(report)")
        #expect(close["code"] as? Int == code)
        #expect(close["reason"] as? String == reason)

        let injected = try #require(Self.serverCloses(events).first)
        #expect(injected.info.code == UInt16(code))
        #expect(injected.intervention == Intervention(.injected, by: "fault \(name)"))
    }

    @Test("an injected close runs $disconnect; an error-frame fault keeps the message from the integration")
    func integrationSeesFaults() async throws {
        var report: [String: Any] = [:]
        let (handlerEvents, session) = try await IntegrationTests.withHandler(
            routeKeys: ["$connect", "$disconnect", "sendmessage"]
        ) { harness in
            report = try await Self.inject(
                harness,
                [
                    ["fault": ["fault": "internal-server-error"]],
                    ["send": #"{"action":"sendmessage","data":"one"}"#], ["recv": 5],
                    ["send": #"{"action":"sendmessage","data":"two"}"#], ["recv": 5],
                    ["fault": ["fault": "idle-timeout"]], ["wait_close": 5],
                ])
        }
        let id = try #require(report["connection_id"] as? String)
        let received = report["received"] as? [String] ?? []
        #expect(received.count == 2, "\(report)")
        #expect(received.first?.hasPrefix(#"{"message": "Internal server error", "connectionId":"\#(id)""#) == true)
        #expect(received.last == "pushed:two")

        let routed = handlerEvents.filter { IntegrationTests.context($0)["eventType"] as? String == "MESSAGE" }
        #expect(routed.map { $0["body"] as? String } == [#"{"action":"sendmessage","data":"two"}"#])
        let disconnect = try #require(
            handlerEvents.first { IntegrationTests.context($0)["eventType"] as? String == "DISCONNECT" })
        #expect(IntegrationTests.context(disconnect)["disconnectStatusCode"] as? Int == 1001)
        #expect(IntegrationTests.context(disconnect)["disconnectReason"] as? String == "Going away")
        #expect(
            Self.serverCloses(session).first?.intervention == Intervention(.injected, by: "fault idle-timeout"))
    }

    @Test(
        "forbidden and internal-server-error answer the next message with the gateway's exact frame; the next works",
        arguments: [GatewayFault.forbidden, .internalServerError])
    func errorFrame(fault: GatewayFault) async throws {
        let harness = try await GatewayHarness(Self.echoConfiguration())
        let report = try await Self.inject(
            harness,
            [
                ["fault": ["fault": fault.rawValue]],
                ["send": #"{"action":"echo","data":"one"}"#], ["recv": 5],
                ["send": #"{"action":"echo","data":"two"}"#], ["recv": 5],
            ])
        let events = await harness.finish()

        #expect(Self.faultAnswers(report).first?["status"] as? Int == 202)
        let id = try #require(report["connection_id"] as? String)
        let received = report["received"] as? [String] ?? []
        try #require(received.count == 2, "\(report)")
        let frame = try #require(
            try JSONSerialization.jsonObject(with: Data(received[0].utf8)) as? [String: String])
        let requestID = try #require(frame["requestId"])
        #expect(ConnectionID(rawValue: requestID).isGatewayShaped)
        #expect(
            received[0] == fault.errorFrame(connectionID: ConnectionID(rawValue: id), requestID: requestID))
        #expect(received[1] == "two")
        #expect(report["close"] is NSNull)

        let all = Self.messages(events)
        let dropped = try #require(all.first { $0.text == #"{"action":"echo","data":"one"}"# })
        #expect(dropped.intervention == Intervention(.dropped, by: "fault \(fault.rawValue)"))
        let sent = try #require(all.first { $0.text == received[0] })
        #expect(sent.direction == .server)
        #expect(sent.intervention == Intervention(.injected, by: "fault \(fault.rawValue)"))
        #expect(all.first { $0.text == "two" }?.intervention == nil)
    }

    @Test("gone and throttled answer the next @connections calls as boto3's GoneException and LimitExceededException")
    func managementFaults() async throws {
        let harness = try await GatewayHarness(Self.echoConfiguration())
        let report = try await Self.inject(
            harness,
            [
                ["fault": ["fault": "gone", "count": 2]],
                ["boto": "post", "data": "lost"], ["boto": "get"], ["boto": "post", "data": "first"], ["recv": 5],
                ["fault": ["fault": "throttled"]],
                ["boto": "post", "data": "throttled"], ["boto": "post", "data": "second"], ["recv": 5],
            ])
        let events = await harness.finish()

        let answers = Self.faultAnswers(report)
        #expect(answers.map { $0["status"] as? Int } == [202, 202])
        #expect(answers.first?["body"] as? [String: Any] != nil)
        #expect(
            (answers.first?["body"] as? [String: Any])?["effect"] as? String
                == "the next 2 @connections calls answer 410 GoneException")
        let calls = try #require(report["calls"] as? [[String: Any]])
        try #require(calls.count == 5, "\(report)")
        for gone in calls[0...1] {
            #expect(gone["status"] as? Int == 410)
            #expect(gone["code"] as? String == "GoneException")
            #expect(gone["exception"] as? String == "GoneException")
        }
        #expect(calls[2]["ok"] as? Bool == true)
        #expect(calls[3]["status"] as? Int == 429)
        #expect(calls[3]["code"] as? String == "LimitExceededException")
        #expect(calls[3]["exception"] as? String == "LimitExceededException")
        #expect(calls[3]["message"] as? String == "Too Many Requests")
        #expect(calls[4]["ok"] as? Bool == true)
        #expect(report["received"] as? [String] == ["first", "second"])

        let dropped = Self.messages(events).filter { $0.intervention?.kind == .dropped }
        #expect(dropped.map(\.text) == ["lost", "throttled"])
        #expect(dropped.map(\.intervention?.by) == ["fault gone", "fault throttled"])
    }

    @Test("afterSeconds schedules the fault: nothing happens before it, the close comes after it")
    func scheduled() async throws {
        let harness = try await GatewayHarness(Self.echoConfiguration())
        let report = try await Self.inject(
            harness, [["fault": ["fault": "idle-timeout", "afterSeconds": 0.5]], ["quiet": 0.3], ["wait_close": 5]])
        let events = await harness.finish()

        let answer = try #require(Self.faultAnswers(report).first)
        #expect(answer["status"] as? Int == 202)
        #expect((answer["body"] as? [String: Any])?["afterSeconds"] as? Double == 0.5)
        #expect(report["quiet"] as? Bool == true)
        let close = try #require(report["close"] as? [String: Any], "\(report)")
        #expect(close["code"] as? Int == 1001)
        #expect((close["after_fault"] as? Double ?? 0) >= 0.45)
        #expect(Self.serverCloses(events).first?.intervention?.by == "fault idle-timeout")
    }

    @Test("bad fault requests answer 400, 404 (listing the faults) and 410, and the connection stays as it was")
    func badRequests() async throws {
        let harness = try await GatewayHarness(Self.echoConfiguration())
        let report = try await Self.inject(
            harness,
            [
                ["fault": ["raw": "{not json"]],
                ["fault": ["afterSeconds": 1]],
                ["fault": ["fault": "teapot"]],
                ["fault": ["fault": "idle-timeout"], "id": "AAAAAAAAAAAAAAA="],
                ["fault": ["fault": "idle-timeout", "afterSeconds": 9000]],
                ["fault": ["fault": "idle-timeout", "afterSeconds": "soon"]],
                ["fault": ["fault": "idle-timeout", "count": 2]],
                ["fault": ["fault": "gone", "count": 0]],
                ["send": #"{"action":"echo","data":"still open"}"#], ["recv": 5],
            ])
        _ = await harness.finish()

        let answers = Self.faultAnswers(report)
        try #require(answers.count == 8, "\(report)")
        let statuses = answers.map { $0["status"] as? Int }
        #expect(statuses == [400, 400, 404, 410, 400, 400, 400, 400])
        let messages = answers.map { ($0["body"] as? [String: Any])?["message"] as? String ?? "" }
        #expect(messages[0].contains("Not a fault request"))
        #expect(messages[1].contains(#""fault" is missing"#))
        #expect(messages[2] == "Unknown fault 'teapot'; faults: \(GatewayFault.names)")
        #expect(messages[2].contains("idle-timeout, connection-duration, forbidden"))
        #expect(answers[2]["error_type"] as? String == "NotFoundException")
        #expect(messages[3] == "Connection AAAAAAAAAAAAAAA= is gone")
        #expect(answers[3]["error_type"] as? String == "GoneException")
        #expect(messages[4] == "afterSeconds must be from 0 to 7200, got 9000.0")
        #expect(messages[5].contains(#""afterSeconds" has the wrong type"#))
        #expect(messages[6] == "count applies to gone and throttled only, not idle-timeout")
        #expect(messages[7] == "count must be from 1 to 1000000, got 0")
        #expect(report["received"] as? [String] == ["still open"])
    }

    @Test("faults set at start: every matching message, every Nth @connections call")
    func startRules() async throws {
        let harness = try await GatewayHarness(
            Self.echoConfiguration(faults: [
                MockFaultRule(fault: .forbidden, trigger: .route("echo")),
                MockFaultRule(fault: .throttled, trigger: .every(2)),
            ]))
        let report = try await Self.inject(
            harness,
            [
                ["send": #"{"action":"echo","data":"one"}"#], ["recv": 5],
                ["boto": "post", "data": "a"], ["recv": 5], ["boto": "post", "data": "b"],
                ["boto": "post", "data": "c"], ["recv": 5], ["boto": "get"],
            ])
        _ = await harness.finish()

        let id = try #require(report["connection_id"] as? String)
        let received = report["received"] as? [String] ?? []
        #expect(received.first?.hasPrefix(#"{"message": "Forbidden", "connectionId":"\#(id)""#) == true)
        #expect(Array(received.dropFirst()) == ["a", "c"])
        let calls = report["calls"] as? [[String: Any]] ?? []
        #expect(calls.map { $0["status"] as? Int } == [200, 429, 200, 429])
    }

    @Test("a closing fault set at start closes each connection that long after its handshake")
    func startCloseRule() async throws {
        let harness = try await GatewayHarness(
            Self.echoConfiguration(faults: [MockFaultRule(fault: .connectionDuration, trigger: .after(seconds: 1))]))
        let report = try await Self.inject(harness, [["wait_close": 30]])
        let events = await harness.finish()
        let close = try #require(report["close"] as? [String: Any], "\(report)")
        #expect(close["code"] as? Int == 1001 && close["reason"] as? String == "Going away")
        #expect(Self.serverCloses(events).first?.intervention?.by == "fault connection-duration")
    }

    @Test(
        "--fault values parse into rules; the wrong key, an unknown fault or a bad value is refused",
        arguments: [
            ("idle-timeout:after=5s", MockFaultRule(fault: .idleTimeout, trigger: .after(seconds: 5))),
            ("frame-too-large:after=500ms", MockFaultRule(fault: .frameTooLarge, trigger: .after(seconds: 0.5))),
            ("connection-duration:after=2m", MockFaultRule(fault: .connectionDuration, trigger: .after(seconds: 120))),
            ("message-too-large:after=1.5", MockFaultRule(fault: .messageTooLarge, trigger: .after(seconds: 1.5))),
            ("throttled:every=3", MockFaultRule(fault: .throttled, trigger: .every(3))),
            ("gone:every=1", MockFaultRule(fault: .gone, trigger: .every(1))),
            ("forbidden:route=sendmessage", MockFaultRule(fault: .forbidden, trigger: .route("sendmessage"))),
            ("internal-server-error:route=*", MockFaultRule(fault: .internalServerError, trigger: .route("*"))),
            ("teapot:after=1s", nil), ("idle-timeout", nil), ("idle-timeout:every=3", nil),
            ("idle-timeout:after=0s", nil), ("idle-timeout:after=3h", nil), ("idle-timeout:after=7201", nil),
            ("throttled:every=0", nil), ("throttled:every=x", nil), ("forbidden:route=", nil),
            ("gone:route=a", nil),
        ] as [(String, MockFaultRule?)])
    func parsing(text: String, expected: MockFaultRule?) {
        let parsed = try? MockFaultRule(parsing: text)
        #expect(parsed == expected)
    }

    @Test("added latency: messages reach the backend that much later, in order, and the connection works as before")
    func latency() async throws {
        var configuration = Self.echoConfiguration()
        configuration.latency = 0.5
        let harness = try await GatewayHarness(configuration)
        let report = try await Self.inject(
            harness,
            [
                ["send": #"{"action":"echo","data":"a"}"#], ["send": #"{"action":"echo","data":"b"}"#],
                ["quiet": 0.3], ["recv": 5], ["recv": 5],
            ])
        _ = await harness.finish()
        #expect(report["quiet"] as? Bool == true)
        #expect(report["received"] as? [String] == ["a", "b"])
    }
}
