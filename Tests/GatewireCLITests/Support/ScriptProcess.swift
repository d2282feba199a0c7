import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs one of the repository's scripts to completion, with no signals blocked (through
/// `scripts/with-default-signals`, since the test runner's blocked-signal mask would pass to the script's children).
enum ScriptProcess {
    /// The outcome of one run.
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs `arguments` (a script and its arguments, relative to the repository root) and waits for it, killing it
    /// after `timeout` seconds.
    static func run(_ arguments: [String], timeout: Double = 60) async throws -> Result {
        let root = GatewireProcess.repositoryRoot
        let (process, output, errors) = Process.piped(
            root.appendingPathComponent("scripts/with-default-signals"), arguments)
        try process.run()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(timeout))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        // Blocking reads and the wait run on their own threads, so the cooperative pool (one thread per core) stays
        // free for the tests running alongside.
        async let stdout = onThread { output.fileHandleForReading.readDataToEndOfFile() }
        async let stderr = onThread { errors.fileHandleForReading.readDataToEndOfFile() }
        let (outputData, errorData) = await (stdout, stderr)
        _ = await onThread { process.waitUntilExit() }
        watchdog.cancel()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }

    private static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }
}
