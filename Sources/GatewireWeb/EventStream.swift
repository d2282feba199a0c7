import GatewireCore
import NIOCore

/// One page's `/events` stream: server-sent events (the HTML Living Standard's `text/event-stream`) carrying the
/// recording-format JSON of each event with its sequence number and its printed line.
///
/// It runs on its channel's event loop and writes only while the channel is writable, so a slow or stalled page
/// holds at most the channel's write buffer; what it cannot take is skipped (see ``EventStreamCursor``) and the
/// page is sent a `skipped` event with the count. Messages:
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

    /// How many events go into one write: large enough that a replay of 100,000 events is a few hundred writes.
    static let batchSize = 256
    /// How many writes one turn of the event loop makes before letting other channels run.
    static let writesPerTurn = 16

    /// Creates a stream starting at the oldest kept event, or after `resumingAfter`: the `Last-Event-ID` a browser
    /// sends when it reconnects, so a page that lost its connection gets only what it missed.
    init(
        store: LiveEventStore, maxBacklog: Int, resumingAfter: Int? = nil, allocator: ByteBufferAllocator,
        write: @escaping (ByteBuffer) -> Void, flush: @escaping () -> Void, isWritable: @escaping () -> Bool
    ) {
        self.store = store
        let slice = store.entries(after: 0, limit: 0)
        let start = resumingAfter.map { min($0, slice.latest) } ?? slice.oldest - 1
        cursor = EventStreamCursor(replayEnd: slice.latest, maxBacklog: maxBacklog, position: start)
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

    /// Sends what the page has not had yet, as far as the channel takes it.
    ///
    /// - Returns: whether more is ready to send now (the caller runs it again on the next turn of the loop).
    func pump() -> Bool {
        guard !stopped else { return false }
        var writes = 0
        defer { if writes > 0 { flush() } }
        while isWritable() {
            guard writes < Self.writesPerTurn else { return true }
            var slice = store.entries(after: cursor.position, limit: Self.batchSize)
            let skipped = cursor.skip(oldest: slice.oldest, latest: slice.latest)
            var buffer = allocator.buffer(capacity: 16 << 10)
            if skipped > 0 {
                buffer.writeString("event: skipped\ndata: {\"count\":\(skipped)}\n\n")
                slice = store.entries(after: cursor.position, limit: Self.batchSize)
            }
            if let last = slice.entries.last {
                buffer.writeString("id: \(last.sequence)\n")
                for entry in slice.entries { encode(entry, into: &buffer) }
                buffer.writeString("\n")
                cursor.sent(through: last.sequence)
            }
            if slice.entries.isEmpty, !endSent, store.isFinished, cursor.position >= store.latestSequence {
                endSent = true
                buffer.writeString("event: end\ndata: {}\n\n")
            }
            guard buffer.readableBytes > 0 else { return false }
            write(buffer)
            writes += 1
        }
        return false
    }

    /// Stops sending (the page went away).
    func stop() {
        stopped = true
    }

    private func encode(_ entry: LiveEventStore.Entry, into buffer: inout ByteBuffer) {
        var json: [UInt8] = []
        // RecordedEvent encodes every event the pipeline produces; one that failed would be left out, not break
        // the stream.
        guard (try? RecordedEvent(entry.event).encode(appendingTo: &json)) != nil else { return }
        buffer.writeString("data: {\"seq\":\(entry.sequence),\"input\":\(entry.input),\"line\":")
        buffer.writeString(JSONStringLiteral.quote(formatter.line(for: entry.event)))
        buffer.writeString(",\"event\":")
        buffer.writeBytes(json)
        buffer.writeString("}\n")
    }
}
