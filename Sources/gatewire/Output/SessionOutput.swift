import Foundation
import GatewireCapture
import GatewireCore

/// Sends each imported session event through the analyzer to the outputs a command asked for: standard output
/// (through the shared `EventPrinter`) and, with `--record`, a recording file.
struct SessionOutput {
    private let recordPath: String?
    private let source: RecordingSource
    private let routes: RouteConfiguration?
    private let quiet: Bool
    private var analyzer: SessionAnalyzer
    /// Whether anything this output shows depends on the analysis. `--quiet` without `--record` prints error events
    /// only and no summary, and the analyzer changes neither, so there it is skipped: checking a large capture for
    /// decoding problems does not pay for route resolution and lint it would not show.
    private let analyzes: Bool
    private var writer: RecordingWriter<FileHandleRecordingOutput>?
    private var printer: EventPrinter
    /// Findings the analyzer reported, by severity, for the summary line.
    private var findingCounts: [Finding.Severity: Int] = [:]

    /// Prepares the outputs; the recording file is created with the first event, whose time starts it.
    ///
    /// - Parameter routes: the API the traffic is judged against, as the proxy judges live traffic.
    init(
        options: OutputOptions, filter: EventFilter, routes: RouteConfiguration?, recordPath: String?,
        source: RecordingSource, buffered: Bool = false
    ) throws {
        self.recordPath = recordPath
        self.source = source
        self.routes = routes
        quiet = options.quiet
        analyzes = !options.quiet || recordPath != nil
        analyzer = try SessionAnalyzer(configuration: SessionAnalyzerConfiguration(routes: routes))
        printer = EventPrinter(output: options, filter: filter, buffered: buffered)
        if let recordPath, FileManager.default.fileExists(atPath: recordPath) {
            throw CommandFailure(
                description: "\(recordPath) already exists; a recording is never overwritten",
                exitCode: ExitCodes.noInput)
        }
    }

    /// Analyzes one event and writes it to every output.
    mutating func emit(_ event: SessionEvent) throws {
        let analyzed = analyzes ? analyzer.analyze(event) : event
        for finding in Self.findings(of: analyzed) { findingCounts[finding.severity, default: 0] += 1 }
        if recordPath != nil {
            try openRecording(startedAt: analyzed.time)
            try writer?.write(analyzed)
        }
        try printer.print(analyzed)
    }

    /// Closes the recording (creating an empty one if no event came) and prints the summary on standard error.
    mutating func finish(_ summary: CaptureSummary) throws {
        printer.flush()
        if recordPath != nil {
            try openRecording(startedAt: Timestamp(microsecondsSinceEpoch: 0))
            try writer?.close()
        }
        if !quiet {
            FileHandle.standardError.write(Data((Self.summaryLine(summary, findings: findingCounts) + "\n").utf8))
        }
    }

    /// The closing line: connections, messages, findings and gaps.
    static func summaryLine(_ summary: CaptureSummary, findings: [Finding.Severity: Int] = [:]) -> String {
        var parts = [
            "\(summary.connections) connection\(summary.connections == 1 ? "" : "s")",
            "\(summary.messages) message\(summary.messages == 1 ? "" : "s")",
            "\(summary.controlFrames) ping/pong", "\(summary.problems) problem\(summary.problems == 1 ? "" : "s")",
            "\(summary.gaps) gap\(summary.gaps == 1 ? "" : "s")",
        ]
        if summary.packets > 0 { parts.append("\(summary.packets) packets") }
        let total = findings.values.reduce(0, +)
        if total > 0 {
            let bySeverity = Finding.Severity.allCases.reversed().compactMap { severity -> String? in
                findings[severity].map { "\($0) \(severity.rawValue)" }
            }
            parts.append("\(total) finding\(total == 1 ? "" : "s") (\(bySeverity.joined(separator: ", ")))")
        }
        return parts.joined(separator: ", ")
    }

    private static func findings(of event: SessionEvent) -> [Finding] {
        switch event {
        case .connect(let connect): connect.findings
        case .message(let message): message.findings
        case .control, .close, .error: []
        }
    }

    private mutating func openRecording(startedAt: Timestamp) throws {
        guard writer == nil, let recordPath else { return }
        let header = RecordingHeader(
            creator: .gatewire, startedAt: startedAt, source: source,
            api: routes.map { RecordingHeader.API($0) })
        writer = try RecordingWriter(
            output: FileHandleRecordingOutput(creatingFileAt: URL(fileURLWithPath: recordPath)), header: header)
    }
}
