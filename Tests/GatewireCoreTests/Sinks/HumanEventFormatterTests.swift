import GatewireCore
import Testing

@Suite struct HumanEventFormatterTests {
    private let time = Timestamp(microsecondsSinceEpoch: 1_722_541_075_612_063)

    @Test("a client message shows time, label, arrow, opcode, size, preview and route with its reason")
    func clientMessage() {
        let resolution = RouteResolution(
            outcome: .fellToDefault, reason: .noSuchKey, expression: "$request.body.action", value: "sendMessage",
            routeKey: "$default", explanation: "",
            hints: [NearMissHint(kind: .caseOnly, routeKey: "sendmessage", message: "")])
        let event = SessionEvent.message(
            MessageEvent(
                time: time, connection: "c2", direction: .client, text: "{\"action\":\"sendMessage\"}",
                resolution: resolution))
        #expect(
            HumanEventFormatter().line(for: event)
                == "19:37:55.612 c2 → text 24 B \"{\\\"action\\\":\\\"sendMessage\\\"}\" route $default "
                + "(no-such-key, did you mean sendmessage?)")
    }

    @Test("a connection that ends without a close frame says so")
    func abruptEnd() {
        let event = SessionEvent.close(
            CloseEvent(time: time, connection: "c1", direction: nil, info: CloseInfo(code: nil, initiator: nil)))
        #expect(HumanEventFormatter().line(for: event) == "19:37:55.612 c1 × connection ended without a close frame")
    }

    @Test("colour appears only when the style is on")
    func colour() {
        let event = SessionEvent.control(
            ControlEvent(time: time, connection: "c1", direction: .server, opcode: .pong, payload: [1]))
        #expect(!HumanEventFormatter().line(for: event).contains("\u{1B}["))
        #expect(HumanEventFormatter(style: TextStyle(enabled: true)).line(for: event).contains("\u{1B}["))
    }

    @Test("sizes are in gateway units", arguments: [(42, "42 B"), (32 * 1024, "32.0 KB"), (1_300_000, "1.2 MB")])
    func sizes(bytes: Int, text: String) {
        #expect(HumanEventFormatter.size(bytes) == text)
    }
}

@Suite struct EventFilterTests {
    private let time = Timestamp(microsecondsSinceEpoch: 0)

    @Test("filters by connection and direction, and never hides errors of a shown connection")
    func connectionAndDirection() {
        let filter = EventFilter(connections: ["c1"], direction: .server)
        let fromClient = SessionEvent.message(MessageEvent(time: time, connection: "c1", direction: .client, text: "a"))
        let fromServer = SessionEvent.message(MessageEvent(time: time, connection: "c1", direction: .server, text: "a"))
        let other = SessionEvent.message(MessageEvent(time: time, connection: "c2", direction: .server, text: "a"))
        let error = SessionEvent.error(ErrorEvent(time: time, connection: "c1", code: "x", message: "y"))
        #expect(!filter.shows(fromClient, line: ""))
        #expect(filter.shows(fromServer, line: ""))
        #expect(!filter.shows(other, line: ""))
        #expect(filter.shows(error, line: ""))
    }

    @Test("interventions only keeps the messages and closes Gatewire intervened in; hide keeps everything else")
    func interventions() {
        let relayed = SessionEvent.message(MessageEvent(time: time, connection: "c1", direction: .client, text: "a"))
        var message = MessageEvent(time: time, connection: "c1", direction: .client, text: "a")
        message.intervention = Intervention(.held, by: "breakpoint r1")
        let held = SessionEvent.message(message)
        let close = SessionEvent.close(
            CloseEvent(
                time: time, connection: "c1", direction: .server, info: CloseInfo(code: 1000, initiator: .server),
                intervention: Intervention(.injected, by: "control")))
        let error = SessionEvent.error(ErrorEvent(time: time, connection: "c1", code: "x", message: "y"))
        let only = EventFilter(interventions: .only)
        let hide = EventFilter(interventions: .hide)
        #expect([relayed, held, close, error].map { only.shows($0, line: "") } == [false, true, true, true])
        #expect([relayed, held, close, error].map { hide.shows($0, line: "") } == [true, false, false, true])
        #expect(!only.isEmpty)
    }

    @Test("filters by route key and text")
    func routeAndText() {
        let resolution = RouteResolution(
            outcome: .matched, reason: .matched, expression: "$request.body.action", value: "join", routeKey: "join",
            explanation: "")
        let join = SessionEvent.message(
            MessageEvent(time: time, connection: "c1", direction: .client, text: "{}", resolution: resolution))
        #expect(EventFilter(routeKeys: ["join"]).shows(join, line: ""))
        #expect(!EventFilter(routeKeys: ["move"]).shows(join, line: ""))
        #expect(EventFilter(text: "needle").shows(join, line: "a needle here"))
        #expect(!EventFilter(text: "needle").shows(join, line: "nothing"))
    }

    @Test("a minimum severity shows events with a finding at or above it, error events as errors, and nothing else")
    func minimumSeverity() {
        func message(_ severities: [Finding.Severity]) -> SessionEvent {
            .message(
                MessageEvent(
                    time: time, connection: "c1", direction: .client, text: "{}",
                    findings: severities.map { Finding(code: "x", severity: $0, message: "m") }))
        }
        let warnings = EventFilter(minimumSeverity: .warning)
        #expect(!warnings.shows(message([]), line: ""))
        #expect(!warnings.shows(message([.info]), line: ""))
        #expect(warnings.shows(message([.info, .warning]), line: ""))
        #expect(warnings.shows(message([.error]), line: ""))
        #expect(!EventFilter(minimumSeverity: .error).shows(message([.warning]), line: ""))
        let error = SessionEvent.error(ErrorEvent(time: time, connection: "c1", code: "x", message: "y"))
        #expect(EventFilter(minimumSeverity: .error).shows(error, line: ""))
        #expect(EventFilter.worstSeverity(of: message([.info, .error, .warning])) == .error)
    }
}
