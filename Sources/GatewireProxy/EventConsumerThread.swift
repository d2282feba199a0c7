import NIOCore
import NIOPosix

/// A thread of its own for the proxy's event consumer (analysis, recording, output): a Swift task that prefers this
/// executor (`withTaskExecutorPreference`) runs there, and while it looks for events (`EventBacklog.nextBatch()`)
/// it sleeps on this thread's own timer, so each look costs one wake-up of one thread. On Swift's shared pool each
/// look woke a timer thread and then a worker, and consecutive batches moved between workers.
@available(macOS 15, *)
public final class EventConsumerThread: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup
    /// The thread's event loop: its timer serves the consumer's looks.
    let eventLoop: any EventLoop

    /// The consumer thread the caller runs on, if it runs on one.
    private static let running = ThreadSpecificVariable<EventConsumerThread>()

    /// The event loop of the consumer thread the caller runs on, if it runs on one (not a relay's event loop).
    static var currentEventLoop: (any EventLoop)? { running.currentValue?.eventLoop }

    /// Starts the thread.
    public init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        eventLoop = group.next()
        // Before any job: the loop runs its tasks in order.
        eventLoop.execute { Self.running.currentValue = self }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Stops the thread. Call it only once no task prefers this executor any more: a job enqueued after the
    /// thread stopped would never run.
    public func shutdown() async throws {
        try await eventLoop.submit { Self.running.currentValue = nil }.get()
        try await group.shutdownGracefully()
    }
}
