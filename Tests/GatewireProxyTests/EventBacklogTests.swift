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

    @Test("events an event loop adds within the hand-over delay reach a waiting consumer as one batch")
    func oneWakePerTick() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let backlog = EventBacklog(limit: 1 << 20)
        let consumer = Task { await backlog.nextBatch() }
        try await Task.sleep(for: .milliseconds(50))
        try await group.next().submit {
            for number in 1...4 { backlog.append(Self.ping(number)) }
        }.get()
        #expect(await consumer.value == (1...4).map { Self.ping($0) })
        try await group.shutdownGracefully()
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
