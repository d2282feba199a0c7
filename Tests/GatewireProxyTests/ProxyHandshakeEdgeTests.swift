import Foundation
import GatewireCore
import GatewireProxy
import GatewireTestSupport
import Testing

/// The edges of the handshake: request targets browsers send unencoded, clients that never finish the upgrade,
/// upstreams that never answer, and requests that are not WebSocket handshakes at all. Real peers on loopback.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyHandshakeEdgeTests {
    /// A masked close frame with code 1000, sent by the raw client once upgraded.
    private static let closeFrame = RawFrame.hex(RawFrame.bytes(firstByte: 0x88, payload: [0x03, 0xE8]))

    /// Characters RFC 3986 leaves out of a query that browsers send unencoded anyway ({ } | ^ `), and the ones
    /// a hand-written client may send (" < > \).
    static let unencoded: [String] = ["{", "}", "|", "^", "`", "\"", "<", ">", "\\"]

    @Test(
        "a query holding a character browsers leave unencoded reaches the upstream byte for byte and gets 101",
        arguments: unencoded)
    func unencodedCharacterInQuery(_ character: String) async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let target = "/prod?filter=a\(character)b&x=1"
        let result = try await PeerProcess.runClient(
            "raw_client.py", ["\(proxy.port)", Self.closeFrame, "--path", target])
        #expect(result["status"] as? Int == 101, "\(result)")
        #expect(result["close_code"] as? Int == 1000, "\(result)")
        try await upstream.waitForOutput("REQUEST ", timeout: .seconds(5))
        let requests = upstream.standardOutput.split(separator: "\n").filter { $0.hasPrefix("REQUEST ") }
        #expect(requests == ["REQUEST \(target)"], "\(upstream.standardOutput)")
        let connect = try #require(await proxy.waitForEvent { $0.connectEvent != nil }?.connectEvent)
        #expect(connect.status == 101)
        #expect(connect.rawQuery == String(target.dropFirst("/prod?".count)))
        #expect(!proxy.events.contains { $0.errorCode != nil }, "\(proxy.events)")
        await proxy.stop()
    }

    @Test("200 sockets that never send a handshake are closed once the handshake timeout passes")
    func idleSocketsAreClosed() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort) { $0.handshakeTimeout = 1 }
        let clock = ContinuousClock.now
        let result = try await PeerProcess.runClient("idle_clients.py", ["\(proxy.port)", "200", "10"])
        #expect(result["closed"] as? Int == 200, "\(result)")
        let latest = try #require(result["latest"] as? Double)
        // Each socket is closed 1 s after its accept; the last one was opened just before the wait began.
        #expect(latest < 3, "\(result)")
        #expect(ContinuousClock.now - clock < .seconds(8))
        // The events reach the test through the proxy's event consumer, a moment after the sockets closed.
        let timeouts = await proxy.waitForEvents(count: 200) { $0.errorCode == "handshake-timeout" }
        #expect(timeouts.count == 200)
        // A client that does send its handshake is still served.
        let served = try await PeerProcess.runClient("raw_client.py", ["\(proxy.port)", Self.closeFrame])
        #expect(served["status"] as? Int == 101)
        await proxy.stop()
    }

    @Test("an upstream that never answers: at the handshake timeout the client gets 504 and the upstream is closed")
    func silentUpstreamGets504() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("silent_upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort) {
            $0.handshakeTimeout = 1
            $0.upstreamHandshakeTimeout = 20
        }
        let started = ContinuousClock.now
        let result = try await PeerProcess.runClient(
            "raw_http.py",
            [
                "\(proxy.port)", "GET", "/prod?x=1", "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
            ])
        #expect(result["status"] as? Int == 504, "\(result)")
        #expect((result["body"] as? String)?.contains("handshake timeout") == true, "\(result)")
        #expect(result["closed"] as? Bool == true)
        #expect(ContinuousClock.now - started < .seconds(5))
        let deadline = ContinuousClock.now + .seconds(5)
        while !upstream.standardOutput.contains("CLOSED "), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(upstream.standardOutput.contains("REQUEST GET /prod?x=1 HTTP/1.1"), "\(upstream.standardOutput)")
        #expect(upstream.standardOutput.contains("CLOSED "), "\(upstream.standardOutput)")
        let connect = try #require(await proxy.waitForEvent { $0.connectEvent != nil }?.connectEvent)
        #expect(connect.status == 504)
        #expect(await proxy.waitForEvent { $0.errorCode == "handshake-timeout" } != nil)
        await proxy.stop()
    }

    @Test(
        "requests that are not WebSocket handshakes get a clear answer, are closed, and leave an error event",
        arguments: [
            (["CONNECT", "example.com:443"], 405, "connect-method-refused", ""),
            (["GET", "/prod"], 426, "not-a-websocket-handshake", "expected a WebSocket handshake"),
            (["POST", "/prod?x=1", "Content-Length: 0"], 426, "not-a-websocket-handshake", "WebSocket proxy"),
            (
                ["GET", "/prod", "Upgrade: websocket", "Connection: Upgrade", "Sec-WebSocket-Version: 13"], 400,
                "invalid-websocket-handshake", "Sec-WebSocket-Key"
            ),
        ])
    func notAHandshake(request: [String], status: Int, code: String, phrase: String) async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let result = try await PeerProcess.runClient("raw_http.py", ["\(proxy.port)"] + request)
        #expect(result["status"] as? Int == status, "\(result)")
        let body = try #require(result["body"] as? String)
        if request.first == "CONNECT" {
            // A response to CONNECT carries no body through NIO's encoder: the reason phrase says it.
            #expect(result["reason"] as? String == "Method Not Allowed: gatewire is a WebSocket proxy")
        } else {
            #expect(body.contains(phrase), "\(body)")
            #expect(body.contains("ws://127.0.0.1:\(upstreamPort)"), "\(body)")
        }
        #expect(result["closed"] as? Bool == true)
        let headers = result["headers"] as? [String: String] ?? [:]
        if status == 405 { #expect(headers["Allow"] == "GET") }
        if status == 426 { #expect(headers["Upgrade"] == "websocket") }
        guard case .error(let event) = await proxy.waitForEvent({ $0.errorCode == code }) else {
            Issue.record("no \(code) error event in \(proxy.events)")
            await proxy.stop()
            return
        }
        #expect(event.side == .client)
        #expect(event.connection != nil)
        // The query may hold secrets and error messages are not redacted: only the path is named.
        #expect(!event.message.contains("x=1"), "\(event.message)")
        // Nothing reached the upstream.
        #expect(!upstream.standardOutput.contains("REQUEST "))
        await proxy.stop()
    }
}
