import Foundation
import GatewireCore
import NIOCore

/// The diagnosis of the kept events as `/diagnosis` serves it, brought up to date only when events arrived since
/// and the last answer is older than the configured interval, so many pages polling a busy session cost one update
/// per interval.
///
/// Updates are incremental: one ``SessionDiagnoser`` takes the events appended since the last update, so an update
/// costs what arrived, not the whole store (a full pass over 100,000 events takes about 150 ms). Once the store has
/// forgotten more than a quarter of its limit's worth of the events the diagnoser has seen, it starts over from the
/// kept events; so the report covers the kept events and at most that many older ones. Each input is diagnosed
/// against its own API, as `gatewire diagnose` does for several files, by a diagnoser that takes the events as the
/// pipeline already analysed them.
final class DiagnosisCache: @unchecked Sendable {
    private struct Cached {
        var latest: Int
        var finished: Bool
        var computedAt: NIODeadline
        var json: Data
        /// The newest sequence number the report covers.
        var covers: Int
    }

    private let store: LiveEventStore
    private let configuration: DiagnosisConfiguration
    private let interval: TimeAmount
    /// Held while updating, so concurrent requests wait for one update instead of running several.
    private let updating = NSLock()
    private var cached: Cached?
    private var diagnoser: SessionDiagnoser?
    /// The oldest sequence number the diagnoser has seen.
    private var coveredFrom = 1
    /// The newest sequence number the diagnoser has seen.
    private var consumedThrough = 0
    /// How many of the store's inputs the diagnoser has begun.
    private var begunInputs = 0

    init(store: LiveEventStore, configuration: DiagnosisConfiguration, intervalMilliseconds: Int) {
        self.store = store
        self.configuration = configuration
        interval = .milliseconds(Int64(intervalMilliseconds))
    }

    /// The report as JSON, and the newest sequence number it covers (the page asks again while it has newer
    /// events); blocks while updating, so call it off the event loop.
    func json() -> (json: Data, covers: Int) {
        updating.withLock {
            let latest = store.latestSequence
            let finished = store.isFinished
            let now = NIODeadline.now()
            // The end of a file is answered at once: nothing follows it to bring a late update.
            if let cached,
                (cached.latest == latest && cached.finished == finished)
                    || (cached.finished == finished && now - cached.computedAt < interval)
            {
                return (cached.json, cached.covers)
            }
            let json = Self.encode(update())
            cached = Cached(latest: latest, finished: finished, computedAt: now, json: json, covers: consumedThrough)
            return (json, consumedThrough)
        }
    }

    /// Feeds the diagnoser what arrived since the last update (the lock is held).
    private func update() -> DiagnosisReport {
        let inputs = store.inputList
        var slice = store.entries(after: consumedThrough, limit: store.limits.maxEvents)
        if diagnoser == nil || slice.oldest - coveredFrom > store.limits.maxEvents / 4 {
            // The expression of every input was parsed when the pipeline analysed its events, so this cannot fail.
            diagnoser = try? SessionDiagnoser(configuration: configuration, analyzesEvents: false)
            begunInputs = 0
            coveredFrom = slice.oldest
            consumedThrough = slice.oldest - 1
            slice = store.entries(after: consumedThrough, limit: store.limits.maxEvents)
        }
        guard var diagnoser else { return Self.empty(configuration) }
        slice.forEach { sequence, input, event in
            while begunInputs <= input, begunInputs < inputs.count {
                Self.begin(inputs[begunInputs], in: &diagnoser)
                begunInputs += 1
            }
            diagnoser.consume(event)
            consumedThrough = sequence
        }
        // Inputs with no events yet are named in the report, as `gatewire diagnose` names an empty file.
        while begunInputs < inputs.count {
            Self.begin(inputs[begunInputs], in: &diagnoser)
            begunInputs += 1
        }
        self.diagnoser = diagnoser
        return diagnoser.report()
    }

    /// Diagnoses kept events input by input in one pass: what the incremental updates must agree with.
    static func report(
        _ snapshot: (inputs: [LiveEventStore.Input], entries: [LiveEventStore.Entry], latest: Int),
        configuration: DiagnosisConfiguration
    ) -> DiagnosisReport {
        guard var diagnoser = try? SessionDiagnoser(configuration: configuration, analyzesEvents: false) else {
            return empty(configuration)
        }
        var next = 0
        for (index, input) in snapshot.inputs.enumerated() {
            begin(input, in: &diagnoser)
            while next < snapshot.entries.count, snapshot.entries[next].input == index {
                diagnoser.consume(snapshot.entries[next].event)
                next += 1
            }
        }
        return diagnoser.report()
    }

    private static func begin(_ input: LiveEventStore.Input, in diagnoser: inout SessionDiagnoser) {
        // A route configuration whose expression does not parse never reaches the store: the pipeline's analysis
        // parsed it first.
        try? diagnoser.begin(name: input.name, source: input.source, routes: input.routes)
    }

    private static func empty(_ configuration: DiagnosisConfiguration) -> DiagnosisReport {
        DiagnosisReport(
            inputs: [], decoding: configuration.policy.name, keyParameters: [], keyParametersGuessed: true,
            missingSubscriptions: [], routeProblems: [], gatewayTrouble: [])
    }

    private static func encode(_ report: DiagnosisReport) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(report)) ?? Data("{}".utf8)
    }
}
