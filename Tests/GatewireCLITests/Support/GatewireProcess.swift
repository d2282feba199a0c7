import Foundation
import GatewireTestSupport

/// Runs the built `gatewire` binary the way a user would, and captures what it prints.
struct GatewireProcess {
    /// The repository root, where `captures/` lives.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The binary built next to the test bundle (SwiftPM puts products and tests in one folder).
    static var binary: URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            Bundle.main.bundleURL,
        ].compactMap { $0 }
        for directory in candidates {
            let url = directory.appendingPathComponent("gatewire")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return repositoryRoot.appendingPathComponent(".build/debug/gatewire")
    }

    /// Runs `gatewire` with arguments and optional standard input, from the repository root, with colour off.
    static func run(_ arguments: [String], input: String? = nil) throws -> ChildProcess.Result {
        let process = try ChildProcess(
            binary, arguments, currentDirectory: repositoryRoot, input: Data((input ?? "").utf8))
        let status = process.waitUntilExit()
        return ChildProcess.Result(
            status: status, standardOutput: process.standardOutput, standardError: process.standardError)
    }
}
