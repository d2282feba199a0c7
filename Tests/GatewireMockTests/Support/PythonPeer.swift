import Foundation
import GatewireTestSupport
import Testing

/// Runs the independent Python peers in `Peers/` (Python `websockets` and boto3, installed by
/// `scripts/install-test-peers`). A missing interpreter or module fails the test: peers are never optional.
enum PythonPeer {
    /// The folder holding the peer scripts.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Peers")

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs a peer to completion and returns what it printed on standard output.
    static func run(_ script: String, _ arguments: [String], input: Data? = nil, timeout: Double = 30) async throws
        -> String
    {
        let result = try await ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", directory.appendingPathComponent(script).path] + arguments,
            input: input ?? Data(), timeout: .seconds(timeout))
        guard result.status == 0 else {
            throw Failure(description: "\(script) exited with \(result.status): \(result.standardError)")
        }
        return result.standardOutput
    }

    /// Runs a peer and parses the one JSON object it prints.
    static func report(_ script: String, _ arguments: [String], input: Data? = nil, timeout: Double = 30) async throws
        -> [String: Any]
    {
        let text = try await run(script, arguments, input: input, timeout: timeout)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
        return try #require(object as? [String: Any], "\(script) printed \(text)")
    }

    /// Runs `ws_client.py` with a plan.
    static func client(_ plan: [String: Any], timeout: Double = 30) async throws -> ClientReport {
        let data = try JSONSerialization.data(withJSONObject: plan)
        let text = try await run("ws_client.py", [], input: data, timeout: timeout)
        return try JSONDecoder().decode(ClientReport.self, from: Data(text.utf8))
    }
}

/// What `ws_client.py` saw.
struct ClientReport: Decodable {
    struct Close: Decodable {
        var code: Int?
        var reason: String?
    }

    var status: Int?
    var subprotocol: String?
    var received: [String]
    var close: Close?
    var error: String?
    var body: String?
}

/// A long-running peer process (the integration handler), stopped by the test that started it.
final class PeerProcess: Sendable {
    private let process: ChildProcess
    let workDirectory: URL

    /// Starts a peer whose arguments may name files in a fresh temporary directory.
    init(_ script: String, arguments: (URL) -> [String]) throws {
        workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        process = try ChildProcess(
            command: ["python3", PythonPeer.directory.appendingPathComponent(script).path] + arguments(workDirectory))
    }

    /// Waits for a file the peer writes once it is ready, and returns its contents.
    func waitForFile(_ name: String, timeout: Double = 60) async throws -> String {
        let url = workDirectory.appendingPathComponent(name)
        return try await process.waitFor("\(name) from the peer", timeout: .seconds(timeout)) { _ in
            guard let text = try? String(contentsOf: url, encoding: .utf8), !text.isEmpty else { return nil }
            return text
        }
    }

    func stop() async {
        process.kill()
        try? FileManager.default.removeItem(at: workDirectory)
    }
}
