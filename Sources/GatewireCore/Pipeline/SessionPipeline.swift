/// The one path every event takes, in every command: source → analysis (routes, lint, limits) → redaction → sinks.
///
/// Sources (the proxy, the mock, capture import, HAR and recording files) hand their events to ``process(_:)``, in
/// batches where they have them. Analysis sees the real bytes; redaction then replaces credentials; only then do the
/// sinks (recording, printed lines, JSON lines, HAR, diagnosis, live view) see the event. So filters, redaction and
/// the failure policy are the same for every command.
///
/// Failure policy: a sink that throws is detached at once and never called again; ``onFailure`` is told at once
/// (the command prints it), and ``finish()`` returns every failure so the command can say it again and exit
/// non-zero. The source and the other sinks go on: a full disk stops the recording, not the relay.
public struct SessionPipeline {
    private struct Attached {
        var sink: any SessionEventSink
        var taken = 0
        var failed = false
    }

    /// The analysis stage; `nil` when nothing the command shows depends on it.
    public private(set) var analyzer: SessionAnalyzer?
    /// The redaction stage; `nil` only with `--no-redact`.
    public private(set) var redactor: EventRedactor?
    private var sinks: [Attached]
    /// Every sink failure so far, in order.
    public private(set) var failures: [SinkFailure] = []
    private let onFailure: (SinkFailure) -> Void
    /// Events given one at a time (files) wait here and go through in blocks, so sinks write in large blocks.
    private var pending: [SessionEvent] = []

    /// How many single events are gathered before they go through the stages together.
    public static let blockSize = 512

    /// Creates a pipeline.
    ///
    /// - Parameters:
    ///   - analyzer: route resolution, lint and limits; `nil` to pass events through unanalysed.
    ///   - redactor: credential redaction; `nil` keeps every value as sent.
    ///   - sinks: the consumers, called in this order for each batch.
    ///   - onFailure: told at once when a sink fails.
    public init(
        analyzer: SessionAnalyzer?, redactor: EventRedactor?, sinks: [any SessionEventSink],
        onFailure: @escaping (SinkFailure) -> Void = { _ in }
    ) {
        self.analyzer = analyzer
        self.redactor = redactor
        self.sinks = sinks.map { Attached(sink: $0) }
        self.onFailure = onFailure
    }

    /// Sends a batch through every stage at once (live sources: what waited arrives together).
    public mutating func process(_ events: consuming [SessionEvent]) {
        flush()
        run(events)
    }

    /// Takes one event; it goes through with the next block (files: large blocks, few writes).
    public mutating func process(_ event: SessionEvent) {
        pending.append(event)
        if pending.count >= Self.blockSize { flush() }
    }

    /// Sends the events gathered by ``process(_:)-(SessionEvent)`` through now.
    public mutating func flush() {
        guard !pending.isEmpty else { return }
        let events = pending
        pending.removeAll(keepingCapacity: true)
        run(events)
    }

    /// Judges the events that follow against other routes (the next of several files), starting a new analysis.
    public mutating func restartAnalysis(with configuration: SessionAnalyzerConfiguration)
        throws(RouteSelectionExpressionError)
    {
        flush()
        guard analyzer != nil else { return }
        analyzer = try SessionAnalyzer(configuration: configuration)
    }

    /// Flushes and finishes every sink that has not failed.
    ///
    /// - Returns: every sink failure, including those reported before.
    public mutating func finish() -> [SinkFailure] {
        flush()
        for index in sinks.indices where !sinks[index].failed {
            do {
                try sinks[index].sink.finish()
            } catch {
                fail(index, error)
            }
        }
        return failures
    }

    /// Calls `body` with the sink at `index` among those given to ``init(analyzer:redactor:sinks:onFailure:)``,
    /// to read what it gathered (a diagnosis, a tally) once the events are through.
    public func sink<Sink: SessionEventSink>(at index: Int, as type: Sink.Type) -> Sink? {
        sinks.indices.contains(index) ? sinks[index].sink as? Sink : nil
    }

    // The batch is taken over (`consuming`), so analysis and redaction change its events in place instead of
    // copying the whole batch first.
    private mutating func run(_ events: consuming [SessionEvent]) {
        guard !events.isEmpty else { return }
        var events = events
        if analyzer != nil {
            for index in events.indices { analyzer!.analyze(&events[index]) }
        }
        if redactor != nil {
            for index in events.indices { redactor!.redact(&events[index]) }
        }
        for index in sinks.indices where !sinks[index].failed {
            do {
                try sinks[index].sink.consume(events)
                sinks[index].taken += events.count
            } catch {
                fail(index, error)
            }
        }
    }

    private mutating func fail(_ index: Int, _ error: any Error) {
        sinks[index].failed = true
        let failure = SinkFailure(
            sink: sinks[index].sink.name, reason: Self.reason(error), eventsTaken: sinks[index].taken)
        failures.append(failure)
        onFailure(failure)
    }

    private static func reason(_ error: any Error) -> String {
        if let recording = error as? RecordingError { return recording.description }
        return "\(error)"
    }
}
