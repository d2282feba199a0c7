import Foundation
import GatewireTestSupport
import Testing

/// `gatewire mock` in front of an integration that answers without end: the mock stops reading at its response
/// cap (Lambda's 6 MB), closes the integration connection, answers the client as API Gateway does for a failed
/// integration, and its memory stays small.
@Suite(.serialized, .timeLimit(.minutes(2))) struct MockIntegrationCapTests {
    static let peers = GatewireProcess.repositoryRoot.appendingPathComponent("Tests/GatewireMockTests/Peers")

    @Test("a 200 MB integration response is cut at the cap: Internal server error, an error event, a small RSS")
    func responseCap() async throws {
        let backend = try ChildProcess.fromRepositoryRoot(
            ProxyCommandHarness.python,
            ["python3", Self.peers.appendingPathComponent("streaming_integration.py").path, "200"])
        defer { backend.kill() }
        let backendPort = try await backend.waitFor("the integration's port") { peer in
            peer.standardOutput.split(separator: "\n").first { $0.hasPrefix("PORT ") }.flatMap { Int($0.dropFirst(5)) }
        }
        let mock = try ChildProcess.fromRepositoryRoot(
            GatewireProcess.binary,
            [
                "mock", "--listen", "127.0.0.1:0", "-r", "$default", "--integration",
                "*=http://127.0.0.1:\(backendPort)/",
            ])
        defer { mock.kill() }
        let url = try await mock.waitFor("the mock's URL") { process -> String? in
            guard let range = process.standardOutput.range(of: "connect to ws://") else { return nil }
            return "ws://" + process.standardOutput[range.upperBound...].prefix { !$0.isWhitespace }
        }
        let baseline = try #require(ProcessStatistics.residentBytes(of: mock.processIdentifier))
        let client = try ProxyCommandHarness.startClient(
            url, [["text": #"{"action":"anything"}"#], ["recv": 1], ["close": 1000]])
        defer { client.kill() }
        var peak = baseline
        while client.isRunning {
            peak = max(peak, ProcessStatistics.residentBytes(of: mock.processIdentifier) ?? 0)
            try await Task.sleep(for: .milliseconds(10))
        }
        let result = client.standardOutput
        #expect(result.contains(#"{"text": ["{\"message\": \"Internal server error\", \"connectionId\":"#), "\(result)")
        #expect(result.contains(#""close_code": 1000"#), "\(result)")
        // 6 MiB read at most, and held once: far from the 200 MB the integration tried to send.
        #expect(peak - baseline < 48 << 20, "RSS grew from \(baseline >> 20) MiB to \(peak >> 20) MiB")
        let streamed = try await backend.waitFor("the integration's account", timeout: .seconds(10)) { peer in
            peer.standardOutput.split(separator: "\n").first { $0.hasPrefix("STREAMED ") }.map(String.init)
        }
        let words = streamed.split(separator: " ")
        #expect(words.last == "cut", "\(streamed)")
        #expect((Int(words[1]) ?? .max) < 64 << 20, "\(streamed)")
        let log = try await mock.waitFor("the error event") { process -> String? in
            process.standardOutput.contains("integration-response-too-large") ? process.standardOutput : nil
        }
        #expect(log.contains("6291456 bytes"))
    }
}
