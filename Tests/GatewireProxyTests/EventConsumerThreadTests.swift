import GatewireCore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import GatewireProxy

@Suite("EventConsumerThread")
struct EventConsumerThreadTests {
    private static func ping(_ number: Int) -> SessionEvent {
        .control(
            ControlEvent(
                time: Timestamp(microsecondsSinceEpoch: Int64(number)), connection: "c\(number)", direction: .client,
                opcode: .ping, payload: []))
    }

    @Test("a consumer that prefers the thread runs on it, and its looks sleep on that thread's timer")
    func consumerRunsOnItsThread() async throws {
        let thread = EventConsumerThread()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let backlog = EventBacklog(limit: 1 << 20)
        // One event before the consumer starts, the next while it looks (3 ms later, between its first two looks).
        backlog.append(Self.ping(1))
        let seen = await withTaskExecutorPreference(thread) { () -> [[SessionEvent]] in
            var batches = [await backlog.nextBatch()]
            #expect(thread.eventLoop.inEventLoop)
            group.next().scheduleTask(in: .milliseconds(3)) { backlog.append(Self.ping(2)) }
            batches.append(await backlog.nextBatch())
            #expect(thread.eventLoop.inEventLoop)
            return batches
        }
        #expect(seen == [[Self.ping(1)], [Self.ping(2)]])
        try await thread.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("a sleep on the thread lasts its time and reports no cancellation")
    func sleepOnTheThread() async throws {
        let thread = EventConsumerThread()
        let (slept, elapsed) = await withTaskExecutorPreference(thread) { () -> (Bool, Duration) in
            let clock = ContinuousClock()
            let start = clock.now
            let slept = await EventBacklog.sleep(.milliseconds(20))
            #expect(thread.eventLoop.inEventLoop)
            return (slept, clock.now - start)
        }
        #expect(slept)
        #expect(elapsed >= .milliseconds(20))
        try await thread.shutdown()
    }

    @Test("a consumer cancelled while it sleeps on the thread notices when the sleep ends (on the thread's timer)")
    func cancelledSleep() async throws {
        let thread = EventConsumerThread()
        let sleeper = Task {
            await withTaskExecutorPreference(thread) { () -> (Bool, Duration) in
                withUnsafeCurrentTask { $0?.cancel() }
                let clock = ContinuousClock()
                let start = clock.now
                let slept = await EventBacklog.sleep(.milliseconds(20))
                return (slept, clock.now - start)
            }
        }
        let (slept, elapsed) = await sleeper.value
        #expect(!slept)
        // `Task.sleep` would have ended at once; the thread's timer is not cut short.
        #expect(elapsed >= .milliseconds(20))
        try await thread.shutdown()
    }
}
