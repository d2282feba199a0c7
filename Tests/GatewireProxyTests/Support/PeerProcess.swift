import Foundation
import GatewireTestSupport

/// The Python peers in `Tests/GatewireProxyTests/Peers`, run as real processes: the independent implementations the
/// proxy is tested against. A missing interpreter or library is a test failure, never a skip
/// (`scripts/install-test-peers` installs them).
enum PeerProcess {
    static let peersDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Peers")

    private static func start(_ script: String, _ arguments: [String]) throws -> ChildProcess {
        try ChildProcess(command: ["python3", peersDirectory.appendingPathComponent(script).path] + arguments)
    }

    /// Starts a server peer and waits for the `PORT n` line it prints once listening.
    static func startServer(_ script: String, _ arguments: [String] = []) async throws -> (ChildProcess, Int) {
        let peer = try start(script, arguments)
        do {
            let port = try await peer.waitFor("\(script) to listen") { peer -> Int? in
                guard let line = peer.standardOutput.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") })
                else { return nil }
                return Int(line.dropFirst(5))
            }
            return (peer, port)
        } catch {
            peer.kill()
            throw error
        }
    }

    /// Runs a client peer to completion and decodes the JSON object it prints.
    static func runClient(_ script: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws
        -> [String: Any]
    {
        let peer = try start(script, arguments)
        do {
            try await peer.waitFor("\(script) to finish", timeout: timeout) { $0.isRunning ? nil : () }
        } catch {
            peer.kill()
            throw error
        }
        // Exited: this only waits for the last of its output.
        await peer.waitForExit(timeout: .seconds(5))
        let text = peer.standardOutput
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw ChildProcess.Failure(description: "\(script) printed no JSON: \(text) \(peer.standardError)")
        }
        return object
    }
}
