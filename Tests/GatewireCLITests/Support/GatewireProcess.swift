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
    ///
    /// It waits without holding a thread: tests run in parallel on a small pool, and in-process servers of other
    /// suites need its threads while a command runs.
    static func run(_ arguments: [String], input: String? = nil) async throws -> ChildProcess.Result {
        try await ChildProcess.run(
            binary, arguments, currentDirectory: repositoryRoot, input: Data((input ?? "").utf8),
            timeout: .seconds(120))
    }
}
