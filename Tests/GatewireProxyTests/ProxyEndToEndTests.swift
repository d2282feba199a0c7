import Foundation
import GatewireCore
import GatewireProxy
import GatewireTestSupport
import NIOConcurrencyHelpers
import Testing

/// The proxy between real peers over loopback: Python `websockets` as client and upstream, or a raw socket where
/// a library would refuse to misbehave. Every test is bounded in time.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyEndToEndTests {
    private func json(_ steps: [[String: Any]]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
    }

    @Test("text and binary messages are relayed both ways and path and query reach the upstream byte for byte")
    func textBinaryAndExactTarget() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let target = "/dev/chat?cacheKey=2024-08-01T19:37:55%2B00:00&name=a+b&q=%3D%26&raw=+"
        let result = try await PeerProcess.runClient(
            "client.py",
            [
                proxy.url + target,
                json([
                    ["text": "hello"], ["recv": 1], ["binary": "00ff10"], ["recv": 1], ["text": "__request__"],
                    ["recv": 1], ["close": 1000],
                ]),
            ])
        let received = try #require(result["received"] as? [[String: Any]])
        #expect(received.count == 3)
        #expect(received.first?["text"] as? [String] == ["hello"])
        #expect(received.dropFirst().first?["binary"] as? [String] == ["00ff10"])
        let report = try #require((received.last?["text"] as? [String])?.first)
        let request = try #require(
            try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        #expect(request["path"] as? String == target)
        let headers = try #require(request["headers"] as? [[String]])
        #expect(headers.contains(["Host", "127.0.0.1:\(upstreamPort)"]))
        #expect(!headers.contains { $0.first?.lowercased() == "sec-websocket-extensions" })
        #expect(result["close_code"] as? Int == 1000)

        let connect = try #require(await proxy.waitForEvent { $0.connectEvent != nil }?.connectEvent)
        #expect(connect.path == "/dev/chat")
        #expect(connect.rawQuery == "cacheKey=2024-08-01T19:37:55%2B00:00&name=a+b&q=%3D%26&raw=+")
        #expect(connect.status == 101)
        _ = await proxy.waitForEvent { if case .close = $0 { true } else { false } }
        let messages = proxy.events.compactMap(\.messageEvent)
        #expect(messages.map(\.direction) == [.client, .server, .client, .server, .client, .server])
        #expect(messages.first?.text == "hello")
        #expect(messages.dropFirst(2).first?.payload == [0x00, 0xFF, 0x10])
        await proxy.stop()
    }

    @Test("fragments, pings and pongs keep their framing through the proxy")
    func fragmentsAndControlFrames() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let result = try await PeerProcess.runClient(
            "client.py",
            [
                proxy.url + "/",
                json([["fragments": ["ab", "cd", "ef"]], ["recv": 1], ["ping": "0102"], ["close": 1000]]),
            ])
        let received = try #require(result["received"] as? [[String: Any]])
        // websockets ends a fragmented send with an empty final frame, and the upstream echoes every fragment it got
        // before adding its own: 4 frames up, 5 down, each relayed as it came.
        #expect(received.first?["text"] as? [String] == ["ab", "cd", "ef", "", ""])
        #expect(result["pongs"] as? Int == 1)
        _ = await proxy.waitForEvent { if case .close = $0 { true } else { false } }
        let messages = proxy.events.compactMap(\.messageEvent)
        #expect(messages.map(\.frameCount) == [4, 5])
        #expect(messages.first?.text == "abcdef")
        let controls = proxy.events.compactMap { event -> ControlEvent? in
            if case .control(let control) = event { return control }
            return nil
        }
        #expect(controls.map(\.opcode) == [.ping, .pong])
        #expect(controls.map(\.payload) == [[1, 2], [1, 2]])
        await proxy.stop()
    }

    @Test("close codes and reasons pass through in both directions", arguments: [true, false])
    func closeCodes(clientCloses: Bool) async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let steps: [[String: Any]] =
            clientCloses
            ? [["close": 4000, "reason": "bye"]] : [["text": "__close__ 4001 done here"], ["wait_close": true]]
        let result = try await PeerProcess.runClient("client.py", [proxy.url + "/", json(steps)])
        #expect(result["close_code"] as? Int == (clientCloses ? 4000 : 4001))
        #expect(result["close_reason"] as? String == (clientCloses ? "bye" : "done here"))
        let close = await proxy.waitForEvent { if case .close = $0 { true } else { false } }
        guard case .close(let event) = close else {
            Issue.record("no close event")
            return
        }
        #expect(event.direction == (clientCloses ? .client : .server))
        #expect(event.info.code == (clientCloses ? 4000 : 4001))
        await proxy.stop()
    }

    @Test("the client gets the subprotocol the upstream chose")
    func subprotocol() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py", ["--subprotocols", "chat.v2"])
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let result = try await PeerProcess.runClient(
            "client.py",
            [proxy.url + "/", json([["close": 1000]]), "--subprotocol", "chat.v1", "--subprotocol", "chat.v2"])
        #expect(result["subprotocol"] as? String == "chat.v2")
        let connect = try #require(await proxy.waitForEvent { $0.connectEvent != nil }?.connectEvent)
        #expect(connect.subprotocol == "chat.v2")
        await proxy.stop()
    }

    @Test("an upstream's 403 reaches the client with its body and is recorded")
    func rejectionMirrored() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py", ["--reject", "403"])
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let result = try await PeerProcess.runClient("client.py", [proxy.url + "/dev", json([])])
        #expect(result["status"] as? Int == 403)
        #expect(result["body"] as? String == "rejected by upstream\n")
        #expect((result["headers"] as? [String: String])?["X-Upstream"] == "test-peer")
        let connect = try #require(await proxy.waitForEvent { $0.connectEvent != nil }?.connectEvent)
        #expect(connect.status == 403)
        #expect(await proxy.waitForEvent { $0.errorCode == "upstream-rejected-handshake" } != nil)
        await proxy.stop()
    }

    @Test("an unreachable upstream answers 502 and says why")
    func upstreamDown() async throws {
        // Bind and release a port so that nothing listens on it.
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        upstream.kill()
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let result = try await PeerProcess.runClient("client.py", [proxy.url + "/", json([])])
        #expect(result["status"] as? Int == 502)
        #expect((result["body"] as? String)?.contains("cannot connect") == true)
        #expect(await proxy.waitForEvent { $0.errorCode == "upstream-unreachable" } != nil)
        await proxy.stop()
    }

    @Test("an upstream dying mid-session reaches the client as 1011")
    func upstreamDies() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let result = try await PeerProcess.runClient(
            "client.py",
            [proxy.url + "/", json([["text": "ok"], ["recv": 1], ["text": "__die__"], ["wait_close": true]])])
        #expect(result["close_code"] as? Int == 1011)
        #expect(await proxy.waitForEvent { $0.errorCode == "upstream-connection-lost" } != nil)
        await proxy.stop()
    }

    @Test("a client that stops reading while the upstream floods stalls the upstream, not the proxy's memory")
    func slowReaderFlood() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        let size = 65536
        let count = 3000
        let command = RawFrame.bytes(firstByte: 0x81, payload: Array("__flood__ \(size) \(count)".utf8))
        let before = Self.residentBytes()
        async let flood = PeerProcess.runClient(
            "raw_client.py", ["\(proxy.port)", RawFrame.hex(command), "--stall", "4"])
        var peak = before
        for _ in 0..<35 {
            try await Task.sleep(for: .milliseconds(100))
            peak = max(peak, Self.residentBytes())
        }
        let result = try await flood
        #expect(result["flood_done"] as? Bool == true)
        #expect(result["received_bytes"] as? Int == size * count + "flood-done".utf8.count)
        // Without backpressure the proxy would hold most of the 192 MB flood while the client sleeps. The bound
        // leaves room for the other suites running in the same process meanwhile (RSS is the whole process's).
        #expect(peak - before < 64 << 20, "resident memory grew by \((peak - before) >> 20) MB")
        await proxy.stop()
    }

    @Test("shutting down sends 1001 to every client and finishes the event stream")
    func shutdown() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort)
        async let client = PeerProcess.runClient("client.py", [proxy.url + "/", json([["wait_close": true]])])
        _ = await proxy.waitForEvent { $0.connectEvent != nil }
        try await Task.sleep(for: .milliseconds(200))
        await proxy.stop()
        let result = try await client
        #expect(result["close_code"] as? Int == 1001)
    }

    // The event stream is bounded without losing anything: while its consumer does not iterate, connections stop
    // reading (the peers are slowed by TCP flow control) and the proxy's memory stays flat; once it iterates again,
    // every event arrives and the traffic completes. In this serialized suite because it measures the process's
    // memory, as the slow-reader test does: run side by side, each would see the other's traffic.
    @Test("a consumer that stops iterating stalls the traffic, not the proxy's memory, and loses no event")
    func stalledConsumer() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.kill() }
        var configuration = ProxyConfiguration(
            port: 0, upstream: UpstreamEndpoint(secure: false, host: "127.0.0.1", port: upstreamPort),
            upstreamHandshakeTimeout: 5, closeTimeout: 1)
        configuration.eventBacklogLimit = 1 << 20
        let server = try ProxyServer(configuration: configuration)
        try await server.start()
        let port = try #require(server.localPort)

        let size = 65_536
        let count = 3_000
        let script = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                ["text": "__flood__ \(size) \(count)"], ["recv": count + 1], ["close": 1000],
            ]), as: UTF8.self)
        let before = Self.residentBytes()
        async let client = PeerProcess.runClient("client.py", ["ws://127.0.0.1:\(port)/", script])

        // Nobody iterates `events` for three seconds: without the bound the proxy would hold most of the 96 MB.
        var peak = before
        for _ in 0..<30 {
            try await Task.sleep(for: .milliseconds(100))
            peak = max(peak, Self.residentBytes())
        }
        #expect(peak - before < 64 << 20, "resident memory grew by \((peak - before) >> 20) MB")

        let messages = NIOLockedValueBox(0)
        let drain = Task {
            for await event in server.events {
                if case .message = event { messages.withLockedValue { $0 += 1 } }
            }
        }
        let result = try await client
        #expect((result["received"] as? [[String: Any]])?.count == count + 1)
        #expect(result["close_code"] as? Int == 1000)
        await server.shutdown()
        await drain.value
        // The command, the flood and "flood-done": every one reached the consumer.
        #expect(messages.withLockedValue { $0 } == count + 2)
    }

    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
    }
}
