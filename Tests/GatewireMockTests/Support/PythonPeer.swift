import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", directory.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let inputPipe = Pipe()
        process.standardInput = inputPipe
        try process.run()
        inputPipe.fileHandleForWriting.write(input ?? Data())
        try inputPipe.fileHandleForWriting.close()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(timeout))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        // Blocking reads run on their own threads: the cooperative pool has one thread per core (two here), and
        // parked pool threads would starve the gateway under test.
        async let stdout = Self.readToEnd(output.fileHandleForReading)
        async let stderrData = Self.readToEnd(errors.fileHandleForReading)
        let (stdoutData, stderr) = await (stdout, stderrData)
        await Self.waitForExit(process)
        watchdog.cancel()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "\(script) exited with \(process.terminationStatus): "
                    + String(decoding: stderr, as: UTF8.self))
        }
        return String(decoding: stdoutData, as: UTF8.self)
    }

    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }

    static func waitForExit(_ process: Process) async {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                process.waitUntilExit()
                continuation.resume()
            }
        }
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
final class PeerProcess: @unchecked Sendable {
    private let process = Process()
    let workDirectory: URL

    /// Starts a peer whose arguments may name files in a fresh temporary directory.
    init(_ script: String, arguments: (URL) -> [String]) throws {
        workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("gatewire-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            ["python3", PythonPeer.directory.appendingPathComponent(script).path]
            + arguments(workDirectory)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for a file the peer writes once it is ready, and returns its contents.
    func waitForFile(_ name: String, timeout: Double = 60) async throws -> String {
        let url = workDirectory.appendingPathComponent(name)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOf: url, encoding: .utf8), !text.isEmpty { return text }
            guard process.isRunning else { throw PythonPeer.Failure(description: "peer exited early") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw PythonPeer.Failure(description: "peer did not write \(name) within \(timeout) s")
    }

    func stop() async {
        // SIGKILL: a child of the test runner may inherit a signal mask that blocks SIGTERM.
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        await PythonPeer.waitForExit(process)
        try? FileManager.default.removeItem(at: workDirectory)
    }
}
