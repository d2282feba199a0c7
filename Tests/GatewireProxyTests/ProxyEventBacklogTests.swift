import Foundation
import GatewireCore
import GatewireProxy
import NIOConcurrencyHelpers
import Testing

/// The event stream is bounded without losing anything: while its consumer does not iterate, connections stop
/// reading (the peers are slowed by TCP flow control) and the proxy's memory stays flat; once it iterates again,
/// every event arrives and the traffic completes.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyEventBacklogTests {
    @Test("a consumer that stops iterating stalls the traffic, not the proxy's memory, and loses no event")
    func stalledConsumer() async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer("upstream.py")
        defer { upstream.stop() }
        var configuration = ProxyConfiguration(
            port: 0, upstream: UpstreamEndpoint(secure: false, host: "127.0.0.1", port: upstreamPort),
            upstreamHandshakeTimeout: 5, closeTimeout: 1)
        configuration.eventBacklogLimit = 1 << 20
        let server = try ProxyServer(configuration: configuration)
        try await server.start()
        let port = try #require(server.localPort)

        let size = 65_536
        let count = 1_500
        let script = String(
            decoding: try JSONSerialization.data(withJSONObject: [
                ["text": "__flood__ \(size) \(count)"], ["recv": count + 1], ["close": 1000],
            ]), as: UTF8.self)
        let before = ProxyEndToEndTests.residentBytes()
        async let client = PeerProcess.runClient("client.py", ["ws://127.0.0.1:\(port)/", script])

        // Nobody iterates `events` for three seconds: without the bound the proxy would hold most of the 96 MB.
        var peak = before
        for _ in 0..<30 {
            try await Task.sleep(for: .milliseconds(100))
            peak = max(peak, ProxyEndToEndTests.residentBytes())
        }
        #expect(peak - before < 40 << 20, "resident memory grew by \((peak - before) >> 20) MB")

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
}
