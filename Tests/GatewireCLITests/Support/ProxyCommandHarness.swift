import Foundation
import GatewireTestSupport

/// `gatewire proxy` run as a user would, in front of the Python upstream peer (`Tests/GatewireProxyTests/Peers`),
/// recording into a fresh temporary folder: for tests that drive the built binary with real traffic.
struct ProxyCommandHarness {
    /// The Python peers shared with the proxy's own tests.
    static let peers = GatewireProcess.repositoryRoot.appendingPathComponent("Tests/GatewireProxyTests/Peers")
    /// `env`, which finds `python3` on the path.
    static let python = URL(fileURLWithPath: "/usr/bin/env")

    /// The temporary folder, removed by `stop()`.
    let directory: URL
    /// Where the proxy records (`--record`), inside `directory`.
    let recording: URL
    /// The echoing upstream peer.
    let upstream: ChildProcess
    /// The running `gatewire proxy`.
    let proxy: ChildProcess
    /// The port the proxy listens on, as it says on standard error.
    let proxyPort: Int

    /// Starts the upstream peer, then `gatewire proxy --listen 127.0.0.1:0 --upstream … --record …` followed by
    /// `arguments`, and waits until the proxy says its port. `name` tells the temporary folders apart; with
    /// `readingOutput` false nothing reads the proxy's standard output (see `ChildProcess`).
    init(name: String, arguments: [String] = [], readingOutput: Bool = true) async throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gatewire-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        do {
            let recording = directory.appendingPathComponent("session.jsonl")
            let upstream = try ChildProcess.fromRepositoryRoot(
                Self.python, ["python3", Self.peers.appendingPathComponent("upstream.py").path])
            let upstreamPort = try await upstream.waitFor("the upstream's port") { peer in
                peer.standardOutput.split(separator: "\n").first { $0.hasPrefix("PORT ") }
                    .flatMap { Int($0.dropFirst(5)) }
            }
            let proxy = try ChildProcess.fromRepositoryRoot(
                GatewireProcess.binary,
                [
                    "proxy", "--listen", "127.0.0.1:0", "--upstream", "ws://127.0.0.1:\(upstreamPort)",
                    "--record", recording.path,
                ] + arguments,
                readingOutput: readingOutput)
            proxyPort = try await proxy.waitFor("the proxy's port") { process -> Int? in
                guard let range = process.standardError.range(of: "proxying ws://127.0.0.1:") else { return nil }
                return Int(process.standardError[range.upperBound...].prefix { $0.isNumber })
            }
            self.directory = directory
            self.recording = recording
            self.upstream = upstream
            self.proxy = proxy
        } catch {
            // The processes started so far are killed as they go out of scope.
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    /// Starts the Python client peer on `url`, playing `steps` (its JSON script: send, receive, close).
    static func startClient(_ url: String, _ steps: [[String: Any]]) throws -> ChildProcess {
        let script = String(decoding: try JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        return try ChildProcess.fromRepositoryRoot(
            python, ["python3", peers.appendingPathComponent("client.py").path, url, script])
    }

    /// Starts the client peer on the proxy at `path`.
    func startClient(path: String, _ steps: [[String: Any]]) throws -> ChildProcess {
        try Self.startClient("ws://127.0.0.1:\(proxyPort)\(path)", steps)
    }

    /// Kills the proxy, then the upstream, and removes the temporary folder.
    func stop() {
        proxy.kill()
        upstream.kill()
        try? FileManager.default.removeItem(at: directory)
    }
}
