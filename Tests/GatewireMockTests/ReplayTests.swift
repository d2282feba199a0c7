import Foundation
import GatewireCore
import Testing

@testable import GatewireMock

@Suite("Replaying a recording to live clients")
struct ReplayTests {
    private static let time = Timestamp(microsecondsSinceEpoch: 1_700_000_000_000_000)

    private static func at(_ seconds: Double) -> Timestamp { time.adding(seconds: seconds) }

    @Test("a recording becomes per-connection steps with their spacing; only the first close counts")
    func scriptFromEvents() {
        let events: [SessionEvent] = [
            .connect(
                ConnectEvent(time: Self.at(0), connection: "c1", path: "/prod", rawQuery: "a=1", subprotocol: "p")),
            .message(MessageEvent(time: Self.at(0.5), connection: "c1", direction: .client, text: "hi")),
            .control(ControlEvent(time: Self.at(0.6), connection: "c1", direction: .client, opcode: .ping)),
            .message(MessageEvent(time: Self.at(0.75), connection: "c1", direction: .server, text: "yo")),
            .connect(ConnectEvent(time: Self.at(1), connection: "c2", path: "/prod", status: 401)),
            .close(
                CloseEvent(
                    time: Self.at(2), connection: "c1", direction: .server,
                    info: CloseInfo(code: 1001, reason: "bye", initiator: .server))),
            .close(
                CloseEvent(
                    time: Self.at(2.1), connection: "c1", direction: .client,
                    info: CloseInfo(code: 1001, initiator: .server))),
        ]
        let script = ReplayScript(events: events)
        #expect(script.connections.map(\.label) == ["c1", "c2"])
        #expect(script.connections[0].rawQuery == "a=1")
        #expect(script.connections[0].subprotocol == "p")
        #expect(script.connections[1].status == 401)
        #expect(script.connections[1].startOffset == 1)
        #expect(
            script.connections[0].steps == [
                .client(opcode: .text, payload: Array("hi".utf8), delay: 0.5),
                .server(opcode: .text, payload: Array("yo".utf8), delay: 0.25),
                .serverClose(code: 1001, reason: "bye", delay: 1.25),
            ])
        #expect(script.stages == ["prod"])
    }

    @Test("where Gatewire intervened, the client and the backend each replay what they sent and what reached them")
    func interventionsByPerspective() {
        func message(_ direction: Direction, _ text: String, _ mark: Intervention?) -> SessionEvent {
            .message(
                MessageEvent(
                    time: Self.at(0.5), connection: "c1", direction: direction, opcode: .text,
                    payload: Array(text.utf8), intervention: mark))
        }
        let events: [SessionEvent] = [
            .connect(ConnectEvent(time: Self.at(0), connection: "c1", path: "/prod")),
            message(.client, "dropped", Intervention(.dropped, by: "rule r1")),
            message(.client, "original", Intervention(.rewritten, by: "rule r2")),
            message(.client, "rewrite", Intervention(.injected, by: "rule r2")),
            message(.client, "held", Intervention(.held, by: "breakpoint r3")),
            message(.client, "released", Intervention(.released, by: "control")),
            message(.server, "reply", nil),
            message(.server, "pushed", Intervention(.injected, by: "control")),
            message(.server, "lost", Intervention(.dropped, by: "rule r4")),
        ]
        func texts(_ perspective: ReplayScript.Perspective) -> [String] {
            ReplayScript(events: events, perspective: perspective).connections[0].steps.compactMap { step in
                switch step {
                case .client(_, let payload, _): "→" + String(decoding: payload, as: UTF8.self)
                case .server(_, let payload, _): "←" + String(decoding: payload, as: UTF8.self)
                default: nil
                }
            }
        }
        // The client sent all it sent and got the reply and the push, not the message dropped on its way.
        #expect(texts(.client) == ["→dropped", "→original", "→held", "←reply", "←pushed"])
        // The backend got the rewrite and the released message, and sent the reply and the message that was dropped.
        #expect(texts(.backend) == ["→rewrite", "→released", "←reply", "←lost"])
    }

    @Test("a live client's deviation reads as a diff with the differing JSON members")
    func diff() throws {
        let diff = try #require(
            MessageDiff.compare(
                expected: (.text, Array(#"{"action":"join","room":"a"}"#.utf8)),
                actual: (.text, Array(#"{"action":"join","room":"b"}"#.utf8))))
        #expect(diff.offset == 25)
        #expect(diff.memberChanges == [#"room: "a" → "b""#])
        #expect(diff.description.contains("expected: {\"action\":\"join\",\"room\":\"a\"}"))
        #expect(MessageDiff.compare(expected: (.text, [1]), actual: (.text, [1])) == nil)
    }

    /// Records a session against the mock with the Python integration, through the recording format.
    private static func recordSession(plan: [[String: Any]]) async throws -> (Recording, ClientReport) {
        var report: ClientReport?
        let (_, session) = try await IntegrationTests.withHandler { harness in
            report = try await PythonPeer.client(["url": harness.url(path: "?user=ann"), "steps": plan])
        }
        let header = RecordingHeader(
            creator: .init(name: "gatewire", version: "test"), startedAt: session.first?.time ?? Self.time,
            source: .mock)
        var writer = try RecordingWriter(output: InMemoryRecordingOutput(), header: header)
        try writer.write(contentsOf: session)
        try writer.close()
        let recording = try RecordingReader().read(writer.output.data)
        return (recording, try #require(report))
    }

    private static var plan: [[String: Any]] {
        [
            ["send": #"{"action":"sendmessage","data":"one"}"#], ["recv": 5],
            ["send": "two"], ["recv": 5],
            ["send": #"{"action":"boom"}"#], ["recv": 5],
            ["close": 1000],
        ]
    }

    @Test("recorded with an integration, replayed to a fresh client: the same server messages, byte for byte")
    func roundTrip() async throws {
        let (recording, original) = try await Self.recordSession(plan: Self.plan)
        #expect(original.received.count == 3)
        let script = ReplayScript(events: recording.events)
        let harness = try await GatewayHarness(
            MockGatewayConfiguration(
                stages: script.stages, backend: .replay(script, ReplayOptions(speed: nil))))
        let replayed = try await PythonPeer.client(["url": harness.url(path: "?user=ann"), "steps": Self.plan])
        let events = await harness.finish()
        #expect(replayed.received == original.received)
        #expect(replayed.close?.code == 1000)
        #expect(!events.contains { if case .error(let e) = $0 { e.code.hasPrefix("replay") } else { false } })
    }

    @Test("a client that deviates gets a diff; with --strict it is closed with 1008")
    func deviation() async throws {
        let (recording, _) = try await Self.recordSession(plan: Self.plan)
        let script = ReplayScript(events: recording.events)
        var deviating = Self.plan
        deviating[2] = ["send": "three"]
        for strict in [false, true] {
            let harness = try await GatewayHarness(
                MockGatewayConfiguration(
                    stages: script.stages, backend: .replay(script, ReplayOptions(speed: nil, strict: strict))))
            let report = try await PythonPeer.client(["url": harness.url(path: "?user=ann"), "steps": deviating])
            let events = await harness.finish()
            let mismatch = try #require(
                events.compactMap { if case .error(let e) = $0, e.code == "replay-mismatch" { e } else { nil } }.first)
            #expect(mismatch.message.contains("expected: two"))
            #expect(mismatch.message.contains("received: three"))
            if strict {
                #expect(report.close?.code == 1008)
                #expect(report.received.count == 1)
            } else {
                #expect(report.received.count == 3)
            }
        }
    }

    @Test("original spacing is kept unless a speed is given")
    func spacing() async throws {
        let script = ReplayScript(connections: [
            ReplayScript.Connection(
                label: "c1", path: "/prod", rawQuery: nil,
                steps: [
                    .client(opcode: .text, payload: Array("go".utf8), delay: 0),
                    .server(opcode: .text, payload: Array("late".utf8), delay: 4),
                    .serverClose(code: 4000, reason: "done", delay: 0),
                ])
        ])
        // Speed 4 (1 s) must stay below speed 1's 4 s; the rest is room for a busy machine, where tests run side by
        // side and a scheduling stall of more than a second has been seen.
        for (speed, minimum, maximum) in [(1.0, 3.95, 8.0), (4.0, 0.95, 3.5)] {
            let harness = try await GatewayHarness(
                MockGatewayConfiguration(
                    backend: .replay(script, ReplayOptions(speed: speed))))
            let report = try await PythonPeer.client([
                "url": harness.url(), "steps": [["send": "go"], ["recv": 10], ["wait_close": 10]],
            ])
            let events = await harness.finish()
            #expect(report.received == ["late"])
            #expect(report.close?.code == 4000)
            let client = try #require(
                events.first { if case .message(let e) = $0 { e.direction == .client } else { false } })
            let server = try #require(
                events.first { if case .message(let e) = $0 { e.direction == .server } else { false } })
            let gap = server.time.secondsSinceEpoch - client.time.secondsSinceEpoch
            #expect(gap >= minimum && gap < maximum, "speed \(speed): \(gap) s")
        }
    }

    @Test("a recorded binary message and the gateway's 1003 close replay without a missing-message report")
    func binaryFrameClose() async throws {
        let move = Array(#"{"type":"move","cell":2}"#.utf8)
        let script = ReplayScript(connections: [
            ReplayScript.Connection(
                label: "c1", path: "/prod", rawQuery: nil,
                steps: [
                    .client(opcode: .binary, payload: move, delay: 0),
                    .serverClose(code: 1003, reason: "Binary frames are not supported", delay: 0),
                ])
        ])
        let harness = try await GatewayHarness(
            MockGatewayConfiguration(backend: .replay(script, ReplayOptions(speed: nil))))
        let report = try await PythonPeer.client([
            "url": harness.url(),
            "steps": [["send_binary_hex": move.map { String(format: "%02x", $0) }.joined()], ["wait_close": 5]],
        ])
        let events = await harness.finish()
        #expect(report.close?.code == 1003)
        let replayErrors = events.compactMap {
            if case .error(let e) = $0, e.code.hasPrefix("replay") { e } else { nil }
        }
        #expect(replayErrors.isEmpty, "\(replayErrors.map(\.message))")
    }

    @Test("a recorded handshake rejection replays as the same status")
    func rejectedHandshake() async throws {
        let script = ReplayScript(connections: [
            ReplayScript.Connection(label: "c1", path: "/prod", rawQuery: "token=bad", status: 401, steps: [])
        ])
        let harness = try await GatewayHarness(MockGatewayConfiguration(backend: .replay(script, ReplayOptions())))
        let report = try await PythonPeer.client(["url": harness.url(path: "?token=bad")])
        let second = try await PythonPeer.client(["url": harness.url()])
        _ = await harness.finish()
        #expect(report.status == 401)
        #expect(second.status == 403)
    }
}
