import Foundation
import GatewireCore
import GatewireTestSupport
import Testing

/// `gatewire proxy` with no `--upstream` fronts the built-in mock gateway serving the bundled recording's API, so
/// the main command works with no AWS account and no backend, and answers as API Gateway would.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyEmbeddedGatewayTests {
    static let bundled = GatewireProcess.repositoryRoot.appendingPathComponent(
        "Sources/gatewire/Resources/default-session.jsonl")
    static let capture = GatewireProcess.repositoryRoot.appendingPathComponent(
        "captures/002-simple-backend/session.jsonl")

    @Test("the recording bundled into the binary is the simple backend's capture, byte for byte")
    func bundledCopyMatchesCapture() throws {
        #expect(try Data(contentsOf: Self.bundled) == Data(contentsOf: Self.capture))
    }

    @Test("without --upstream the proxy says what to connect to and send, and answers every message as the gateway")
    func embeddedGateway() async throws {
        let proxy = try ChildProcess.fromRepositoryRoot(GatewireProcess.binary, ["proxy", "--listen", "127.0.0.1:0"])
        defer { proxy.kill() }
        let url = try await proxy.waitFor("the URL to connect to") { process -> String? in
            guard
                let line = process.standardError.split(separator: "\n").first(where: {
                    $0.hasPrefix("gatewire: connect a WebSocket client to ")
                })
            else { return nil }
            return String(line.dropFirst("gatewire: connect a WebSocket client to ".count))
        }
        #expect(url.hasPrefix("ws://127.0.0.1:") && url.hasSuffix("/prod"))
        let example = try await proxy.waitFor("the example message") { process -> String? in
            guard
                let line = process.standardError.split(separator: "\n").first(where: {
                    $0.hasPrefix("gatewire: and send ")
                })
            else { return nil }
            return String(line.dropFirst("gatewire: and send ".count).prefix { $0 != " " })
        }
        #expect(example == #"{"action":"sendmessage","data":"hello"}"#)

        // sendmessage echoes its data, whatever it is and however many messages come; a route key that matches
        // nothing, and text that is not JSON, get the gateway's Forbidden (the API has no $default) on an open
        // connection.
        let steps: [[String: Any]] = [
            ["text": example], ["recv": 1],
            ["text": #"{"action":"sendMessage"}"#], ["recv": 1],
            ["text": #"{"action":"sendmessage","data":"third message"}"#], ["recv": 1],
            ["text": "not json"], ["recv": 1],
            ["text": #"{"action":"sendmessage","data":"hello"}"#], ["recv": 1],
            ["close": 1000],
        ]
        let output = try await runClient(url, steps)
        let result = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let received = try #require(result["received"] as? [[String: Any]]).compactMap {
            ($0["text"] as? [String])?.joined()
        }
        try #require(received.count == 5, "\(output)")
        #expect(received[0] == "hello")
        #expect(received[2] == "third message")
        #expect(received[4] == "hello")
        let id = "[A-Za-z0-9_-]{15}="
        let pattern = try Regex(#"\{"message": "Forbidden", "connectionId":"\#(id)", "requestId":"\#(id)"\}"#)
        for forbidden in [received[1], received[3]] {
            // Byte for byte as API Gateway writes it: a space after the first colon only.
            #expect(forbidden.wholeMatch(of: pattern) != nil, "\(forbidden)")
        }
        #expect(result["close_code"] as? Int == 1000)
        // The proxy's own verdict agrees with what the gateway answered.
        let log = try await proxy.waitFor("the proxy's verdicts") { process -> String? in
            process.standardOutput.contains("no-such-key") ? process.standardOutput : nil
        }
        #expect(log.contains("route sendmessage (matched)"))
        #expect(log.contains("rejected (Forbidden) (no-such-key, did you mean sendmessage?)"))
        #expect(!log.contains("replay-"))
    }

    private func runClient(_ url: String, _ steps: [[String: Any]]) async throws -> String {
        let client = try ProxyCommandHarness.startClient(url, steps)
        defer { client.kill() }
        return try await client.waitFor("the client's result", timeout: .seconds(30)) { process -> String? in
            process.isRunning ? nil : process.standardOutput
        }
    }
}
