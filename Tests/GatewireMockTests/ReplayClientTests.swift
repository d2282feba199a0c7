import Foundation
import GatewireCore
import Testing

@testable import GatewireMock

@Suite("Client-side replay against a live backend")
struct ReplayClientTests {
    private static var plan: [[String: Any]] {
        [
            ["send": #"{"action":"sendmessage","data":"one"}"#], ["recv": 5],
            ["send": "two"], ["recv": 5],
            ["close": 1000],
        ]
    }

    @Test("a backend that answers as recorded matches; one that answers differently shows the differing message")
    func matchAndDiffer() async throws {
        // Record a session with a Python client against the mock and its Python integration.
        var report: ReplayClient.Report?
        let (_, recorded) = try await IntegrationTests.withHandler { harness in
            _ = try await PythonPeer.client(["url": harness.url(path: "?user=ann"), "steps": Self.plan])
        }
        let script = ReplayScript(events: recorded)
        #expect(script.connections.count == 1)

        // The same kind of live backend (a fresh mock with the same integration) driven by the recording.
        _ = try await IntegrationTests.withHandler { harness in
            let client = ReplayClient(
                configuration: .init(
                    host: "127.0.0.1", port: harness.gateway.port, speed: nil, replyTimeout: 5))
            report = await client.run(script)
        }
        let matching = try #require(report)
        #expect(matching.matched, "\(matching.differences)")
        #expect(matching.matchedMessages == 2)

        // A backend whose echo changed: the replay mock serving an edited recording.
        var edited = script
        edited.connections[0].steps = edited.connections[0].steps.map {
            if case .server(let opcode, let payload, let delay) = $0, payload == Array("echo:two".utf8) {
                return .server(opcode: opcode, payload: Array("echo:TWO".utf8), delay: delay)
            }
            return $0
        }
        let backend = try await GatewayHarness(
            MockGatewayConfiguration(
                stages: edited.stages, backend: .replay(edited, ReplayOptions(speed: nil))))
        let differing = await ReplayClient(
            configuration: .init(
                host: "127.0.0.1", port: backend.gateway.port, speed: nil, replyTimeout: 2)
        ).run(script)
        _ = await backend.finish()
        #expect(!differing.matched)
        let difference = try #require(differing.differences.first)
        #expect(difference.kind == "message-differs")
        #expect(difference.detail.contains("expected: echo:two"))
        #expect(difference.detail.contains("received: echo:TWO"))
    }

    @Test("a recorded Internal server error matches a live one although its connectionId and requestId differ")
    func gatewayErrorRepliesMatch() async throws {
        // `boom`'s integration fails: the gateway answers with its error frame, carrying the connection's id and
        // a fresh request id, which no replay can reproduce.
        let steps: [[String: Any]] = [["send": #"{"action":"boom"}"#], ["recv": 5], ["close": 1000]]
        let (_, recorded) = try await IntegrationTests.withHandler { harness in
            _ = try await PythonPeer.client(["url": harness.url(path: ""), "steps": steps])
        }
        let script = ReplayScript(events: recorded)
        let reply = script.connections.first?.steps.compactMap { step -> String? in
            if case .server(_, let payload, _) = step { return String(decoding: payload, as: UTF8.self) }
            return nil
        }.first
        #expect(reply?.hasPrefix(#"{"message": "Internal server error", "connectionId":""#) == true, "\(reply ?? "")")

        var lenient: ReplayClient.Report?
        var exact: ReplayClient.Report?
        _ = try await IntegrationTests.withHandler { harness in
            lenient = await ReplayClient(
                configuration: .init(host: "127.0.0.1", port: harness.gateway.port, speed: nil)
            ).run(script)
            exact = await ReplayClient(
                configuration: .init(host: "127.0.0.1", port: harness.gateway.port, speed: nil, ignoredFields: .none)
            ).run(script)
        }
        let matching = try #require(lenient)
        #expect(matching.matched, "\(matching.differences)")
        #expect(matching.matchedMessages == 1)
        let differing = try #require(exact)
        #expect(differing.differences.map(\.kind) == ["message-differs"])
        #expect(differing.differences.first?.detail.contains("connectionId: ") == true)
    }

    @Test("a backend that refuses the handshake is reported")
    func refused() async throws {
        let script = ReplayScript(connections: [
            ReplayScript.Connection(
                label: "c1", path: "/prod", rawQuery: nil,
                steps: [
                    .client(opcode: .text, payload: Array("hi".utf8), delay: 0)
                ])
        ])
        let backend = try await GatewayHarness(MockGatewayConfiguration(stages: ["other"]))
        let report = await ReplayClient(configuration: .init(host: "127.0.0.1", port: backend.gateway.port)).run(script)
        _ = await backend.finish()
        #expect(report.differences.map(\.kind) == ["handshake"])
        #expect(report.differences.first?.detail.contains("received: HTTP 403") == true)
    }
}
