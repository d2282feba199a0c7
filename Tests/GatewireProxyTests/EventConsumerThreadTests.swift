import GatewireCore
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import GatewireProxy

/// Task executors need macOS 15; each test returns early on an older macOS.
@Suite("EventConsumerThread", .timeLimit(.minutes(1)))
struct EventConsumerThreadTests {
    private static func ping(_ number: Int) -> SessionEvent {
        .control(
            ControlEvent(
                time: Timestamp(microsecondsSinceEpoch: Int64(number)), connection: "c\(number)", direction: .client,
                opcode: .ping, payload: []))
    }

    @Test("a consumer that prefers the thread takes and looks for events on it")
    func consumerRunsOnItsThread() async throws {
        guard #available(macOS 15, *) else { return }
        let thread = EventConsumerThread()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let backlog = EventBacklog(limit: 1 << 20)
        // One event before the consumer starts, the next while it looks (3 ms later, between its looks at 2 and 6 ms).
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

    @Test("only the consumer's thread counts as one; a relay's event loop does not")
    func onlyItsOwnThread() async throws {
        guard #available(macOS 15, *) else { return }
        let thread = EventConsumerThread()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        #expect(try await thread.eventLoop.submit { EventConsumerThread.currentEventLoop != nil }.get())
        #expect(try await group.next().submit { EventConsumerThread.currentEventLoop == nil }.get())
        #expect(EventConsumerThread.currentEventLoop == nil)
        try await thread.shutdown()
        try await group.shutdownGracefully()
    }

    @Test("a sleep on the thread lasts its time and reports no cancellation")
    func sleepOnTheThread() async throws {
        guard #available(macOS 15, *) else { return }
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

    @Test("a sleep on the thread is the thread's timer: a cancelled consumer notices when the sleep ends")
    func cancelledSleep() async throws {
        guard #available(macOS 15, *) else { return }
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
        // `Task.sleep` would have ended at once; the thread's timer is not cut short (at most 16 ms late, by design).
        #expect(elapsed >= .milliseconds(20))
        try await thread.shutdown()
    }
}
