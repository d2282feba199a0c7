import Foundation

/// A long-running child process whose standard output and error are collected as they arrive, for tests that must
/// watch a server start, drive traffic through it and then kill it.
final class BackgroundProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let process: Process
    private let lock = NSLock()
    private var output = Data()
    private var errors = Data()

    /// The pipe of a process whose standard output is read only when the test says so.
    private var unreadOutput: Pipe?

    /// Starts `executable` with arguments from the repository root. With `readingOutput` false nothing reads its
    /// standard output until `startReadingOutput()`: a reader that stopped, once the pipe's buffer is full.
    init(_ executable: URL, _ arguments: [String], readingOutput: Bool = true) throws {
        let (process, out, err) = Process.piped(executable, arguments)
        self.process = process
        if readingOutput {
            out.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                self?.lock.withLock { self?.output.append(data) }
            }
        } else {
            unreadOutput = out
        }
        err.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.errors.append(data) }
        }
        try process.run()
    }

    /// Starts collecting standard output held back by `readingOutput: false`.
    func startReadingOutput() {
        unreadOutput?.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            self?.lock.withLock { self?.output.append(data) }
        }
    }

    /// The process id, to read its `/proc` entries.
    var processIdentifier: Int32 { process.processIdentifier }

    var standardOutput: String { lock.withLock { String(decoding: output, as: UTF8.self) } }
    var standardError: String { lock.withLock { String(decoding: errors, as: UTF8.self) } }
    var isRunning: Bool { process.isRunning }
    var terminationStatus: Int32 { process.terminationStatus }
    var terminationReason: Process.TerminationReason { process.terminationReason }

    /// Waits until `find` returns a value from the output so far, failing after `timeout` or when the process exits.
    func waitFor<T>(
        _ what: String, timeout: Duration = .seconds(60), _ find: (BackgroundProcess) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = find(self) { return value }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Failure(description: "gave up waiting for \(what); stderr: \(standardError)")
    }

    /// Sends SIGKILL and waits for the exit. SIGKILL because it cannot be blocked: a child inherits the test
    /// runner's blocked-signal mask, so SIGTERM and SIGINT may never arrive.
    /// Sends SIGTERM and waits up to `timeout` for the process to end (then SIGKILL).
    ///
    /// - Returns: the exit status.
    @discardableResult
    func terminate(timeout: Duration = .seconds(15)) async -> Int32 {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGTERM) }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        kill()
        // Let the output readers take what the process wrote last.
        try? await Task.sleep(for: .milliseconds(100))
        return process.terminationStatus
    }

    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        kill()
    }
}
