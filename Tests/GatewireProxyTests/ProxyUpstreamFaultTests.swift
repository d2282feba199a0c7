import Foundation
import GatewireCore
import GatewireProxy
import Testing

/// Malformed frames from the upstream, sent by a raw-socket server where a library would refuse to misbehave: the
/// proxy fails the upstream with the code RFC 6455 prescribes, tells the client, records an `error` event, and
/// leaves other connections alone.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyUpstreamFaultTests {
    private func json(_ steps: [[String: Any]]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
    }

    static let malformed: [MalformedFrame] = [
        // RFC 6455 §5.1: a client closes the connection when it sees a masked frame from a server.
        MalformedFrame(
            name: "masked server frame", bytes: RawFrame.bytes(firstByte: 0x81, payload: Array("hi".utf8)),
            closeCode: 1002, errorCode: "masked-server-frame"),
        MalformedFrame(
            name: "reserved bit", bytes: RawFrame.bytes(firstByte: 0xC1, payload: Array("hi".utf8), masked: false),
            closeCode: 1002, errorCode: "reserved-bits-set"),
        MalformedFrame(
            name: "unknown opcode", bytes: RawFrame.bytes(firstByte: 0x83, payload: [], masked: false),
            closeCode: 1002, errorCode: "unknown-opcode"),
        MalformedFrame(
            name: "fragmented control frame", bytes: RawFrame.bytes(firstByte: 0x09, payload: [1], masked: false),
            closeCode: 1002, errorCode: "fragmented-control-frame"),
        MalformedFrame(
            name: "oversized control frame",
            bytes: RawFrame.bytes(firstByte: 0x89, payload: Array(repeating: 7, count: 126), masked: false),
            closeCode: 1002, errorCode: "control-frame-too-large"),
        MalformedFrame(
            name: "invalid UTF-8",
            bytes: RawFrame.bytes(firstByte: 0x81, payload: [0x68, 0xC0, 0xAF], masked: false), closeCode: 1007,
            errorCode: "invalid-utf8-text"),
        MalformedFrame(
            name: "frame above the maximum",
            bytes: RawFrame.bytes(firstByte: 0x82, payload: Array(repeating: 1, count: 2000), masked: false),
            closeCode: 1009, errorCode: "frame-above-maximum"),
    ]

    @Test(
        "a malformed upstream frame fails the upstream with the right code, closes the client, records an error",
        arguments: malformed)
    func malformedUpstreamFrame(_ malformed: MalformedFrame) async throws {
        let (upstream, upstreamPort) = try await PeerProcess.startServer(
            "raw_upstream.py", [RawFrame.hex(malformed.bytes)])
        defer { upstream.stop() }
        let (healthy, healthyPort) = try await PeerProcess.startServer("upstream.py")
        defer { healthy.stop() }
        let proxy = try await ProxyHarness(upstreamPort: upstreamPort) { $0.maxFrameSize = 1024 }
        let bystanderProxy = try await ProxyHarness(upstreamPort: healthyPort) { $0.maxFrameSize = 1024 }
        async let bystander = PeerProcess.runClient(
            "client.py",
            [
                bystanderProxy.url + "/",
                json([["text": "one"], ["recv": 1], ["sleep": 0.8], ["text": "two"], ["recv": 1], ["close": 1000]]),
            ])
        let result = try await PeerProcess.runClient(
            "client.py", [proxy.url + "/", json([["text": "trigger"], ["wait_close": true]])])
        #expect(result["status"] as? Int == 101)
        // The client did nothing wrong: the proxy ends its side with 1014 (bad gateway, IANA-registered) rather
        // than passing on a protocol-error code that would blame the client.
        #expect(result["close_code"] as? Int == 1014, "\(result)")
        #expect(result["close_reason"] as? String == "upstream broke the protocol")
        guard case .error(let event) = await proxy.waitForEvent({ $0.errorCode == malformed.errorCode }) else {
            Issue.record("no \(malformed.errorCode) error event in \(proxy.events)")
            await proxy.stop()
            await bystanderProxy.stop()
            return
        }
        #expect(event.side == .server)
        #expect(event.closeCode.map(Int.init) == malformed.closeCode)
        let deadline = ContinuousClock.now + .seconds(5)
        while !upstream.standardOutput.contains("CLOSE "), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(upstream.standardOutput.contains("CLOSE \(malformed.closeCode)"), "\(upstream.standardOutput)")
        let other = try await bystander
        #expect((other["received"] as? [[String: Any]])?.count == 2)
        #expect(other["close_code"] as? Int == 1000)
        await proxy.stop()
        await bystanderProxy.stop()
    }
}
