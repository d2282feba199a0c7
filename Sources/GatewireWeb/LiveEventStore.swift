import Foundation
public import GatewireCore
import NIOCore

/// The events the web view shows: the last ``Limits/maxEvents`` events the pipeline let through, numbered in order
/// of arrival, shared by every page that is open.
///
/// The pipeline appends and never waits: ``append(_:)`` takes a lock for as long as it takes to copy the batch in,
/// then wakes the pages' streams, which read at their own pace. When a limit is reached the oldest events are
/// forgotten; a stream that had not sent them yet reports them as skipped. Memory is bounded by both limits, so a
/// long proxy session cannot grow the process without end.
///
/// Events are kept per input (a file of `gatewire view`, or the live traffic), so the diagnosis judges each input
/// against its own API, as `gatewire diagnose` does.
public final class LiveEventStore: @unchecked Sendable {
    /// How much the store keeps.
    public struct Limits: Sendable {
        /// The most events kept. The default, 100,000, is a long debugging session and what the page's list is
        /// built to scroll smoothly; older events are forgotten first.
        public var maxEvents: Int
        /// The most payload bytes kept, summed over the kept events. The default, 256 MiB, keeps 100,000 messages of
        /// about 2.5 KiB each, and only 2,000 of API Gateway's largest (128 KiB); the count limit applies as well.
        public var maxPayloadBytes: Int

        /// Creates limits.
        public init(maxEvents: Int = 100_000, maxPayloadBytes: Int = 256 << 20) {
            self.maxEvents = max(1, maxEvents)
            self.maxPayloadBytes = max(1, maxPayloadBytes)
        }
    }

    /// One kept event.
    public struct Entry: Sendable {
        /// The event's number: 1 for the first event ever appended, counting those forgotten since.
        public var sequence: Int
        /// The index of its input in ``inputs``.
        public var input: Int
        /// The analysed, redacted event.
        public var event: SessionEvent
    }

    /// Where a run of events came from, for the diagnosis.
    public struct Input: Sendable {
        /// How the diagnosis names it (a file name, or `live`).
        public var name: String
        /// Where its traffic came from.
        public var source: RecordingSource
        /// The API its traffic is judged against, when known.
        public var routes: RouteConfiguration?

        /// Creates an input.
        public init(name: String, source: RecordingSource, routes: RouteConfiguration?) {
            self.name = name
            self.source = source
            self.routes = routes
        }
    }

    /// What a stream needs to know to send the next events.
    public struct Slice: Sendable {
        /// Kept events after the asked-for sequence number, oldest first.
        public var entries: [Entry]
        /// The sequence number of the oldest kept event (``latest`` + 1 when none is kept).
        public var oldest: Int
        /// The sequence number of the newest event appended, 0 before the first.
        public var latest: Int
    }

    /// What the store keeps at most.
    public let limits: Limits
    private let lock = NSLock()
    /// The kept events, oldest first: appending and forgetting the oldest are O(1), and so is reading the n-th.
    private var entries = CircularBuffer<Entry>()
    private var payloadBytes = 0
    private var latest = 0
    private var inputs: [Input] = []
    private var finished = false
    private var observers: [Int: @Sendable () -> Void] = [:]
    private var nextObserver = 0

    /// Creates an empty store.
    public init(limits: Limits = Limits()) {
        self.limits = limits
    }

    /// Starts a new input: the events appended next belong to it.
    public func begin(_ input: Input) {
        lock.withLock { inputs.append(input) }
    }

    /// Keeps a batch of events and wakes every stream; forgets the oldest events beyond the limits.
    public func append(_ events: [SessionEvent]) {
        guard !events.isEmpty else { return }
        let wake: [@Sendable () -> Void] = lock.withLock {
            if inputs.isEmpty { inputs.append(Input(name: "session", source: .proxy, routes: nil)) }
            let input = inputs.count - 1
            for event in events {
                latest += 1
                let entry = Entry(sequence: latest, input: input, event: event)
                payloadBytes += Self.payloadSize(event)
                entries.append(entry)
                while entries.count > limits.maxEvents
                    || (payloadBytes > limits.maxPayloadBytes && entries.count > 1)
                {
                    payloadBytes -= Self.payloadSize(entries.removeFirst().event)
                }
            }
            return Array(observers.values)
        }
        for observer in wake { observer() }
    }

    /// Marks the end of the events (a file read to its end, a proxy that stopped) and wakes every stream.
    public func finish() {
        let wake = lock.withLock {
            finished = true
            return Array(observers.values)
        }
        for observer in wake { observer() }
    }

    /// Whether ``finish()`` was called.
    public var isFinished: Bool { lock.withLock { finished } }

    /// At most `limit` kept events numbered after `sequence`, with the numbers of the oldest and newest.
    public func entries(after sequence: Int, limit: Int) -> Slice {
        lock.withLock {
            let count = entries.count
            let oldest = latest - count + 1
            let start = max(sequence + 1, oldest)
            let end = min(latest, start + max(0, limit) - 1)
            var slice: [Entry] = []
            if start <= end {
                slice.reserveCapacity(end - start + 1)
                for number in start...end {
                    slice.append(entries[entries.index(entries.startIndex, offsetBy: number - oldest)])
                }
            }
            return Slice(entries: slice, oldest: oldest, latest: latest)
        }
    }

    /// Every kept event, oldest first, with the inputs they belong to.
    public func snapshot() -> (inputs: [Input], entries: [Entry], latest: Int) {
        lock.withLock {
            (inputs, Array(entries), latest)
        }
    }

    /// The sequence number of the newest event appended, 0 before the first.
    public var latestSequence: Int { lock.withLock { latest } }

    /// The inputs begun so far, in order.
    public var inputList: [Input] { lock.withLock { inputs } }

    /// Calls `wake` after every append and at the end, from the appending thread: it must only schedule work.
    ///
    /// - Returns: a token for ``removeObserver(_:)``.
    public func addObserver(_ wake: @escaping @Sendable () -> Void) -> Int {
        lock.withLock {
            nextObserver += 1
            observers[nextObserver] = wake
            return nextObserver
        }
    }

    /// Stops calling an observer.
    public func removeObserver(_ token: Int) {
        _ = lock.withLock { observers.removeValue(forKey: token) }
    }

    private static func payloadSize(_ event: SessionEvent) -> Int {
        switch event {
        case .message(let message): message.payload.count
        case .control(let control): control.payload.count
        default: 0
        }
    }
}
