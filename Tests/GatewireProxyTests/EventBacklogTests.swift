import GatewireCore
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOPosix
import Testing

@testable import GatewireProxy

@Suite("EventBacklog")
struct EventBacklogTests {
    private static func ping(_ number: Int, payload: Int = 0) -> SessionEvent {
        .control(
            ControlEvent(
                time: Timestamp(microsecondsSinceEpoch: Int64(number)), connection: "c\(number)", direction: .client,
                opcode: .ping, payload: [UInt8](repeating: 0, count: payload)))
    }

    @Test("everything that waits comes out as one batch, in order; then the events end after finish")
    func batchesInOrder() async {
        let backlog = EventBacklog(limit: 1 << 20)
        for number in 1...5 { backlog.append(Self.ping(number)) }
        #expect(await backlog.nextBatch() == (1...5).map { Self.ping($0) })
        backlog.append(Self.ping(6))
        backlog.finish()
        backlog.append(Self.ping(7))
        #expect(await backlog.nextBatch() == [Self.ping(6)])
        #expect(await backlog.nextBatch().isEmpty)
    }

    @Test("a waiting consumer gets the next event as soon as it is added")
    func waitingConsumer() async {
        let backlog = EventBacklog(limit: 1 << 20)
        let consumer = Task { await backlog.nextBatch() }
        // Give the consumer time to wait; it gets the event whether it waited already or not.
        try? await Task.sleep(for: .milliseconds(50))
        backlog.append(Self.ping(1))
        #expect(await consumer.value == [Self.ping(1)])
    }

    /// Waits (up to 10 s) until the backlog's consumer has stopped looking and waits to be woken.
    private static func untilConsumerWaits(_ backlog: EventBacklog) async throws {
        for _ in 0..<1000 where !backlog.consumerWaits { try await Task.sleep(for: .milliseconds(10)) }
    }

    @Test(
        "events an event loop adds within the hand-over delay reach a waiting consumer as one batch",
        .timeLimit(.minutes(1)))
    func oneWakePerTick() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // The consumer's own looks take no time, so it soon waits to be woken.
        let backlog = EventBacklog(limit: 1 << 20) { _ in true }
        let consumer = Task { await backlog.nextBatch() }
        try await Self.untilConsumerWaits(backlog)
        try await group.next().submit {
            for number in 1...4 { backlog.append(Self.ping(number)) }
        }.get()
        #expect(await consumer.value == (1...4).map { Self.ping($0) })
        try await group.shutdownGracefully()
    }

    @Test(
        "a consumer that finds nothing looks again after 2, 4, 8 and 16 ms, then is woken by the next event",
        .timeLimit(.minutes(1)))
    func looksThenWaits() async throws {
        let pauses = NIOLockedValueBox<[TimeAmount]>([])
        let backlog = EventBacklog(limit: 1 << 20) { time in
            pauses.withLockedValue { $0.append(time) }
            return true
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let consumer = Task { await backlog.nextBatch() }
        try await Self.untilConsumerWaits(backlog)
        try await group.next().submit { backlog.append(Self.ping(1)) }.get()
        #expect(await consumer.value == [Self.ping(1)])
        #expect(pauses.withLockedValue { $0 } == [2, 4, 8, 16].map { TimeAmount.milliseconds($0) })
        #expect(backlog.handOversScheduled == 1)
        try await group.shutdownGracefully()
    }

    @Test(
        "events an event loop adds while the consumer looks are taken without a hand-over from that loop",
        .timeLimit(.minutes(1)))
    func lookingNeedsNoHandOver() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let loop = group.next()
        let pauses = NIOLockedValueBox(0)
        let backlog = NIOLockedValueBox<EventBacklog?>(nil)
        // Between the consumer's second and third look, the event loop adds two events.
        let looking = EventBacklog(limit: 1 << 20) { _ in
            let count = pauses.withLockedValue { count in
                count += 1
                return count
            }
            if count == 2 {
                try? await loop.submit {
                    backlog.withLockedValue { $0 }?.append(contentsOf: [Self.ping(1), Self.ping(2)])
                }.get()
            }
            return true
        }
        backlog.withLockedValue { $0 = looking }
        let consumer = Task { await looking.nextBatch() }
        for _ in 0..<1000 where pauses.withLockedValue({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(10)) }
        if pauses.withLockedValue({ $0 }) < 2 {
            // A consumer that never looked again still gets the events, so the expectations below fail, not hang.
            try await loop.submit { looking.append(contentsOf: [Self.ping(1), Self.ping(2)]) }.get()
        }
        #expect(await consumer.value == [Self.ping(1), Self.ping(2)])
        #expect(pauses.withLockedValue { $0 } == 2)
        #expect(looking.handOversScheduled == 0)
        try await group.shutdownGracefully()
    }

    @Test("events that end while the consumer looks: it gets what waited, then an empty batch", .timeLimit(.minutes(1)))
    func finishWhileLooking() async {
        let backlog = NIOLockedValueBox<EventBacklog?>(nil)
        let pauses = NIOLockedValueBox(0)
        // During the consumer's first pause an event comes and the events end.
        let looking = EventBacklog(limit: 1 << 20) { _ in
            pauses.withLockedValue { $0 += 1 }
            if let backlog = backlog.withLockedValue({ $0 }) {
                backlog.append(Self.ping(1))
                backlog.finish()
            }
            return true
        }
        backlog.withLockedValue { $0 = looking }
        #expect(await looking.nextBatch() == [Self.ping(1)])
        #expect(await looking.nextBatch().isEmpty)
        #expect(pauses.withLockedValue { $0 } == 1)
        backlog.withLockedValue { $0 = nil }

        // Events that end with nothing waiting end a looking consumer's wait too.
        let ending = NIOLockedValueBox<EventBacklog?>(nil)
        let quiet = EventBacklog(limit: 1 << 20) { _ in
            ending.withLockedValue { $0 }?.finish()
            return true
        }
        ending.withLockedValue { $0 = quiet }
        #expect(await quiet.nextBatch().isEmpty)
        #expect(!quiet.consumerWaits)
        ending.withLockedValue { $0 = nil }
    }

    @Test("a consumer cancelled while it looks gets an empty batch at once", .timeLimit(.minutes(1)))
    func cancelledWhileLooking() async {
        let pauses = NIOLockedValueBox(0)
        // The first pause cancels the consumer's own task, as a cancellation during its `Task.sleep` would.
        let backlog = EventBacklog(limit: 1 << 20) { _ in
            pauses.withLockedValue { $0 += 1 }
            withUnsafeCurrentTask { $0?.cancel() }
            return false
        }
        let consumer = Task { await backlog.nextBatch() }
        #expect(await consumer.value.isEmpty)
        #expect(pauses.withLockedValue { $0 } == 1)
        #expect(!backlog.consumerWaits)
    }

    @Test("a cancelled consumer gets an empty batch instead of waiting forever")
    func cancellation() async {
        let backlog = EventBacklog(limit: 1 << 20)
        let consumer = Task { await backlog.nextBatch() }
        try? await Task.sleep(for: .milliseconds(50))
        consumer.cancel()
        #expect(await consumer.value.isEmpty)
    }

    @Test("above the limit readers pause, and taking the batch resumes them on their event loop")
    func pausesAndResumes() async {
        let backlog = EventBacklog(limit: 1000)
        let loop = EmbeddedEventLoop()
        let resumed = NIOLockedValueBox(0)
        #expect(backlog.mayRead(orResumeOn: loop) { resumed.withLockedValue { $0 += 1 } })
        backlog.append(Self.ping(1, payload: 2000))
        #expect(backlog.waitingBytes == 2256)
        #expect(!backlog.mayRead(orResumeOn: loop) { resumed.withLockedValue { $0 += 1 } })
        loop.run()
        #expect(resumed.withLockedValue { $0 } == 0)
        #expect(await backlog.nextBatch().count == 1)
        loop.run()
        #expect(resumed.withLockedValue { $0 } == 1)
        #expect(backlog.waitingBytes == 0)
    }

    @Test("the public sequences deliver every event once, one by one or in batches")
    func sequences() async {
        let backlog = EventBacklog(limit: 1 << 20)
        for number in 1...3 { backlog.append(Self.ping(number)) }
        backlog.finish()
        var seen: [SessionEvent] = []
        for await event in ProxyEvents(backlog: backlog) { seen.append(event) }
        #expect(seen == (1...3).map { Self.ping($0) })

        let batched = EventBacklog(limit: 1 << 20)
        for number in 1...3 { batched.append(Self.ping(number)) }
        batched.finish()
        var batches: [[SessionEvent]] = []
        for await batch in ProxyEvents(backlog: batched).batches { batches.append(batch) }
        #expect(batches == [(1...3).map { Self.ping($0) }])
    }
}
