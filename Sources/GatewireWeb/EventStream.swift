import GatewireCore
import NIOCore

/// One page's `/events` stream: server-sent events (the HTML Living Standard's `text/event-stream`) carrying the
/// recording-format JSON of each event with its sequence number and its printed line.
///
/// It runs on its channel's event loop and writes only while the channel is writable, so a slow or stalled page holds
/// at most the channel's write buffer; what it cannot take is skipped (see ``EventStreamCursor``) and the page is sent
/// a `skipped` event with the count. What was kept when the page connected goes as fast as the page takes it; live
/// events go at most `maxLiveEventsPerSecond` (a token bucket holding a tenth of a second's worth, so a quiet session's
/// events arrive at once), and a page held to that rate lags at most five seconds of it: a browser drawing every event
/// of a proxy under load would take the CPU the relay needs, and a person reads a few events a second. Beyond that rate
/// the page falls behind, then skips. Messages:
/// - `hello` (`{"latest":…,"oldest":…,"maxEvents":…}`) first: the page keeps no more events than the store;
/// - unnamed messages of one or more events, one `data:` line each (`{"seq":…,"input":…,"line":"…","event":{…}}`,
///   in order), with the last one's sequence number as the message id: a browser dispatches one message per batch
///   rather than one per event, which is what lets a page keep up with a busy proxy;
/// - `skipped` (`{"count":…}`) when events were skipped;
/// - `end` (`{}`) once the source ended and everything was sent (a file read to its end).
final class EventStream {
    private let store: LiveEventStore
    private var cursor: EventStreamCursor
    private let write: (ByteBuffer) -> Void
    private let flush: () -> Void
    private let isWritable: () -> Bool
    private let allocator: ByteBufferAllocator
    private let formatter = HumanEventFormatter()
    private var endSent = false
    private var stopped = false
    /// How many live events may go now, refilled at `maxLiveEventsPerSecond` up to a tenth of a second's worth.
    private var liveAllowance: Double
    private let maxLiveEventsPerSecond: Double
    private var lastRefill = NIODeadline.now()

    /// What ``pump()`` leaves to do.
    enum Next: Equatable {
        /// Nothing until more events arrive.
        case idle
        /// More is ready: pump again on the next turn of the loop.
        case more
        /// The page had its share of live events for now: pump again after this long.
        case after(TimeAmount)
    }

    /// How many events go into one write: large enough that a replay of 100,000 events is a few hundred writes.
    static let batchSize = 256
    /// How many writes one turn of the event loop makes before letting other channels run.
    static let writesPerTurn = 16

    /// Creates a stream starting at the oldest kept event, or after `resumingAfter`: the `Last-Event-ID` a browser
    /// sends when it reconnects, so a page that lost its connection gets only what it missed.
    init(
        store: LiveEventStore, maxBacklog: Int, maxLiveEventsPerSecond: Int, resumingAfter: Int? = nil,
        allocator: ByteBufferAllocator, write: @escaping (ByteBuffer) -> Void, flush: @escaping () -> Void,
        isWritable: @escaping () -> Bool
    ) {
        self.store = store
        let rate = max(1, maxLiveEventsPerSecond)
        self.maxLiveEventsPerSecond = Double(rate)
        liveAllowance = Self.allowanceCapacity(rate: Double(rate))
        let slice = store.entries(after: 0, limit: 0)
        let start = resumingAfter.map { min($0, slice.latest) } ?? slice.oldest - 1
        // A page held to the live rate falls behind by what arrives beyond it; it may lag five seconds of its rate
        // at most, so what it shows stays close to now.
        cursor = EventStreamCursor(
            replayEnd: slice.latest, maxBacklog: min(maxBacklog, 5 * rate), position: start)
        self.allocator = allocator
        self.write = write
        self.flush = flush
        self.isWritable = isWritable
        var buffer = allocator.buffer(capacity: 64)
        buffer.writeString(
            "retry: 2000\nevent: hello\ndata: {\"latest\":\(slice.latest),\"oldest\":\(slice.oldest),"
                + "\"maxEvents\":\(store.limits.maxEvents)}\n\n")
        write(buffer)
        flush()
    }

    /// Sends what the page has not had yet, as far as the channel and the page's share of live events allow.
    func pump() -> Next {
        guard !stopped else { return .idle }
        refill()
        var writes = 0
        defer { if writes > 0 { flush() } }
        while isWritable() {
            guard writes < Self.writesPerTurn else { return .more }
            var slice = store.entries(after: cursor.position, limit: sendable)
            let skipped = cursor.skip(oldest: slice.oldest, latest: slice.latest)
            var buffer = allocator.buffer(capacity: 16 << 10)
            if skipped > 0 {
                buffer.writeString("event: skipped\ndata: {\"count\":\(skipped)}\n\n")
                slice = store.entries(after: cursor.position, limit: sendable)
            }
            if let last = slice.lastSequence {
                buffer.writeString("id: \(last)\n")
                slice.forEach { sequence, input, event in
                    encode(event, sequence: sequence, input: input, into: &buffer)
                }
                buffer.writeString("\n")
                liveAllowance -= Double(max(0, last - max(cursor.position, cursor.replayEnd)))
                cursor.sent(through: last)
            }
            if slice.lastSequence == nil, !endSent, store.isFinished, cursor.position >= store.latestSequence {
                endSent = true
                buffer.writeString("event: end\ndata: {}\n\n")
            }
            if buffer.readableBytes > 0 {
                write(buffer)
                writes += 1
            }
            if slice.lastSequence == nil {
                guard cursor.position < slice.latest else { return .idle }
                // Out of allowance with live events waiting: come back when the allowance is full again.
                let missing = Self.allowanceCapacity(rate: maxLiveEventsPerSecond) - max(0, liveAllowance)
                return .after(.milliseconds(Int64(max(10, missing / maxLiveEventsPerSecond * 1000))))
            }
        }
        return .idle
    }

    /// How many events the next write may carry: a batch, of which live events only as many as the allowance has
    /// (no limit once the source ended: a file's events are not live traffic).
    private var sendable: Int {
        if store.isFinished { return Self.batchSize }
        let replayLeft = max(0, cursor.replayEnd - cursor.position)
        return min(Self.batchSize, replayLeft + max(0, Int(liveAllowance)))
    }

    private func refill() {
        let now = NIODeadline.now()
        let elapsed = Double((now - lastRefill).nanoseconds) / 1e9
        lastRefill = now
        liveAllowance = min(
            Self.allowanceCapacity(rate: maxLiveEventsPerSecond), liveAllowance + elapsed * maxLiveEventsPerSecond)
    }

    /// The most live events the allowance holds: a tenth of a second's worth, and at least one event (so a rate
    /// below ten a second still sends), at most a batch.
    private static func allowanceCapacity(rate: Double) -> Double {
        min(Double(batchSize), max(1, rate / 10))
    }

    /// Stops sending (the page went away).
    func stop() {
        stopped = true
    }

    private func encode(_ event: SessionEvent, sequence: Int, input: Int, into buffer: inout ByteBuffer) {
        var json: [UInt8] = []
        json.reserveCapacity(1024)
        JSONStringLiteral.append(formatter.line(for: event), to: &json)
        json.append(contentsOf: ",\"event\":".utf8)
        // RecordedEvent encodes every event the pipeline produces; one that failed would be left out, not break
        // the stream.
        guard (try? RecordedEvent(event).encode(appendingTo: &json)) != nil else { return }
        buffer.writeString("data: {\"seq\":\(sequence),\"input\":\(input),\"line\":")
        buffer.writeBytes(json)
        buffer.writeString("}\n")
    }
}
