import Foundation

/// Runs the built `gatewire` executable, which `swift test` builds next to the test bundle.
enum GatewireBinary {
    /// The built executable.
    static var executable: URL {
        let products =
            Bundle.allBundles.first { $0.bundlePath.hasSuffix(".xctest") }?.bundleURL
            .deletingLastPathComponent() ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return products.appendingPathComponent("gatewire")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }

    /// `gatewire inspect --json FILE`, one JSON object per event.
    static func inspectJSON(_ path: String) throws -> [[String: Any]] {
        let result = try run(["inspect", "--json", path])
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
