public import Foundation

/// A process a test starts: a server to drive traffic through, a peer to talk to, a script to run to its end.
///
/// Its standard output and error are collected as they arrive, each on a thread of its own (never on the
/// cooperative pool, whose one thread per core the code under test needs), and every wait is bounded. Colour is off
/// (`NO_COLOR`). It is killed with SIGKILL when the test is done with it: a child inherits the test runner's
/// blocked-signal mask, so SIGTERM and SIGINT may never arrive.
public final class ChildProcess: @unchecked Sendable {
    /// A wait that gave up, or a run that failed, with what the process printed on standard error.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    /// The outcome of a run to completion.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String

        public init(status: Int32, standardOutput: String, standardError: String) {
            self.status = status
            self.standardOutput = standardOutput
            self.standardError = standardError
        }
    }

    private let process = Process()
    private let lock = NSLock()
    private var output = Data()
    private var errors = Data()
    private var standardOutputEnded = false
    private var standardErrorEnded = false
    /// The pipe of a process whose standard output is read only when the test says so.
    private var unreadOutput: Pipe?

    /// Starts `executable` with `arguments`.
    ///
    /// - Parameters:
    ///   - currentDirectory: where it runs; the test runner's directory when `nil`.
    ///   - input: written to its standard input, which is then closed (nothing: it reads end of file at once).
    ///   - readingOutput: when `false`, nothing reads its standard output until ``startReadingOutput()``: a
    ///     reader that stopped, once the pipe's buffer is full.
    public init(
        _ executable: URL, _ arguments: [String], currentDirectory: URL? = nil, input: Data? = nil,
        readingOutput: Bool = true
    ) throws {
        process.executableURL = executable
        process.arguments = arguments
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice
        if readingOutput {
            collect(out, standardOutput: true)
        } else {
            unreadOutput = out
        }
        collect(err, standardOutput: false)
        try process.run()
        if let inputPipe, let input {
            inputPipe.fileHandleForWriting.write(input)
            try inputPipe.fileHandleForWriting.close()
        }
    }

    /// Starts a program found on the `PATH` (through `/usr/bin/env`): `["python3", script, …]`.
    public convenience init(command: [String], currentDirectory: URL? = nil, input: Data? = nil) throws {
        try self.init(
            URL(fileURLWithPath: "/usr/bin/env"), command, currentDirectory: currentDirectory, input: input)
    }

    /// Runs a program to its end, killing it after `timeout`, and returns its status and everything it printed.
    public static func run(
        _ executable: URL, _ arguments: [String], currentDirectory: URL? = nil, input: Data? = nil,
        timeout: Duration = .seconds(60)
    ) async throws -> Result {
        let child = try ChildProcess(executable, arguments, currentDirectory: currentDirectory, input: input)
        let status = await child.waitForExit(timeout: timeout)
        return Result(status: status, standardOutput: child.standardOutput, standardError: child.standardError)
    }

    /// Runs a program found on the `PATH` (through `/usr/bin/env`) to its end, killing it after `timeout`:
    /// `["openssl", "req", …]`.
    public static func run(
        command: [String], currentDirectory: URL? = nil, input: Data? = nil, timeout: Duration = .seconds(60)
    ) async throws -> Result {
        try await run(
            URL(fileURLWithPath: "/usr/bin/env"), command, currentDirectory: currentDirectory, input: input,
            timeout: timeout)
    }

    /// Collects what arrives on `pipe` (its standard output, or its standard error) until its end, on a thread of
    /// its own that blocks in `read`.
    ///
    /// Not through `readabilityHandler`: on Linux its dispatch source now and then stops firing while data and the
    /// end of file are still in the pipe (swift-corelibs-foundation issue 3275), which cut a command's output short.
    private func collect(_ pipe: Pipe, standardOutput isOutput: Bool) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [weak self] in
            var buffer = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                // The end of the pipe, or an error reading it, which ends it as well.
                let chunk = count > 0 ? Data(buffer[..<count]) : Data()
                guard let self else { return }
                lock.withLock {
                    switch (isOutput, chunk.isEmpty) {
                    case (true, false): output.append(chunk)
                    case (false, false): errors.append(chunk)
                    case (true, true): standardOutputEnded = true
                    case (false, true): standardErrorEnded = true
                    }
                }
                if chunk.isEmpty { return }
            }
        }
    }

    /// Starts collecting standard output held back by `readingOutput: false`.
    public func startReadingOutput() {
        let pipe: Pipe? = lock.withLock {
            defer { unreadOutput = nil }
            return unreadOutput
        }
        if let pipe { collect(pipe, standardOutput: true) }
    }

    /// The process id, to read its `/proc` entries or send it a signal.
    public var processIdentifier: Int32 { process.processIdentifier }
    /// Everything it printed on standard output so far.
    public var standardOutput: String { lock.withLock { String(decoding: output, as: UTF8.self) } }
    /// Everything it printed on standard error so far.
    public var standardError: String { lock.withLock { String(decoding: errors, as: UTF8.self) } }
    public var isRunning: Bool { process.isRunning }
    public var terminationStatus: Int32 { process.terminationStatus }
    public var terminationReason: Process.TerminationReason { process.terminationReason }

    /// Waits until `find` returns a value from the process so far, failing after `timeout` or when it exits first.
    public func waitFor<T>(
        _ what: String, timeout: Duration = .seconds(60), _ find: (ChildProcess) -> T?
    ) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let value = find(self) { return value }
            guard process.isRunning else {
                // What it printed last may still have been on its way.
                await waitForOutputEnd()
                if let value = find(self) { return value }
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Failure(description: "gave up waiting for \(what); stderr: \(standardError)")
    }

    /// Waits until its standard output holds `text`, failing after `timeout` or when it exits first.
    public func waitForOutput(_ text: String, timeout: Duration = .seconds(60)) async throws {
        try await waitFor(text, timeout: timeout) { $0.standardOutput.contains(text) ? () : nil }
    }

    /// Waits for it to exit, killing it after `timeout`, then for the last of its output.
    ///
    /// - Returns: its exit status.
    @discardableResult
    public func waitForExit(timeout: Duration) async -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        kill()
        await waitForOutputEnd()
        return process.terminationStatus
    }

    /// Sends SIGTERM and waits up to `timeout` for it to end (then SIGKILL).
    ///
    /// - Returns: its exit status.
    @discardableResult
    public func terminate(timeout: Duration = .seconds(15)) async -> Int32 {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGTERM) }
        return await waitForExit(timeout: timeout)
    }

    /// Sends SIGKILL if it still runs, and waits for it to end.
    public func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// Waits (at most two seconds: a grandchild may hold the pipes open) until both pipes reached their end.
    private func waitForOutputEnd() async {
        let deadline = ContinuousClock.now + .seconds(2)
        while !outputEnded, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// Whether both pipes reached their end (standard output held back counts as ended).
    private var outputEnded: Bool {
        lock.withLock { (standardOutputEnded || unreadOutput != nil) && standardErrorEnded }
    }

    deinit {
        kill()
    }
}
