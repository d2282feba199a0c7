import Foundation
public import GatewireCore
import NIOCore

/// The events the web view shows: the last ``Limits/maxEvents`` events the pipeline let through, numbered in order
/// of arrival, shared by every page that is open.
///
/// The pipeline appends and never waits: ``append(_:)`` takes a lock for as long as it takes to keep a reference to the
/// batch (events are not copied one by one), then wakes the pages' streams, which read at their own pace. When a limit
/// is reached the oldest events are forgotten; a stream that had not sent them yet reports them as skipped. Memory is
/// bounded by both limits, so a long proxy session cannot grow the process without end.
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

    /// A run of kept events from one appended batch: a slice of the batch itself, shared rather than copied, so
    /// appending costs one reference per chunk and a reader takes events without copying them out under the lock.
    struct Chunk: Sendable {
        /// The sequence number of its first kept event.
        var first: Int
        /// The index of its input in ``LiveEventStore/inputList``.
        var input: Int
        /// Its kept events: a part of the appended batch, whose storage is freed when the batch's last chunk goes.
        var events: ArraySlice<SessionEvent>
        /// The payload bytes of its kept events.
        var payloadBytes: Int

        /// The sequence number of its newest event.
        var last: Int { first + events.count - 1 }
    }

    /// What a stream needs to know to send the next events: the kept events after the asked-for sequence number,
    /// oldest first, as parts of the appended batches (making a slice copies no event).
    public struct Slice: Sequence, Sendable {
        /// The sequence number of the oldest kept event (``latest`` + 1 when none is kept).
        public var oldest: Int
        /// The sequence number of the newest event appended, 0 before the first.
        public var latest: Int
        /// The parts of chunks the slice covers, in order of sequence number.
        var parts: [(first: Int, input: Int, events: ArraySlice<SessionEvent>)] = []

        /// How many events the slice holds.
        public var count: Int { parts.reduce(0) { $0 + $1.events.count } }
        /// The sequence number of the newest event in the slice, `nil` when it holds none.
        public var lastSequence: Int? {
            guard let part = parts.last(where: { !$0.events.isEmpty }) else { return nil }
            return part.first + part.events.count - 1
        }

        /// Calls `body` with each event, its sequence number and its input, oldest first.
        public func forEach(_ body: (_ sequence: Int, _ input: Int, _ event: SessionEvent) throws -> Void) rethrows {
            for part in parts {
                // Through the buffer, each event is lent to `body` in place rather than copied out.
                try part.events.withUnsafeBufferPointer { events in
                    for index in events.indices { try body(part.first + index, part.input, events[index]) }
                }
            }
        }

        /// The events as entries, oldest first.
        public func makeIterator() -> Array<Entry>.Iterator {
            var entries: [Entry] = []
            entries.reserveCapacity(count)
            forEach { sequence, input, event in entries.append(Entry(sequence: sequence, input: input, event: event)) }
            return entries.makeIterator()
        }
    }

    /// The most events one chunk holds: a larger batch is cut into chunks (without copying), so forgetting the
    /// oldest events and finding where a page resumes touch a few thousand events at most.
    static let chunkSize = 4_096

    /// What the store keeps at most.
    public let limits: Limits
    private let lock = NSLock()
    /// The kept events, oldest first, in the batches they were appended in.
    private var chunks = CircularBuffer<Chunk>()
    /// How many events are kept.
    private var count = 0
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
    ///
    /// Memory: the kept events, plus what is left of the batch the oldest kept event came from (a batch's storage
    /// is shared by its chunks and freed with the last of them).
    public func append(_ events: [SessionEvent]) {
        guard !events.isEmpty else { return }
        var parts: [Chunk] = []
        for start in stride(from: 0, to: events.count, by: Self.chunkSize) {
            let part = events[start..<min(events.count, start + Self.chunkSize)]
            var bytes = 0
            for index in part.indices { bytes += Self.payloadSize(part[index]) }
            parts.append(Chunk(first: start, input: 0, events: part, payloadBytes: bytes))
        }
        let wake: [@Sendable () -> Void] = lock.withLock {
            if inputs.isEmpty { inputs.append(Input(name: "session", source: .proxy, routes: nil)) }
            for var part in parts {
                part.first += latest + 1
                part.input = inputs.count - 1
                payloadBytes += part.payloadBytes
                chunks.append(part)
            }
            latest += events.count
            count += events.count
            forgetBeyondLimits()
            return Array(observers.values)
        }
        for observer in wake { observer() }
    }

    /// Whether the kept events are over a limit: too many, or too many bytes with more than one event kept.
    private var overLimits: Bool {
        count > limits.maxEvents || (payloadBytes > limits.maxPayloadBytes && count > 1)
    }

    /// Forgets the oldest events until both limits hold (the lock is held).
    private func forgetBeyondLimits() {
        while overLimits, var chunk = chunks.popFirst() {
            if count - chunk.events.count >= limits.maxEvents, payloadBytes <= limits.maxPayloadBytes {
                // The whole chunk goes on the count limit alone.
                payloadBytes -= chunk.payloadBytes
                count -= chunk.events.count
                continue
            }
            while !chunk.events.isEmpty, overLimits {
                let size = Self.payloadSize(chunk.events.removeFirst())
                chunk.payloadBytes -= size
                payloadBytes -= size
                chunk.first += 1
                count -= 1
            }
            if !chunk.events.isEmpty { chunks.prepend(chunk) }
        }
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
        lock.withLock { keptSlice(after: sequence, limit: limit) }
    }

    /// Every kept event, oldest first, with the inputs they belong to.
    public func snapshot() -> (inputs: [Input], entries: [Entry], latest: Int) {
        let (begun, kept): ([Input], Slice) = lock.withLock {
            (self.inputs, self.keptSlice(after: 0, limit: self.count))
        }
        return (begun, Array(kept), kept.latest)
    }

    /// The slice ``entries(after:limit:)`` returns (the lock is held).
    private func keptSlice(after sequence: Int, limit: Int) -> Slice {
        var slice = Slice(oldest: latest - count + 1, latest: latest)
        var wanted = max(0, limit)
        var from = max(sequence + 1, slice.oldest)
        guard wanted > 0, from <= latest else { return slice }
        // The chunks are in order of sequence number: find the one holding `from`, then read on from it.
        var low = 0
        var high = chunks.count
        while low < high {
            let middle = (low + high) / 2
            if chunks[chunks.index(chunks.startIndex, offsetBy: middle)].last < from {
                low = middle + 1
            } else {
                high = middle
            }
        }
        var index = chunks.index(chunks.startIndex, offsetBy: low)
        while wanted > 0, index != chunks.endIndex {
            let chunk = chunks[index]
            let offset = chunk.events.startIndex + (from - chunk.first)
            let taken = min(chunk.events.endIndex - offset, wanted)
            slice.parts.append((from, chunk.input, chunk.events[offset..<offset + taken]))
            wanted -= taken
            from += taken
            index = chunks.index(after: index)
        }
        return slice
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
