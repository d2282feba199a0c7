import Foundation
import GatewireCapture
import GatewireCore

/// Sends each session event to the outputs a command asked for: standard output (human lines or JSON Lines in
/// the recording format) and, with `--record`, a recording file.
struct SessionOutput {
    private let options: OutputOptions
    private let connections: Set<String>
    private let recordPath: String?
    private let source: RecordingSource
    private var writer: RecordingWriter<FileHandleRecordingOutput>?
    private let printer = EventLinePrinter()
    /// Whether lines are collected and written in large blocks (files) rather than one by one (live capture).
    private let buffered: Bool
    private var pending = Data()

    /// Prepares the outputs; the recording file is created with the first event, whose time starts it.
    init(
        options: OutputOptions, connections: [String], recordPath: String?, source: RecordingSource,
        buffered: Bool = false
    ) throws {
        self.options = options
        self.buffered = buffered
        self.connections = Set(connections)
        self.recordPath = recordPath
        self.source = source
        if let recordPath, FileManager.default.fileExists(atPath: recordPath) {
            throw CommandFailure(
                description: "\(recordPath) already exists; a recording is never overwritten",
                exitCode: ExitCodes.noInput)
        }
    }

    /// Writes one event to every output.
    mutating func emit(_ event: SessionEvent) throws {
        if recordPath != nil {
            try openRecording(startedAt: event.time)
            try writer?.write(event)
        }
        guard !options.quiet, connections.isEmpty || event.connection.map(connections.contains) == true else { return }
        var line = options.json ? try RecordedEvent(event).encoded() : Data(printer.line(for: event).utf8)
        line.append(UInt8(ascii: "\n"))
        guard buffered else {
            // Unbuffered, so live output shows as it happens, also in a pipe.
            FileHandle.standardOutput.write(line)
            return
        }
        // A file's events are written in 256 KiB blocks: one write(2) per line cost more than decoding them.
        pending.append(line)
        if pending.count >= 256 << 10 { flush() }
    }

    private mutating func flush() {
        guard !pending.isEmpty else { return }
        FileHandle.standardOutput.write(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Closes the recording (creating an empty one if no event came) and prints the summary on standard error.
    mutating func finish(_ summary: CaptureSummary) throws {
        flush()
        if recordPath != nil {
            try openRecording(startedAt: Timestamp(microsecondsSinceEpoch: 0))
            try writer?.close()
        }
        if !options.quiet {
            FileHandle.standardError.write(Data((EventLinePrinter.summary(summary) + "\n").utf8))
        }
    }

    private mutating func openRecording(startedAt: Timestamp) throws {
        guard writer == nil, let recordPath else { return }
        let header = RecordingHeader(
            creator: .init(name: "gatewire", version: GatewireCommand.version), startedAt: startedAt, source: source)
        writer = try RecordingWriter(
            output: FileHandleRecordingOutput(creatingFileAt: URL(fileURLWithPath: recordPath)), header: header)
    }
}
