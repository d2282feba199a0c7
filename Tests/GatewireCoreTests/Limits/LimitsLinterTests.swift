import GatewireCore
import Testing

@Suite struct LimitsLinterTests {
    private let start = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000)

    private func at(seconds: Double) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: start.microsecondsSinceEpoch + Int64(seconds * 1_000_000))
    }

    private func connect(_ linter: inout LimitsLinter) {
        _ = linter.findings(for: .connect(ConnectEvent(time: start, connection: "c1", path: "/prod")))
    }

    private func message(
        _ direction: Direction, opcode: Opcode = .text, size: Int, largestFrame: Int? = nil, at seconds: Double = 1
    ) -> SessionEvent {
        .message(
            MessageEvent(
                time: at(seconds: seconds), connection: "c1", direction: direction, opcode: opcode,
                payload: [UInt8](repeating: 0x61, count: size), largestFrameSize: largestFrame ?? size))
    }

    @Test("a small text message from the client is clean")
    func clean() {
        var linter = LimitsLinter()
        connect(&linter)
        #expect(linter.findings(for: message(.client, size: 100)).isEmpty)
    }

    @Test("a client binary message is closed with 1003")
    func binary() {
        var linter = LimitsLinter()
        connect(&linter)
        let codes = linter.findings(for: message(.client, opcode: .binary, size: 10)).map(\.code)
        #expect(codes == ["binary-frame"])
        #expect(linter.findings(for: message(.server, opcode: .binary, size: 10)).isEmpty)
    }

    @Test("frame limit is 32 KB: one byte over fires, exactly at the limit does not")
    func frameLimit() {
        var linter = LimitsLinter()
        connect(&linter)
        #expect(linter.findings(for: message(.client, size: 32768)).isEmpty)
        #expect(linter.findings(for: message(.client, size: 32769)).map(\.code) == ["frame-too-large"])
    }

    @Test("message limit is 128 KB across fragments")
    func messageLimit() {
        var linter = LimitsLinter()
        connect(&linter)
        #expect(linter.findings(for: message(.client, size: 131_072, largestFrame: 32768)).isEmpty)
        let findings = linter.findings(for: message(.server, size: 131_073, largestFrame: 32768))
        #expect(findings.map(\.code) == ["message-too-large"])
        #expect(findings.first?.message.contains("413") == true)
    }

    @Test("silence past ten minutes is reported once on the next event")
    func idle() {
        var linter = LimitsLinter()
        connect(&linter)
        #expect(linter.findings(for: message(.client, size: 1, at: 599)).isEmpty)
        #expect(linter.findings(for: message(.client, size: 1, at: 1200)).map(\.code) == ["idle-timeout"])
        #expect(linter.findings(for: message(.client, size: 1, at: 1201)).isEmpty)
    }

    @Test("traffic past two hours is reported once")
    func lifetime() {
        var linter = LimitsLinter()
        connect(&linter)
        var seconds = 0.0
        var codes: [String] = []
        while seconds < 7500 {
            seconds += 300
            codes += linter.findings(for: message(.client, size: 1, at: seconds)).map(\.code)
        }
        #expect(codes == ["connection-duration-exceeded"])
    }

    private func close(at seconds: Double) -> SessionEvent {
        .close(
            CloseEvent(
                time: at(seconds: seconds), connection: "c1", direction: .client,
                info: CloseInfo(code: 1000, initiator: .client)))
    }

    @Test(
        "a close ends the connection's timing: later events of the id are not timed against it, a reconnect starts anew"
    )
    func closeAndReconnect() {
        var linter = LimitsLinter()
        connect(&linter)
        // The close itself is still checked against the connection's last activity.
        #expect(linter.findings(for: close(at: 700)).map(\.code) == ["idle-timeout"])
        // After the close, the id has no connect time and no last activity.
        #expect(linter.findings(for: message(.client, size: 1, at: 8000)).isEmpty)
        // A second connection with the same id is timed from its own connect, and its duration is reported again.
        var reconnected = LimitsLinter()
        connect(&reconnected)
        #expect(
            reconnected.findings(for: message(.client, size: 1, at: 7300)).map(\.code).contains(
                "connection-duration-exceeded"))
        _ = reconnected.findings(for: close(at: 7301))
        connect(&reconnected)
        #expect(reconnected.findings(for: message(.client, size: 1, at: 599)).isEmpty)
        #expect(
            reconnected.findings(for: message(.client, size: 1, at: 7300)).map(\.code) == [
                "idle-timeout", "connection-duration-exceeded",
            ])
    }

    @Test("events of a connection never seen connecting are timed from the first of them, for idleness only")
    func noConnect() {
        var linter = LimitsLinter()
        #expect(linter.findings(for: message(.client, size: 1, at: 1)).isEmpty)
        #expect(linter.findings(for: message(.client, size: 1, at: 8000)).map(\.code) == ["idle-timeout"])
        #expect(linter.findings(for: close(at: 8001)).isEmpty)
        #expect(linter.findings(for: message(.client, size: 1, at: 9000)).isEmpty)
    }
}
