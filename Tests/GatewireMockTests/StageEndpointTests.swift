import Foundation
import GatewireCore
import Testing

@testable import GatewireMock

@Suite("Stage WebSocket endpoint, with a real Python websockets client")
struct StageEndpointTests {
    @Test("an unmatched message without $default gets the Forbidden frame byte for byte and the connection stays open")
    func forbiddenFrame() async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["sendmessage"]))
        let report = try await PythonPeer.client([
            "url": harness.url(),
            "steps": [
                ["send": #"{"action":"nothing"}"#], ["recv": 5], ["send": "not json"], ["recv": 5], ["close": 1000],
            ],
        ])
        let events = await harness.finish()
        #expect(report.status == 101)
        #expect(report.received.count == 2)
        let connect = try #require(events.compactMap { if case .connect(let e) = $0 { e } else { nil } }.first)
        let id = try #require(connect.connectionID)
        #expect(id.isGatewayShaped)
        let frame = try #require(report.received.first)
        let prefix = #"{"message": "Forbidden", "connectionId":"\#(id.rawValue)", "requestId":""#
        #expect(frame.hasPrefix(prefix), "\(frame)")
        #expect(frame.hasSuffix(#""}"#))
        let requestID = String(frame.dropFirst(prefix.count).dropLast(2))
        #expect(ConnectionID(rawValue: requestID).isGatewayShaped)
        #expect(report.close?.code == 1000)
        let resolutions = events.compactMap {
            if case .message(let e) = $0, e.direction == .client { e.resolution } else { nil }
        }
        #expect(resolutions.map(\.outcome) == [.rejected, .rejected])
    }

    @Test("a message routed to a key or $default with no integration gets no reply")
    func routedWithoutIntegration() async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["sendmessage", "$default"]))
        let report = try await PythonPeer.client([
            "url": harness.url(),
            "steps": [["send": #"{"action":"sendmessage"}"#], ["send": "plain"], ["recv": 0.5]],
        ])
        let events = await harness.finish()
        #expect(report.received.isEmpty)
        #expect(report.error == "timeout")
        let keys = events.compactMap { if case .message(let e) = $0 { e.resolution?.routeKey } else { nil } }
        #expect(keys == ["sendmessage", "$default"])
    }

    @Test("a binary frame closes the connection with 1003")
    func binaryFrame() async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["$default"]))
        let report = try await PythonPeer.client([
            "url": harness.url(), "steps": [["send_binary_hex": "0102"], ["wait_close": 5]],
        ])
        let events = await harness.finish()
        #expect(report.close?.code == 1003)
        #expect(events.contains { if case .error(let e) = $0 { e.code == "binary-frame" } else { false } })
    }

    @Test("a frame above 32 KB closes the connection with 1009")
    func oversizedFrame() async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["$default"]))
        let report = try await PythonPeer.client([
            "url": harness.url(), "steps": [["send_repeat": ["a", 32 * 1024 + 1]], ["wait_close": 5]],
        ])
        _ = await harness.finish()
        #expect(report.close?.code == 1009)
    }

    @Test("a frame of exactly 32 KB and a fragmented 128 KB message pass")
    func limitsInclusive() async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["$default"]))
        let report = try await PythonPeer.client([
            "url": harness.url(),
            "steps": [
                ["send_repeat": ["b", 32 * 1024]], ["send_repeated_fragments": ["b", 32 * 1024, 4]], ["close": 1000],
            ],
        ])
        let events = await harness.finish()
        #expect(report.close?.code == 1000)
        let sizes = events.compactMap { if case .message(let e) = $0 { e.size } else { nil } }
        #expect(sizes == [32 * 1024, 128 * 1024])
    }

    @Test("a fragmented message above 128 KB closes the connection with 1009")
    func oversizedMessage() async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["$default"]))
        let report = try await PythonPeer.client([
            "url": harness.url(), "steps": [["send_repeated_fragments": ["c", 30_000, 5]], ["wait_close": 5]],
        ])
        let events = await harness.finish()
        #expect(report.close?.code == 1009)
        #expect(events.contains { if case .error(let e) = $0 { e.code == "message-too-large" } else { false } })
    }

    @Test(
        "a path that is not a stage is refused with 403, and the refusal is recorded",
        arguments: ["/other", "/prod/extra", "/"])
    func notAStage(path: String) async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(stages: ["prod"]))
        let url = "ws://127.0.0.1:\(harness.gateway.port)\(path)?k=v"
        let report = try await PythonPeer.client(["url": url])
        let events = await harness.finish()
        #expect(report.status == 403)
        let connect = try #require(events.compactMap { if case .connect(let e) = $0 { e } else { nil } }.first)
        #expect(connect.status == 403)
        #expect(connect.path == path)
        #expect(connect.rawQuery == "k=v")
        let error = try #require(events.compactMap { if case .error(let e) = $0 { e } else { nil } }.first)
        #expect(error.code == "no-such-stage")
        #expect(error.connection == connect.connection)
    }

    @Test("the idle limit, scaled down, closes a silent connection with 1001")
    func idleTimeout() async throws {
        // 600 s × 0.001 = 0.6 s idle; the 2 h lifetime becomes 7.2 s and does not interfere.
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["$default"], timeScale: 0.001))
        let report = try await PythonPeer.client(["url": harness.url(), "steps": [["wait_close": 10]]])
        let events = await harness.finish()
        #expect(report.close?.code == 1001)
        let opened = try #require(events.first { if case .connect = $0 { true } else { false } }?.time)
        let closed = try #require(events.first { if case .close = $0 { true } else { false } }?.time)
        let elapsed = closed.secondsSinceEpoch - opened.secondsSinceEpoch
        #expect(elapsed >= 0.6 && elapsed < 3, "closed after \(elapsed) s")
        #expect(events.contains { if case .error(let e) = $0 { e.code == "idle-timeout" } else { false } })
    }

    @Test("the lifetime limit, scaled down, closes a busy connection")
    func lifetime() async throws {
        // A lifetime of 3 s and an idle timeout of 2 s: messages every 0.2 s keep the connection active (with a
        // tenfold margin, for a loaded machine), the lifetime still ends it.
        var limits = GatewayLimits.apiGateway
        (limits.idleTimeout, limits.maxConnectionDuration) = (2, 3)
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["$default"], limits: limits))
        let steps: [[String: Any]] = Array(repeating: [["send": "x"], ["sleep": 0.2]], count: 25).flatMap { $0 }
        let report = try await PythonPeer.client(["url": harness.url(), "steps": steps + [["wait_close": 5]]])
        let events = await harness.finish()
        #expect(report.close?.code == 1001)
        #expect(events.contains { if case .error(let e) = $0 { e.code == "connection-lifetime" } else { false } })
    }

    @Test("the client's close code is echoed and recorded with its reason")
    func closeEcho() async throws {
        let harness = try await GatewayHarness(MockGatewayConfiguration(routeKeys: ["$default"]))
        let report = try await PythonPeer.client(["url": harness.url(), "steps": [["close": 4001, "reason": "bye"]]])
        let events = await harness.finish()
        #expect(report.close?.code == 4001)
        let closes = events.compactMap { if case .close(let e) = $0 { e } else { nil } }
        #expect(closes.first?.info == CloseInfo(code: 4001, reason: "bye", initiator: .client))
    }
}
