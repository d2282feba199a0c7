import Foundation
import GatewireCore
import NIOCore

/// The diagnosis of the kept events as `/diagnosis` serves it: recomputed from the ``LiveEventStore`` only when
/// events arrived since and the last computation is older than the configured interval, so many pages polling a
/// busy session cost one computation per interval.
///
/// Each input is diagnosed against its own API, as `gatewire diagnose` does for several files, by a
/// ``SessionDiagnoser`` that takes the events as the pipeline already analysed them.
final class DiagnosisCache: @unchecked Sendable {
    private struct Cached {
        var latest: Int
        var finished: Bool
        var computedAt: NIODeadline
        var json: Data
    }

    private let store: LiveEventStore
    private let configuration: DiagnosisConfiguration
    private let interval: TimeAmount
    private let lock = NSLock()
    /// Held while computing, so concurrent requests wait for one computation instead of running several.
    private let computing = NSLock()
    private var cached: Cached?

    init(store: LiveEventStore, configuration: DiagnosisConfiguration, intervalMilliseconds: Int) {
        self.store = store
        self.configuration = configuration
        interval = .milliseconds(Int64(intervalMilliseconds))
    }

    /// The report as JSON; blocks while computing, so call it off the event loop.
    func json() -> Data {
        computing.withLock {
            let latest = store.latestSequence
            let finished = store.isFinished
            let now = NIODeadline.now()
            if let cached = lock.withLock({ cached }),
                (cached.latest == latest && cached.finished == finished) || now - cached.computedAt < interval
            {
                return cached.json
            }
            let json = Self.encode(Self.report(store.snapshot(), configuration: configuration))
            lock.withLock { cached = Cached(latest: latest, finished: finished, computedAt: now, json: json) }
            return json
        }
    }

    /// Diagnoses kept events input by input.
    static func report(
        _ snapshot: (inputs: [LiveEventStore.Input], entries: [LiveEventStore.Entry], latest: Int),
        configuration: DiagnosisConfiguration
    ) -> DiagnosisReport {
        // The expression of every input was parsed when the pipeline analysed its events, so these cannot fail;
        // a diagnoser that cannot begin yields an empty report rather than an error page.
        guard var diagnoser = try? SessionDiagnoser(configuration: configuration, analyzesEvents: false) else {
            return DiagnosisReport(
                inputs: [], decoding: configuration.policy.name, keyParameters: [], keyParametersGuessed: true,
                missingSubscriptions: [], routeProblems: [], gatewayTrouble: [])
        }
        var next = 0
        for (index, input) in snapshot.inputs.enumerated() {
            try? diagnoser.begin(name: input.name, source: input.source, routes: input.routes)
            while next < snapshot.entries.count, snapshot.entries[next].input == index {
                diagnoser.consume(snapshot.entries[next].event)
                next += 1
            }
        }
        return diagnoser.report()
    }

    private static func encode(_ report: DiagnosisReport) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(report)) ?? Data("{}".utf8)
    }
}
