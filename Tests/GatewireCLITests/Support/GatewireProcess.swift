import Foundation

/// Runs the built `gatewire` binary the way a user would, and captures what it prints.
struct GatewireProcess {
    /// The outcome of one run.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

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
    static func run(_ arguments: [String], input: String? = nil) throws -> Result {
        let inputPipe = Pipe()
        let (process, output, error) = Process.piped(binary, arguments, input: inputPipe)
        try process.run()
        if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inputPipe.fileHandleForWriting.close()
        // Read both pipes before waiting, so a large output cannot fill a pipe and block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}
