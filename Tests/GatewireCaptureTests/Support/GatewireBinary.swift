import Foundation
import GatewireTestSupport

/// Runs the built `gatewire` executable, which `swift test` builds next to the test bundle.
enum GatewireBinary {
    /// The built executable.
    static var executable: URL {
        let products =
            Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
            .deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return products.appendingPathComponent("gatewire")
    }

    /// Runs it with `arguments` to its end (killed after two minutes), waiting without holding a thread: tests run
    /// in parallel on a small pool, and in-process servers of other suites need its threads meanwhile.
    static func run(_ arguments: [String]) async throws -> (status: Int32, stdout: Data, stderr: String) {
        let result = try await ChildProcess.run(executable, arguments, timeout: .seconds(120))
        return (result.status, Data(result.standardOutput.utf8), result.standardError)
    }

    /// `gatewire inspect --json FILE`, one JSON object per event.
    static func inspectJSON(_ path: String) async throws -> [[String: Any]] {
        let result = try await run(["inspect", "--json", path])
        // 1 is findings at or above --fail-on, which these comparisons do not judge; anything else is a failure.
        guard result.status == 0 || result.status == 1 else { throw Failed(stderr: result.stderr) }
        return try String(decoding: result.stdout, as: UTF8.self).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
    }

    struct Failed: Error, CustomStringConvertible {
        var stderr: String
        var description: String { "gatewire inspect failed: \(stderr)" }
    }
}
