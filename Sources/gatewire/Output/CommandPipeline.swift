import Foundation
import GatewireCore

/// A command's ``SessionPipeline``, built from its flags, with the command-line failure policy: a sink that fails
/// is reported on standard error at once, the rest goes on, and ``finish()`` reports it again and fails the command
/// with exit code 74.
struct CommandPipeline {
    /// Where and how `--record` writes.
    struct Recording {
        /// The file to create (never overwritten).
        var path: String
        /// The header, given the time the recording starts.
        var header: (Timestamp) -> RecordingHeader
        /// When the recording starts: at the first event (a file being converted keeps its own times) or now
        /// (live traffic).
        var startsAtFirstEvent: Bool
    }

    private(set) var pipeline: SessionPipeline

    /// Builds the pipeline; the recording file, if any, is created now, so a bad path fails before any traffic.
    ///
    /// - Parameters:
    ///   - analysis: how events are analysed; `nil` when nothing shown depends on it.
    ///   - redaction: the command's `--redact-param`/`--no-redact`.
    ///   - sinks: the consumers other than the recording, in order (the printer first, so live lines are queued
    ///     before the recording, which is lossless, is written).
    ///   - record: `--record`, if given.
    init(
        analysis: SessionAnalyzerConfiguration?, redaction: RedactionOptions, sinks: [any SessionEventSink],
        record: Recording? = nil
    ) throws {
        var all = sinks
        if let record { all.append(try Self.recordingSink(record)) }
        let analyzer = try analysis.map { try SessionAnalyzer(configuration: $0) }
        pipeline = SessionPipeline(
            analyzer: analyzer, redactor: redaction.redactor(), sinks: all,
            onFailure: { failure in
                Terminal.printError("gatewire: error: \(failure); nothing more is written there, the rest goes on")
            })
    }

    /// Takes one event (files: events go through in blocks).
    mutating func process(_ event: SessionEvent) {
        pipeline.process(event)
    }

    /// Takes a batch (live traffic: whatever arrived together).
    mutating func process(_ events: [SessionEvent]) {
        pipeline.process(events)
    }

    /// Reads a whole live source, batch by batch, until it ends.
    mutating func drain(_ batches: some AsyncSequence<[SessionEvent], Never>) async {
        for await batch in batches { pipeline.process(batch) }
    }

    /// Reads a whole live source, event by event, until it ends.
    mutating func drain(events: some AsyncSequence<SessionEvent, Never>) async {
        for await event in events { pipeline.process([event]) }
    }

    /// Judges what follows against other routes (the next of several files).
    mutating func restartAnalysis(with configuration: SessionAnalyzerConfiguration) throws {
        try pipeline.restartAnalysis(with: configuration)
    }

    /// Finishes every sink; a sink that failed fails the command.
    ///
    /// - Throws: ``CommandFailure`` with ``ExitCodes/ioError`` naming every failed output.
    mutating func finish() throws {
        let failures = pipeline.finish()
        guard !failures.isEmpty else { return }
        throw CommandFailure(
            description: failures.map { "\($0); that output is incomplete" }.joined(separator: "\ngatewire: error: "),
            exitCode: ExitCodes.ioError)
    }

    /// The sink at `index` among those given, to read what it gathered once the events are through.
    func sink<Sink: SessionEventSink>(at index: Int, as type: Sink.Type) -> Sink? {
        pipeline.sink(at: index, as: type)
    }

    private static func recordingSink(_ record: Recording) throws -> any SessionEventSink {
        let output = FileHandleRecordingOutput(handle: try OutputFile.create(record.path))
        let name = "the recording \(record.path)"
        guard record.startsAtFirstEvent else {
            do {
                return RecordingSink(
                    name: name,
                    writer: try RecordingWriter(output: output, header: record.header(Timestamp(Date()))))
            } catch {
                throw CommandFailure(description: "cannot write \(name): \(error)", exitCode: ExitCodes.ioError)
            }
        }
        return RecordingSink(name: name) { start in
            try RecordingWriter(output: output, header: record.header(start))
        }
    }
}
