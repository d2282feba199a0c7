import GatewireCore
import Testing

@Suite struct GatewayTroubleTests {
    private typealias F = DiagnosisFixtures

    private static func kinds(_ report: DiagnosisReport) -> [GatewayTrouble.Kind] {
        report.gatewayTrouble.map(\.kind)
    }

    @Test("binary messages from a client are trouble once per connection, counted, and the 1003 close with them")
    func binaryFrame() throws {
        let report = try F.diagnose([
            F.connect("c1"), F.clientBinary("c1", bytes: 4, at: 1), F.clientBinary("c1", bytes: 9, at: 2),
            F.close("c1", code: 1003, from: .server, at: 3),
        ])
        #expect(Self.kinds(report) == [.binaryFrame, .abnormalClose])
        let binary = report.gatewayTrouble[0]
        #expect(binary.count == 2)
        #expect(binary.size == 9)
        #expect(binary.severity == .error)
        #expect(binary.time == F.time(1))
        #expect(binary.message.contains("1003"))
        let close = report.gatewayTrouble[1]
        #expect(close.closeCode == 1003)
        #expect(close.message.hasPrefix("The server closed with 1003 unsupported data"))
    }

    @Test("a binary message from the server is no trouble: the gateway only refuses binary from clients")
    func serverBinary() throws {
        let report = try F.diagnose([
            F.connect("c1"),
            .message(
                MessageEvent(
                    time: F.time(1), connection: "c1", direction: .server, opcode: .binary, payload: [1, 2],
                    largestFrameSize: 2)),
        ])
        #expect(report.gatewayTrouble.isEmpty)
    }

    @Test("a 403 handshake on a stage the API does not have is rejected, and says which stage exists")
    func forbiddenHandshake() throws {
        let report = try F.diagnose([F.connect("c1", path: "/dev", status: 403, at: 1)], routes: F.chat)
        let trouble = try #require(report.gatewayTrouble.first)
        #expect(trouble.kind == .handshakeRejected)
        #expect(trouble.status == 403)
        #expect(trouble.severity == .error)
        #expect(trouble.message.hasPrefix("The handshake for `/dev` was answered 403, not 101"))
        #expect(trouble.message.contains("prod"))
        #expect(report.summary.connections == 1)
    }

    @Test(
        "closes that mean something broke are trouble; ordinary and application closes are not",
        arguments: [
            (UInt16(1011), true), (1009, true), (1002, true), (1000, false), (1001, false), (4000, false),
        ])
    func closes(code: UInt16, abnormal: Bool) throws {
        let report = try F.diagnose([F.connect("c1"), F.close("c1", code: code, from: .server, at: 1)])
        #expect(Self.kinds(report) == (abnormal ? [.abnormalClose] : []))
        #expect(report.gatewayTrouble.first?.closeCode == (abnormal ? code : nil))
    }

    @Test("a close Gatewire injected is told as its doing, not blamed on the gateway; dropped messages are not counted")
    func injectedFault() throws {
        let report = try F.diagnose([
            F.connect("c1"), F.clientText("c1", #"{"action":"a"}"#, at: 1),
            .message(
                MessageEvent(
                    time: F.time(2), connection: "c1", direction: .client, opcode: .text,
                    payload: Array(#"{"action":"b"}"#.utf8), intervention: Intervention(.dropped, by: "rule r1"))),
            .close(
                CloseEvent(
                    time: F.time(3), connection: "c1", direction: .server,
                    info: CloseInfo(code: 1009, reason: "Message too big", initiator: .server),
                    intervention: Intervention(.injected, by: "fault message-too-large"))),
        ])
        let close = try #require(report.gatewayTrouble.first)
        #expect(close.kind == .abnormalClose)
        #expect(close.severity == .info)
        #expect(close.message.hasSuffix("Gatewire sent this close itself (fault message-too-large), not the gateway."))
        #expect(report.summary.clientMessages == 1)
    }

    @Test("a connection that ends without a close frame is 1006, except in a HAR, which records no close frames")
    func noCloseFrame() throws {
        let events = [F.connect("c1"), F.close("c1", from: nil, at: 1)]
        let proxied = try F.diagnose(events)
        #expect(Self.kinds(proxied) == [.abnormalClose])
        #expect(proxied.gatewayTrouble.first?.closeCode == 1006)
        #expect(proxied.gatewayTrouble.first?.severity == .warning)
        #expect(try F.diagnose(events, source: .har).gatewayTrouble.isEmpty)
    }

    @Test("in a capture, a frameless close is judged only if the capture goes on after it")
    func captureEnd() throws {
        let report = try F.diagnose(
            [
                F.connect("c1"), F.connect("c2"), F.close("c1", from: nil, at: 1), F.clientText("c2", "hi", at: 2),
                F.close("c2", from: nil, at: 3),
            ], source: .capture)
        #expect(report.gatewayTrouble.map(\.connection.name) == ["c1"])
        #expect(report.gatewayTrouble.first?.closeCode == 1006)
        #expect(
            report.notes.first
                == "session.jsonl: 1 connection was still open when the capture ended, so how it ended is unknown.")
    }

    @Test(
        "the longest silence is judged against the 10-minute idle timeout: near it from 9 minutes, past it after 10",
        arguments: [
            (480.0, nil), (540.0, GatewayTrouble.Kind.idleNearLimit), (570.0, .idleNearLimit), (660.0, .idleTimeout),
        ])
    func idle(gap: Double, kind: GatewayTrouble.Kind?) throws {
        let report = try F.diagnose([
            F.connect("c1"), F.clientText("c1", "a", at: 10), F.serverText("c1", "b", at: 10 + gap),
            F.close("c1", at: 20 + gap), F.close("c1", from: .server, at: 20 + gap),
        ])
        #expect(report.gatewayTrouble.map(\.kind) == (kind.map { [$0] } ?? []))
        if kind != nil {
            #expect(report.gatewayTrouble.first?.seconds == gap)
            #expect(report.gatewayTrouble.first?.time == F.time(10))
            #expect(report.gatewayTrouble.first?.severity == (kind == .idleTimeout ? .error : .warning))
        }
    }

    @Test("a connection close to the 2-hour maximum is trouble, and past it too")
    func duration() throws {
        var events: [SessionEvent] = [F.connect("c1")]
        // Keep-alives every 5 minutes for 1 h 50 min, so only the duration is near a limit.
        for minute in stride(from: 5, through: 110, by: 5) {
            events.append(F.clientText("c1", "ping", at: Double(minute) * 60))
        }
        let near = try F.diagnose(events)
        #expect(Self.kinds(near) == [.durationNearLimit])
        #expect(near.gatewayTrouble.first?.seconds == 6600)
        for minute in stride(from: 115, through: 125, by: 5) {
            events.append(F.clientText("c1", "ping", at: Double(minute) * 60))
        }
        #expect(Self.kinds(try F.diagnose(events)) == [.durationExceeded])
    }

    @Test("frames over 32 KB and messages over 128 KB are trouble; a large message in small frames is not")
    func sizes() throws {
        let report = try F.diagnose([
            F.connect("c1"), F.clientLarge("c1", size: 40_000, frameSize: 40_000, at: 1),
            F.clientLarge("c1", size: 100_000, frameSize: 32_768, at: 2),
            F.clientLarge("c1", size: 140_000, frameSize: 32_768, at: 3),
        ])
        #expect(Self.kinds(report) == [.frameTooLarge, .messageTooLarge])
        #expect(report.gatewayTrouble.map(\.size) == [40_000, 140_000])
    }

    @Test("a protocol violation on a connection is trouble; a gap in a capture is only a note")
    func errors() throws {
        let report = try F.diagnose([
            F.connect("c1"),
            .error(
                ErrorEvent(
                    time: F.time(1), connection: "c1", side: .client, code: "unmasked-client-frame",
                    message: "The client sent an unmasked frame.", closeCode: 1002)),
            .error(ErrorEvent(time: F.time(2), connection: "c1", code: "capture-gap-missing", message: "Bytes lost.")),
        ])
        #expect(Self.kinds(report) == [.protocolError])
        #expect(report.gatewayTrouble.first?.code == "unmasked-client-frame")
        #expect(report.notes == ["session.jsonl: c1: capture-gap-missing: Bytes lost."])
    }
}
