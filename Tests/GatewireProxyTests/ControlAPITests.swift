import Foundation
import GatewireCore
import GatewireProxy
import GatewireTestSupport
import Testing

/// The proxy's control API against live proxied sessions, driven as a backend developer would: real boto3
/// (`apigatewaymanagementapi`) for `@connections`, plain HTTP for `/@gatewire/…`, a Python `websockets` client on
/// the proxy and a `websockets` upstream that echoes.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ControlAPITests {
    /// Runs one scenario of `control_session.py` against a proxy with its control API; returns the report and
    /// the proxy's events.
    private func run(_ scenario: String, interceptor: MessageInterceptor? = nil) async throws -> (
        report: [String: Any], events: [SessionEvent]
    ) {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort, interceptor: interceptor)
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
        #expect((report["bad_side"] as? [String: Any])?["status"] as? Int == 400)
        // The client got the chosen code, the upstream 1001: it was the client that was closed.
        let closes = events.compactMap { event -> CloseEvent? in
            if case .close(let close) = event, close.intervention != nil { close } else { nil }
        }
        #expect(closes.map(\.direction) == [.server, .client])
        #expect(closes.map(\.info.code) == [4000, 1001])
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
        #expect((report["message_fault"] as? [String: Any])?["status"] as? Int == 202)
        #expect(
            report["forbidden_frame"] as? String
                == #"{"message": "Forbidden", "connectionId":"{connectionId}", "requestId":"{requestId}"}"#)
        #expect(report["after_forbidden"] as? String == #"{"action":"next"}"#)
        #expect((report["bad_after"] as? [String: Any])?["status"] as? Int == 400)
        let scheduled = try #require(report["scheduled_close"] as? [String: Any])
        #expect(scheduled["code"] as? Int == 1001)
        #expect((report["scheduled_seconds"] as? Double ?? 0) >= 0.45)
        #expect((report["unknown_connection"] as? [String: Any])?["status"] as? Int == 410)
    }

    /// An interceptor with rules in flag syntax, in order.
    private func interceptor(_ specs: [String], breakpoints: [String] = [], holdTimeout: Double = 60) throws
        -> MessageInterceptor
    {
        var rules = InterceptRuleSet()
        for spec in specs { try rules.add(InterceptRule(parsing: spec, id: rules.nextFreeID)) }
        for spec in breakpoints { try rules.add(InterceptRule(parsingBreakpoint: spec, id: rules.nextFreeID)) }
        return MessageInterceptor(rules: rules, defaultHoldTimeout: holdTimeout)
    }

    @Test("rules drop one route, rewrite a field, delay by 200 ms, duplicate, and answer with the gateway's faults")
    func rules() async throws {
        let (report, events) = try await run(
            "rules",
            interceptor: interceptor([
                "route=drop-me drop", #"route=rewrite-me set $.user "eve""#, "route=slow delay 200ms",
                "route=twice duplicate", "route=forbid fault forbidden", "route=ise fault internal-server-error",
            ]))
        #expect(report["after_drop"] as? String == #"{"action":"ping"}"#)
        // The upstream echoes what it got: the rewritten body, numbers kept as sent.
        #expect(report["rewritten"] as? String == #"{"action":"rewrite-me","user":"eve","n":1.50}"#)
        #expect(report["slow"] as? String == #"{"action":"slow"}"#)
        #expect((report["slow_seconds"] as? Double ?? 0) >= 0.2)
        #expect(report["behind_slow"] as? String == #"{"action":"behind-slow"}"#)
        #expect(report["twice"] as? [String] == [#"{"action":"twice"}"#, #"{"action":"twice"}"#])
        #expect(
            report["forbidden"] as? String
                == #"{"message": "Forbidden", "connectionId":"{connectionId}", "requestId":"{requestId}"}"#)
        #expect(
            report["internal_server_error"] as? String
                == #"{"message": "Internal server error", "connectionId":"{connectionId}", "requestId":"{requestId}"}"#)
        #expect(report["still_open"] as? String == #"{"action":"ping"}"#)
        #expect((report["rule_added"] as? [String: Any])?["status"] as? Int == 201)
        #expect(((report["rules_listed"] as? [String: Any])?["body"] as? String)?.contains(#""noping""#) == true)
        #expect(report["after_new_rule"] as? String == #"{"action":"pong"}"#)
        #expect((report["rule_removed"] as? [String: Any])?["status"] as? Int == 204)
        #expect((report["rule_bad"] as? [String: Any])?["status"] as? Int == 400)
        #expect(report["after_removal"] as? String == #"{"action":"ping"}"#)

        let client = events.compactMap(\.messageEvent).filter { $0.direction == .client }
        let kinds = client.compactMap { message in message.intervention.map { (message.text ?? "", $0.kind) } }
        #expect(kinds.contains { $0 == (#"{"action":"drop-me"}"#, .dropped) })
        #expect(kinds.contains { $0 == (#"{"action":"rewrite-me","user":"bob","n":1.50}"#, .rewritten) })
        #expect(kinds.contains { $0 == (#"{"action":"rewrite-me","user":"eve","n":1.50}"#, .injected) })
        #expect(kinds.contains { $0 == (#"{"action":"slow"}"#, .delayed) })
        #expect(kinds.contains { $0 == (#"{"action":"twice"}"#, .duplicated) })
        #expect(client.first { $0.text == #"{"action":"behind-slow"}"# }?.intervention == nil)
        let faults = events.compactMap(\.messageEvent).filter {
            $0.direction == .server && $0.intervention?.kind == .injected
        }
        #expect(faults.map(\.intervention?.detail) == ["forbidden", "internal-server-error"])
    }

    @Test("a breakpoint holds a message in order while other connections flow; an edit reaches the upstream")
    func breakpoint() async throws {
        let (report, events) = try await run(
            "breakpoint",
            interceptor: interceptor(
                ["route=timeout-me hold 1s"], breakpoints: ["route=hold-me"], holdTimeout: 30))
        let listing = try #require(report["listing"] as? [[String: Any]])
        #expect(listing.count == 1)
        #expect(listing.first?["text"] as? String == #"{"action":"hold-me","n":1}"#)
        #expect(listing.first?["connection"] as? String == "c1")
        #expect(listing.first?["from"] as? String == "client")
        #expect(report["other"] as? String == "other connection")
        // Not held: it comes back as soon as the machine allows (a bound that holds on a loaded CI machine).
        #expect((report["other_seconds"] as? Double ?? 99) < 5)
        #expect(report["nothing_yet"] is NSNull)
        #expect((report["release"] as? [String: Any])?["status"] as? Int == 200)
        #expect(report["edited"] as? String == #"{"action":"hold-me","n":2}"#)
        #expect(report["after"] as? String == #"{"action":"after"}"#)
        #expect((report["release_again"] as? [String: Any])?["status"] as? Int == 404)
        #expect((report["drop"] as? [String: Any])?["status"] as? Int == 200)
        #expect(report["after_drop"] as? String == #"{"action":"after-drop"}"#)
        // Released by the rule's own 1 s timeout, unchanged.
        #expect(report["timed_out"] as? String == #"{"action":"timeout-me"}"#)
        #expect((report["timeout_seconds"] as? Double ?? 0) >= 0.9)

        let marks = events.compactMap(\.messageEvent).compactMap(\.intervention)
        #expect(marks.contains(Intervention(.held, by: "breakpoint r2")))
        #expect(marks.contains(Intervention(.injected, by: "control", detail: "edited")))
        #expect(marks.contains(Intervention(.dropped, by: "control")))
        #expect(marks.contains(Intervention(.released, by: "timeout")))
    }

    @Test("requests from web pages and DNS-rebound names are refused; SDK requests to loopback are answered")
    func refusesWebPages() async throws {
        let proxy = try await ProxyHarness(upstreamPort: 9)
        let api = ControlAPI(control: proxy.server.control, accessToken: nil, loopback: true)
        #expect(api.refusal(origin: nil, secFetchSite: nil, host: "127.0.0.1:9001") == nil)
        #expect(api.refusal(origin: nil, secFetchSite: nil, host: "localhost:9001") == nil)
        #expect(api.refusal(origin: nil, secFetchSite: "none", host: "[::1]:9001") == nil)
        #expect(api.refusal(origin: "https://evil.example", secFetchSite: nil, host: "127.0.0.1:9001")?.status == 403)
        #expect(api.refusal(origin: nil, secFetchSite: "cross-site", host: "127.0.0.1:9001")?.status == 403)
        #expect(api.refusal(origin: nil, secFetchSite: nil, host: "evil.example:9001")?.status == 403)
        #expect(api.refusal(origin: nil, secFetchSite: nil, host: nil)?.status == 403)
        let open = ControlAPI(control: proxy.server.control, accessToken: "t", loopback: false)
        #expect(open.refusal(origin: nil, secFetchSite: nil, host: "10.0.0.5:9001") == nil)
        // Off loopback the token is the first path segment.
        #expect(await open.respond(method: "GET", target: "/@gatewire/connections", body: []).status == 403)
        #expect(await open.respond(method: "GET", target: "/t/@gatewire/connections", body: []).status == 200)
        await proxy.stop()
    }
}
