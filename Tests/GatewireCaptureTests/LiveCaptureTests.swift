import Foundation
import GatewireCapture
import GatewireCore
import Testing

/// Live capture on the loopback interface while real Python peers talk (needs root or CAP_NET_RAW, as the CI
/// runner has; without it the test fails with the permission error users would see).
@Suite(.serialized) struct LiveCaptureTests {
    @Test("messages exchanged on lo while capturing arrive as session events")
    func loopback() async throws {
        let port = PythonPeers.freePort()
        let capture = try LiveCapture(interface: "lo", filter: "tcp port \(port)")
        try await Task.sleep(for: .milliseconds(300))
        let messages = ["live one", #"{"action":"sendmessage"}"#]
        try await PythonPeers.echoSession(port: port, path: "/live?k=v", messages: messages)
        try await Task.sleep(for: .milliseconds(300))
        capture.stop()
        var events: [SessionEvent] = []
        for try await event in capture.events { events.append(event) }
        let connects = events.compactMap { event -> ConnectEvent? in
            if case .connect(let connect) = event { return connect }
            return nil
        }
        #expect(connects.map(\.rawQuery) == ["k=v"])
        let texts = events.compactMap { event -> String? in
            if case .message(let message) = event, message.direction == .client { return message.text }
            return nil
        }
        #expect(texts == messages)
        #expect(capture.summary.messages == 4)
    }

    @Test("an unknown interface and a bad filter fail with clear errors")
    func openErrors() {
        #expect(throws: CaptureError.noSuchInterface("gatewire-none0")) {
            _ = try LiveCapture(interface: "gatewire-none0", filter: nil)
        }
        #expect {
            _ = try LiveCapture(interface: "lo", filter: "tcp port ((")
        } throws: { error in
            (error as? CaptureError)?.code == "bad-filter"
        }
    }
}
