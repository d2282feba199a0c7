import Foundation
import GatewireCore
import GatewireProxy
import Testing

/// The proxy's control API against live proxied sessions, driven as a backend developer would: real boto3
/// (`apigatewaymanagementapi`) for `@connections`, plain HTTP for `/@gatewire/…`, a Python `websockets` client on
/// the proxy and a `websockets` upstream that echoes.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ControlAPITests {
    /// Runs one scenario of `control_session.py` against a proxy with its control API; returns the report and
    /// the proxy's events.
    private func run(_ scenario: String) async throws -> (report: [String: Any], events: [SessionEvent]) {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.stop() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let control = ControlServer(control: proxy.server.control, host: "127.0.0.1", port: 0)
        try await control.start()
        let report = try await PeerProcess.runClient(
            "control_session.py", [proxy.url, control.endpointURL, scenario], timeout: .seconds(90))
        await control.shutdown()
        await proxy.stop()
        return (report, proxy.events)
    }

    @Test("boto3 posts to, reads and deletes a live proxied connection; the client gets the message and close 1000")
    func boto3Lifecycle() async throws {
        let (report, events) = try await run("boto3")
        #expect(report["echo"] as? String == "hello")
        #expect((report["post"] as? [String: Any])?["status"] as? Int == 200)
        #expect(report["received_post"] as? String == #"{"pushed":true}"#)
        let get = try #require((report["get"] as? [String: Any])?["response"] as? [String: String])
        #expect(get["Identity"]?.contains("'SourceIp': '127.0.0.1'") == true)
        #expect(get["Identity"]?.contains("'UserAgent': 'control-tests/1'") == true)
        #expect(get["ConnectedAt"] != nil && get["LastActiveAt"] != nil)
        for key in ["post_unknown", "get_after_delete"] {
            let gone = try #require(report[key] as? [String: Any], "\(key)")
            #expect(gone["status"] as? Int == 410, "\(key)")
            #expect(gone["code"] as? String == "GoneException", "\(key)")
        }
        let tooLarge = try #require(report["post_too_large"] as? [String: Any])
        #expect(tooLarge["status"] as? Int == 413)
        #expect(tooLarge["code"] as? String == "PayloadTooLargeException")
        #expect((report["delete"] as? [String: Any])?["status"] as? Int == 204)
        let close = try #require(report["close"] as? [String: Any])
        #expect(close["code"] as? Int == 1000)

        // The recording's view of it: the pushed message and the close are marked as injected, the client's own
        // message is not.
        let messages = events.compactMap(\.messageEvent)
        let pushed = try #require(messages.first { $0.text == #"{"pushed":true}"# })
        #expect(pushed.direction == .server)
        #expect(pushed.intervention == Intervention(.injected, by: "control"))
        #expect(messages.first { $0.text == "hello" }?.intervention == nil)
        let injectedCloses = events.compactMap { event -> CloseEvent? in
            if case .close(let close) = event, close.intervention != nil { close } else { nil }
        }
        #expect(injectedCloses.map(\.direction) == [.server, .client])
        #expect(injectedCloses.allSatisfy { $0.info.code == 1000 && $0.intervention?.kind == .injected })
        let line = try String(decoding: RecordedEvent(.message(pushed)).encoded(), as: UTF8.self)
        #expect(line.contains(#""intervention":{"by":"control","kind":"injected"}"#))
    }

    @Test("a message sent as the client reaches the upstream; a chosen close code and reason reach the client")
    func sendToUpstreamAndClose() async throws {
        let (report, events) = try await run("upstream-and-close")
        #expect(report["echo"] as? String == "first")
        #expect((report["send_as_client"] as? [String: Any])?["status"] as? Int == 200)
        // The upstream echoes what it received: the injected message went to it.
        #expect(report["echo_of_injected"] as? String == "injected upstream")
        #expect((report["received_binary"] as? [String: Any])?["binary"] as? String == "00ff")
        let badCode = try #require(report["bad_code"] as? [String: Any])
        #expect(badCode["status"] as? Int == 400)
        #expect((badCode["body"] as? String)?.contains("1005") == true)
        #expect((report["close_call"] as? [String: Any])?["status"] as? Int == 204)
        let close = try #require(report["close"] as? [String: Any])
        #expect(close["code"] as? Int == 4000)
        #expect(close["reason"] as? String == "bye")
        let injected = events.compactMap(\.messageEvent).filter { $0.intervention != nil }
        #expect(injected.map(\.direction) == [.client, .server])
        #expect(injected.first?.text == "injected upstream")
    }

    @Test("gateway faults on demand: 1001 Going away, 1009, and 410 / 429 for @connections calls through boto3")
    func faults() async throws {
        let (report, _) = try await run("faults")
        let expected: [(String, Int, String)] = [
            ("idle-timeout", 1001, "Going away"), ("connection-duration", 1001, "Going away"),
            ("message-too-large", 1009, "Message too big"), ("frame-too-large", 1009, ""),
        ]
        for (fault, code, reason) in expected {
            let outcome = try #require(report[fault] as? [String: Any], "\(fault)")
            #expect((outcome["answer"] as? [String: Any])?["status"] as? Int == 202, "\(fault)")
            let close = try #require(outcome["close"] as? [String: Any], "\(fault)")
            #expect(close["code"] as? Int == code, "\(fault)")
            #expect(close["reason"] as? String == reason, "\(fault)")
        }
        let gone = try #require(report["gone"] as? [[String: Any]])
        #expect(gone.map { $0["code"] as? String } == ["GoneException", "GoneException", nil])
        #expect(gone.map { $0["status"] as? Int } == [410, 410, 200])
        #expect(report["received"] as? String == "a")
        let throttled = try #require(report["throttled"] as? [[String: Any]])
        #expect(throttled.first?["status"] as? Int == 429)
        #expect(throttled.first?["code"] as? String == "LimitExceededException")
        #expect(throttled.last?["status"] as? Int == 200)
        #expect((report["unknown_fault"] as? [String: Any])?["status"] as? Int == 404)
        #expect((report["message_fault"] as? [String: Any])?["status"] as? Int == 400)
        #expect((report["unknown_connection"] as? [String: Any])?["status"] as? Int == 410)
    }
}
