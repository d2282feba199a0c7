import Foundation
import GatewireCore
import Testing

/// `gatewire proxy` with no `--upstream` fronts the built-in mock gateway replaying the bundled recording, so the
/// main command works with no AWS account and no backend.
@Suite(.serialized, .timeLimit(.minutes(2))) struct ProxyEmbeddedGatewayTests {
    static let bundled = GatewireProcess.repositoryRoot.appendingPathComponent(
        "Sources/gatewire/Resources/default-session.jsonl")
    static let capture = GatewireProcess.repositoryRoot.appendingPathComponent(
        "captures/002-simple-backend/session.jsonl")

    @Test("the recording bundled into the binary is the simple backend's capture, byte for byte")
    func bundledCopyMatchesCapture() throws {
        #expect(try Data(contentsOf: Self.bundled) == Data(contentsOf: Self.capture))
    }

    @Test("without --upstream the proxy says what to connect to and send, answers as recorded, and shows deviations")
    func embeddedGateway() async throws {
        let proxy = try BackgroundProcess(GatewireProcess.binary, ["proxy", "--listen", "127.0.0.1:0"])
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

        // The recorded client's two messages get the recorded answers.
        let steps: [[String: Any]] = [
            ["text": example], ["recv": 1],
            ["text": #"{"action":"sendmessage","data":"second message"}"#], ["recv": 1], ["close": 1000],
        ]
        let result = try await runClient(url, steps)
        #expect(result.contains(#""received": [{"text": ["hello"]}, {"text": ["second message"]}]"#), "\(result)")
        #expect(result.contains(#""close_code": 1000"#))

        // A second client that deviates is answered from the recording too, and the proxy shows how it differs,
        // besides its own judgement of the route.
        _ = try await runClient(url, [["text": #"{"action":"sendMessage","data":"x"}"#], ["recv": 1], ["close": 1000]])
        let output = try await proxy.waitFor("the replay difference") { process -> String? in
            process.standardOutput.contains("replay-mismatch") ? process.standardOutput : nil
        }
        #expect(output.contains("route sendmessage (matched)"))
        #expect(output.contains("rejected (Forbidden) (no-such-key, did you mean sendmessage?)"))
        #expect(output.contains(#"action: "sendmessage" → "sendMessage""#))
    }

    private func runClient(_ url: String, _ steps: [[String: Any]]) async throws -> String {
        let client = try ProxyCommandHarness.startClient(url, steps)
        defer { client.kill() }
        return try await client.waitFor("the client's result", timeout: .seconds(30)) { process -> String? in
            process.isRunning ? nil : process.standardOutput
        }
    }
}
