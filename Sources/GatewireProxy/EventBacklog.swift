import GatewireCore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// The proxy's events waiting for their one consumer (the analyzer, the recorder, the printer), handed over in
/// batches, and the brake that keeps them bounded: while more than `limit` bytes of events wait, connections stop
/// reading from their sockets, so TCP flow control slows the peers instead of the proxy's memory growing.
///
/// The consumer takes everything that waits at once (`nextBatch()`): under load it wakes once per batch instead of
/// once per event, and a recorder can write a whole batch with one `write(2)`. While traffic flows the consumer
/// looks for events on its own timer, so the event loops that relay the traffic spend no time waking it, and it is
/// not woken onto the CPU of the event loop that woke it; only after a quiet spell does it wait to be woken. Nothing
/// is ever dropped: a recording made from the events gets every one. The price of a slow consumer is slower traffic,
/// which is what a user who asked for a recording wants. Reading resumes when the consumer takes the waiting events,
/// so at most about twice the limit is held: one batch being consumed and the next one filling.
final class EventBacklog: Sendable {
    /// The most event bytes allowed to wait before connections stop reading.
    let limit: Int
    private let state = NIOLockedValueBox(State())

    private typealias Consumer = CheckedContinuation<[SessionEvent], Never>
    private typealias PausedReader = (any EventLoop, @Sendable () -> Void)

    private struct State {
        var waiting: [SessionEvent] = []
        var waitingBytes = 0
        var finished = false
        /// The consumer, when it waits for the next batch.
        var consumer: Consumer?
        /// Whether a consumer is inside `nextBatch()`, looking or waiting.
        var consuming = false
        /// Whether an event loop will hand the waiting events to the consumer `handOverDelay` from now.
        var handOverScheduled = false
        /// How many hand-overs event loops have scheduled so far.
        var handOversScheduled = 0
        var paused: [PausedReader] = []

        /// Takes every waiting event and frees their room; returns them with the readers to resume.
        mutating func takeAll() -> (events: [SessionEvent], resumed: [PausedReader]) {
            defer {
                waiting = []
                waitingBytes = 0
                paused = []
            }
            return (waiting, paused)
        }

        /// The waiting consumer with everything that waits for it, when it should be woken: there are events, or
        /// the events have finished (then an empty batch ends its iteration).
        mutating func handOver() -> (consumer: Consumer, events: [SessionEvent], resumed: [PausedReader])? {
            guard let consumer, !waiting.isEmpty || finished else { return nil }
            self.consumer = nil
            let (events, resumed) = takeAll()
            return (consumer, events, resumed)
        }
    }

    /// Whom adding events wakes: no one, the consumer `handOverDelay` later from an event loop, or the consumer now.
    private enum Wake {
        case none
        case later(any EventLoop)
        case now(Consumer, [SessionEvent], [PausedReader])
    }

    /// How long events from an event loop wait before a waiting consumer is woken for them, and how long a
    /// consumer that found no events first waits before it looks again.
    let handOverDelay: TimeAmount

    /// How many times a consumer that finds nothing looks again, each time waiting twice as long as before,
    /// before it waits to be woken: with the 2 ms delay it looks 2, 6, 14 and 30 ms after the last batch.
    static let looksBeforeWaiting = 4

    /// Waits the given time for a consumer that found nothing; `false` when its task was cancelled meanwhile.
    typealias Pause = @Sendable (TimeAmount) async -> Bool

    /// How a consumer waits between two looks: `EventBacklog.sleep` unless a test gives its own.
    private let pause: Pause

    /// Creates a backlog with the given limit in bytes.
    ///
    /// - Parameters:
    ///   - handOverDelay: 2 ms by default: while the consumer keeps up with flowing traffic, output and recording
    ///     follow it within about that much, and the consumer wakes at most about 500 times a second; after a few
    ///     quiet milliseconds the next events wait for the consumer's next look, up to eight times as long.
    ///   - pause: how a consumer waits between two looks.
    init(limit: Int, handOverDelay: TimeAmount = .milliseconds(2), pause: @escaping Pause = EventBacklog.sleep) {
        self.limit = max(limit, 1)
        self.handOverDelay = max(handOverDelay, .zero)
        self.pause = pause
    }

    /// Sleeps for the given time: on the event loop's own timer when the consumer runs on one (an
    /// `EventConsumerThread`), so the look wakes that thread alone; elsewhere with `Task.sleep`. A consumer cancelled
    /// during a sleep on an event loop notices it when the sleep ends.
    static func sleep(_ time: TimeAmount) async -> Bool {
        guard #available(macOS 15, *), let eventLoop = EventConsumerThread.currentEventLoop else {
            return (try? await Task.sleep(nanoseconds: UInt64(time.nanoseconds))) != nil
        }
        await withCheckedContinuation { (slept: CheckedContinuation<Void, Never>) in
            // A loop that shuts down fails the task instead of running it: the sleep ends either way.
            eventLoop.scheduleTask(in: time) {}.futureResult.whenComplete { _ in slept.resume() }
        }
        return !Task.isCancelled
    }

    /// The bytes an event holds while it waits: its payload plus a fixed share for the rest.
    static func cost(of event: SessionEvent) -> Int {
        switch event {
        case .message(let message): 256 + message.payload.count
        case .control(let control): 256 + control.payload.count
        case .connect, .close, .error: 1024
        }
    }

    /// Adds an event. Events added after `finish()` are dropped, as there is no one left to take them.
    func append(_ event: SessionEvent) {
        append(contentsOf: CollectionOfOne(event))
    }

    /// Adds events in order, taking the lock once for all of them. Events added after `finish()` are dropped, as
    /// there is no one left to take them.
    ///
    /// A waiting consumer is not woken once per event: when the events come from an event loop (the proxy's
    /// relays), the hand-over is scheduled on that loop `handOverDelay` later, and the consumer then takes every
    /// event that arrived meanwhile in one batch. Under load that turns thousands of thread wake-ups and recording
    /// writes a second into a few hundred; the relay itself never waits for the consumer, so traffic is not delayed.
    func append(contentsOf events: some Collection<SessionEvent>) {
        guard !events.isEmpty else { return }
        var cost = 0
        for event in events { cost += Self.cost(of: event) }
        let wake = state.withLockedValue { state -> Wake in
            guard !state.finished else { return .none }
            state.waiting.append(contentsOf: events)
            state.waitingBytes += cost
            guard state.consumer != nil, !state.handOverScheduled else { return .none }
            if let eventLoop = MultiThreadedEventLoopGroup.currentEventLoop {
                state.handOverScheduled = true
                state.handOversScheduled += 1
                return .later(eventLoop)
            }
            return state.handOver().map { .now($0.consumer, $0.events, $0.resumed) } ?? .none
        }
        switch wake {
        case .none: break
        case .later(let eventLoop):
            let handOver = eventLoop.scheduleTask(in: handOverDelay) { self.handOverScheduledEvents() }
            // A loop that is shutting down never runs the task: hand over at once rather than leave the flag set.
            handOver.futureResult.whenFailure { _ in self.handOverScheduledEvents() }
        case .now(let consumer, let events, let resumed): Self.deliver(events, to: consumer, resuming: resumed)
        }
    }

    private func handOverScheduledEvents() {
        let handed = state.withLockedValue { state in
            state.handOverScheduled = false
            return state.handOver()
        }
        if let handed { Self.deliver(handed.events, to: handed.consumer, resuming: handed.resumed) }
    }

    private static func deliver(_ events: [SessionEvent], to consumer: Consumer, resuming resumed: [PausedReader]) {
        for (eventLoop, resume) in resumed { eventLoop.execute(resume) }
        consumer.resume(returning: events)
    }

    /// Ends the events: the consumer gets what still waits, then an empty batch.
    func finish() {
        let handed = state.withLockedValue { state in
            state.finished = true
            return state.handOver()
        }
        if let handed { Self.deliver(handed.events, to: handed.consumer, resuming: handed.resumed) }
    }

    /// Every event waiting now, or, when none waits, the next ones as they arrive; an empty batch once the events
    /// have finished and all were taken. Taking a batch frees its room, so paused readers resume. For one consumer
    /// at a time; a cancelled consumer gets an empty batch.
    ///
    /// When nothing waits, the consumer first looks again on its own timer (`looksBeforeWaiting` times, after
    /// `handOverDelay`, then twice, four and eight times as long): a consumer that keeps up with flowing traffic
    /// finds the next events that way, and the relaying event loops never wake it. Only when that finds nothing
    /// does it wait to be woken by the next event.
    func nextBatch() async -> [SessionEvent] {
        state.withLockedValue { state in
            precondition(!state.consuming, "the proxy's events have one consumer at a time")
            state.consuming = true
        }
        defer { state.withLockedValue { $0.consuming = false } }
        var wait = handOverDelay
        for attempt in 0...Self.looksBeforeWaiting {
            if attempt > 0 {
                // A cancelled consumer stops looking; waiting then ends at once.
                guard await pause(wait) else { break }
                wait = wait * 2
            }
            switch look() {
            case .events(let events): return events
            case .ended: return []
            case .nothing: continue
            }
        }
        return await waitToBeWoken()
    }

    /// What a looking consumer finds.
    private enum Look {
        case events([SessionEvent])
        case ended
        case nothing
    }

    /// Takes the waiting events, if any; otherwise tells whether the events have ended. One lock for both, so no
    /// event added just before `finish()` is missed.
    private func look() -> Look {
        let (look, resumed) = state.withLockedValue { state -> (Look, [PausedReader]) in
            if !state.waiting.isEmpty {
                let (events, resumed) = state.takeAll()
                return (.events(events), resumed)
            }
            return (state.finished ? .ended : .nothing, [])
        }
        for (eventLoop, resume) in resumed { eventLoop.execute(resume) }
        return look
    }

    /// Registers the consumer to be woken by the next events, the end of the events or its cancellation.
    private func waitToBeWoken() async -> [SessionEvent] {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (consumer: Consumer) in
                let registered = state.withLockedValue { state -> Bool in
                    if !state.waiting.isEmpty || state.finished || Task.isCancelled { return false }
                    state.consumer = consumer
                    return true
                }
                guard !registered else { return }
                if case .events(let events) = look() {
                    consumer.resume(returning: events)
                } else {
                    consumer.resume(returning: [])
                }
            }
        } onCancel: {
            let consumer = state.withLockedValue { state in
                defer { state.consumer = nil }
                return state.consumer
            }
            consumer?.resume(returning: [])
        }
    }

    /// Whether a reader may read now. If not, `resume` runs on `eventLoop` once the backlog has room again.
    func mayRead(orResumeOn eventLoop: any EventLoop, _ resume: @escaping @Sendable () -> Void) -> Bool {
        state.withLockedValue { state in
            guard state.waitingBytes > limit else { return true }
            state.paused.append((eventLoop, resume))
            return false
        }
    }

    /// Whether a reader may read now; when not, ask again with `mayRead(orResumeOn:_:)` to be resumed.
    var hasRoom: Bool { state.withLockedValue { $0.waitingBytes <= limit } }

    /// The event bytes waiting now.
    var waitingBytes: Int { state.withLockedValue { $0.waitingBytes } }

    /// How many hand-overs event loops have scheduled so far: none while a looking consumer keeps up.
    var handOversScheduled: Int { state.withLockedValue { $0.handOversScheduled } }

    /// Whether the consumer has stopped looking and waits to be woken.
    var consumerWaits: Bool { state.withLockedValue { $0.consumer != nil } }
}
