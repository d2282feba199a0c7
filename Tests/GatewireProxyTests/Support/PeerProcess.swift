import Foundation
import NIOConcurrencyHelpers

/// A Python peer from `Tests/GatewireProxyTests/Peers`, run as a real process: the independent implementation the
/// proxy is tested against. A missing interpreter or library is a test failure, never a skip
/// (`scripts/install-test-peers` installs them).
final class PeerProcess: Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static let peersDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Peers")

    private let process: Process
    private let output = NIOLockedValueBox(Data())
    private let errors = NIOLockedValueBox(Data())

    private init(script: String, arguments: [String]) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.peersDirectory.appendingPathComponent(script).path] + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let output = self.output
        let errors = self.errors
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.withLockedValue { $0.append(data) }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            errors.withLockedValue { $0.append(data) }
        }
        try process.run()
    }

    /// Starts a server peer and waits for the `PORT n` line it prints once listening.
    static func startServer(_ script: String, _ arguments: [String] = []) async throws -> (PeerProcess, Int) {
        let peer = try PeerProcess(script: script, arguments: arguments)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let text = String(decoding: peer.output.withLockedValue { $0 }, as: UTF8.self)
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }),
                let port = Int(line.dropFirst(5))
            {
                return (peer, port)
            }
            guard peer.process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        peer.stop()
        throw Failure(description: "\(script) did not start: \(peer.standardError)")
    }

    /// Runs a client peer to completion and decodes the JSON object it prints.
    static func runClient(_ script: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws
        -> [String: Any]
    {
        let peer = try PeerProcess(script: script, arguments: arguments)
        let deadline = ContinuousClock.now + timeout
        while peer.process.isRunning {
            if ContinuousClock.now > deadline {
                peer.stop()
                throw Failure(description: "\(script) did not finish in time: \(peer.standardError)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        try await Task.sleep(for: .milliseconds(50))
        let data = peer.output.withLockedValue { $0 }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(
                description: "\(script) printed no JSON: \(String(decoding: data, as: UTF8.self)) "
                    + "\(peer.standardError)")
        }
        return object
    }

    /// Everything the peer printed so far.
    var standardOutput: String { String(decoding: output.withLockedValue { $0 }, as: UTF8.self) }

    var standardError: String { String(decoding: errors.withLockedValue { $0 }, as: UTF8.self) }

    func stop() {
        if process.isRunning {
            // SIGKILL: a signal mask inherited from the test runner may block SIGTERM in the child.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit {
        stop()
    }
}
