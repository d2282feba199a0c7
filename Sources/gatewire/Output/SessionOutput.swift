import Foundation
import GatewireCapture
import GatewireCore

/// The pipeline of the commands that read traffic from a file or an interface (`inspect`, `capture`): analysis,
/// redaction, standard output (through the shared `EventPrinter`), `--record`, and the finding count for the summary
/// line and `--fail-on`.
struct SessionOutput {
    private let quiet: Bool
    /// Whether events go through in blocks (a file) or each at once (a live interface).
    private let buffered: Bool
    private var pipeline: CommandPipeline
    private static let tallyIndex = 1

    /// Prepares the outputs; the recording file is created now and starts with the first event's time.
    ///
    /// - Parameter routes: the API the traffic is judged against, as the proxy judges live traffic.
    init(
        options: OutputOptions, filter: EventFilter, redaction: RedactionOptions, routes: RouteConfiguration?,
        recordPath: String?, source: RecordingSource, buffered: Bool = false
    ) throws {
        quiet = options.quiet
        self.buffered = buffered
        // `--quiet` without `--record` prints error events only and the analysis changes none, so it is skipped:
        // checking a large capture for decoding problems does not pay for route resolution and lint it never shows.
        let analyzes = !options.quiet || recordPath != nil
        let api = routes.map { RecordingHeader.API($0) }
        var record: CommandPipeline.Recording?
        if let recordPath {
            record = CommandPipeline.Recording(
                path: recordPath,
                header: { start in RecordingHeader(creator: .gatewire, startedAt: start, source: source, api: api) },
                startsAtFirstEvent: true)
        }
        pipeline = try CommandPipeline(
            analysis: analyzes ? SessionAnalyzerConfiguration(routes: routes) : nil, redaction: redaction,
            sinks: [EventPrinter(output: options, filter: filter, buffered: buffered), FindingTally()], record: record)
    }

    /// Sends one event through the pipeline.
    mutating func emit(_ event: SessionEvent) {
        if buffered { pipeline.process(event) } else { pipeline.process([event]) }
    }

    /// Finishes every output and prints the summary on standard error.
    ///
    /// - Returns: the findings counted, for `--fail-on`.
    /// - Throws: ``CommandFailure`` (exit 74) when an output could not be written.
    @discardableResult
    mutating func finish(_ summary: CaptureSummary) throws -> FindingTally {
        let outcome = Result { try pipeline.finish() }
        let tally = pipeline.sink(at: Self.tallyIndex, as: FindingTally.self) ?? FindingTally()
        if !quiet {
            FileHandle.standardError.write(Data((Self.summaryLine(summary, findings: tally.counts) + "\n").utf8))
        }
        try outcome.get()
        return tally
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
}
