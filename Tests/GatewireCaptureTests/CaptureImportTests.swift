import Foundation
import GatewireCapture
import GatewireCore
import Testing

/// Captures of real traffic between Python `websockets` peers, recorded by tcpdump
/// (`scripts/make-test-captures`), decode into exactly the messages the peers say they sent.
@Suite struct CaptureImportTests {
    static let scenarios = ["text-binary", "fragmented", "ping-close", "compressed", "interleaved"]

    /// The connection label whose handshake carried `conn=N`, as the generator tags each client.
    private func labels(in events: [SessionEvent]) -> [String: String] {
        var labels: [String: String] = [:]
        for case .connect(let connect) in events {
            let number = connect.rawQuery?.split(separator: "&").first { $0.hasPrefix("conn=") }?.dropFirst(5)
            if let number { labels[String(number)] = connect.connection }
        }
        return labels
    }

    @Test("every message, ping and close the peers sent is decoded, in order", arguments: scenarios)
    func decodesWhatWasSent(scenario: String) throws {
        let sent = try CaptureFixtures.sent(scenario)
        let (events, summary) = try CaptureFixtures.importEvents(CaptureFixtures.pcap(scenario))
        let labels = labels(in: events)
        #expect(labels.count == sent.connections.count)
        for (number, items) in sent.connections {
            let label = try #require(labels[number], "no connect event for connection \(number)")
            for direction in Direction.allCases {
                let expected = items.filter {
                    $0.from == direction.rawValue && ($0.type == "text" || $0.type == "binary")
                }
                let decoded = events.compactMap { event -> MessageEvent? in
                    guard case .message(let message) = event, message.connection == label,
                        message.direction == direction
                    else { return nil }
                    return message
                }
                // Compared as a whole, but described by sizes so a failure stays readable.
                let sizes = "decoded sizes \(decoded.map(\.size)), sent \(expected.map(\.bytes.count))"
                #expect(
                    decoded.map(\.payload) == expected.map(\.bytes),
                    "\(scenario) \(label) \(direction): \(sizes)"
                )
                #expect(decoded.map(\.opcode.name) == expected.map(\.type))
                for (message, item) in zip(decoded, expected) where item.fragments != nil {
                    #expect(message.frameCount == item.fragments)
                }
            }
            let pings = items.filter { $0.type == "ping" || $0.type == "pong" }
            let controls = events.compactMap { event -> ControlEvent? in
                guard case .control(let control) = event, control.connection == label else { return nil }
                return control
            }
            for ping in pings {
                #expect(
                    controls.contains {
                        $0.opcode.name == ping.type && $0.direction.rawValue == ping.from && $0.payload == ping.bytes
                    })
            }
            for close in items.filter({ $0.type == "close" }) {
                let closes = events.compactMap { event -> CloseEvent? in
                    guard case .close(let event) = event, event.connection == label else { return nil }
                    return event
                }
                let first = try #require(closes.first)
                #expect(first.direction?.rawValue == close.from)
                #expect(first.info.code.map(Int.init) == close.code)
                #expect(first.info.reason == close.reason)
                #expect(first.info.initiator?.rawValue == close.from)
            }
        }
        #expect(summary.gaps == 0)
        let errors = events.compactMap { event -> ErrorEvent? in
            if case .error(let error) = event { return error }
            return nil
        }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
    }

    @Test("the handshake keeps the raw query, headers, status, negotiated subprotocol and addresses")
    func handshakeMetadata() throws {
        let (events, _) = try CaptureFixtures.importEvents(CaptureFixtures.pcap("text-binary"))
        let sent = try CaptureFixtures.sent("text-binary")
        guard case .connect(let connect) = try #require(events.first) else {
            Issue.record("the first event is not a connect event")
            return
        }
        #expect(connect.path == "/prod")
        #expect(connect.rawQuery == "conn=1&token=a+b&key=x%3Dy")
        #expect(connect.status == 101)
        #expect(connect.headers.first(named: "Upgrade")?.lowercased() == "websocket")
        #expect(connect.upstream == "127.0.0.1:\(sent.port)")
        #expect(connect.client?.hasPrefix("127.0.0.1:") == true)
    }

    @Test("permessage-deflate messages are inflated, with context takeover across a fragmented message")
    func compressedFlagsSurvive() throws {
        let (events, _) = try CaptureFixtures.importEvents(CaptureFixtures.pcap("compressed"))
        let messages = events.compactMap { event -> MessageEvent? in
            if case .message(let message) = event { return message }
            return nil
        }
        #expect(messages.count == 10)
        #expect(messages.allSatisfy { $0.compressed })
        #expect(messages.contains { $0.frameCount == 4 })
    }
}
