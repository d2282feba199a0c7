import GatewireCore
import NIOConcurrencyHelpers
import NIOCore

/// The proxy's events waiting for their one consumer (the analyzer, the recorder, the printer), handed over in
/// batches, and the brake that keeps them bounded: while more than `limit` bytes of events wait, connections stop
/// reading from their sockets, so TCP flow control slows the peers instead of the proxy's memory growing.
///
/// The consumer takes everything that waits at once (`nextBatch()`): under load it wakes once per batch instead of
/// once per event, and a recorder can write a whole batch with one `write(2)`. Nothing is ever dropped: a recording
/// made from the events gets every one. The price of a slow consumer is slower traffic, which is what a user who
/// asked for a recording wants. Reading resumes when the consumer takes the waiting events, so at most about twice
/// the limit is held: one batch being consumed and the next one filling.
final class EventBacklog: Sendable {
    /// The most event bytes allowed to wait before connections stop reading.
    let limit: Int
    private let state = NIOLockedValueBox(State())

    private struct State {
        var waiting: [SessionEvent] = []
        var waitingBytes = 0
        var finished = false
        /// The consumer, when it waits for the next batch.
        var consumer: CheckedContinuation<[SessionEvent], Never>?
        var paused: [(any EventLoop, @Sendable () -> Void)] = []

        /// Takes every waiting event and frees their room; returns the readers to resume.
        mutating func takeAll() -> (events: [SessionEvent], resumed: [(any EventLoop, @Sendable () -> Void)]) {
            defer {
                waiting = []
                waitingBytes = 0
                paused = []
            }
            return (waiting, paused)
        }
    }

    /// Creates a backlog with the given limit in bytes.
    init(limit: Int) {
        self.limit = max(limit, 1)
    }

    /// The bytes an event holds while it waits: its payload plus a fixed share for the rest.
    static func cost(of event: SessionEvent) -> Int {
        switch event {
        case .message(let message): 256 + message.payload.count
        case .control(let control): 256 + control.payload.count
        case .connect, .close, .error: 1024
        }
    }

    /// Adds an event; a waiting consumer gets it at once. Events added after `finish()` are dropped, as there is
    /// no one left to take them.
    func append(_ event: SessionEvent) {
        let cost = Self.cost(of: event)
        let handOver = state.withLockedValue { state -> CheckedContinuation<[SessionEvent], Never>? in
            guard !state.finished else { return nil }
            if let consumer = state.consumer {
                state.consumer = nil
                return consumer
            }
            state.waiting.append(event)
            state.waitingBytes += cost
            return nil
        }
        handOver?.resume(returning: [event])
    }

    /// Ends the events: the consumer gets what still waits, then an empty batch.
    func finish() {
        let consumer = state.withLockedValue { state -> CheckedContinuation<[SessionEvent], Never>? in
            state.finished = true
            defer { state.consumer = nil }
            return state.consumer
        }
        consumer?.resume(returning: [])
    }

    /// Every event waiting now, or, when none waits, the next ones as they arrive; an empty batch once the events
    /// have finished and all were taken. Taking a batch frees its room, so paused readers resume. For one consumer
    /// at a time; a cancelled consumer gets an empty batch.
    func nextBatch() async -> [SessionEvent] {
        if let ready = takeReady() { return ready }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (consumer: CheckedContinuation<[SessionEvent], Never>) in
                let ready = state.withLockedValue { state -> [SessionEvent]? in
                    if !state.waiting.isEmpty || state.finished || Task.isCancelled { return nil }
                    state.consumer = consumer
                    return []
                }
                if ready == nil { consumer.resume(returning: takeReady() ?? []) }
            }
        } onCancel: {
            let consumer = state.withLockedValue { state in
                defer { state.consumer = nil }
                return state.consumer
            }
            consumer?.resume(returning: [])
        }
    }

    /// The waiting events, if any, with their room freed.
    private func takeReady() -> [SessionEvent]? {
        let (events, resumed) = state.withLockedValue { state in
            state.waiting.isEmpty ? ([], []) : state.takeAll()
        }
        for (eventLoop, resume) in resumed { eventLoop.execute(resume) }
        return events.isEmpty ? nil : events
    }

    /// Whether a reader may read now. If not, `resume` runs on `eventLoop` once the backlog has room again.
    func mayRead(orResumeOn eventLoop: any EventLoop, _ resume: @escaping @Sendable () -> Void) -> Bool {
        state.withLockedValue { state in
            guard state.waitingBytes > limit else { return true }
            state.paused.append((eventLoop, resume))
            return false
        }
    }

    /// The event bytes waiting now.
    var waitingBytes: Int { state.withLockedValue { $0.waitingBytes } }
}
