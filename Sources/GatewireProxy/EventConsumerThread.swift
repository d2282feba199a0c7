import NIOCore
import NIOPosix

/// A thread of its own for the proxy's event consumer (analysis, recording, output): a Swift task that prefers this
/// executor (`withTaskExecutorPreference`) runs there, and while it looks for events (`EventBacklog.nextBatch()`)
/// it sleeps on this thread's own timer, so each look costs one wake-up of one thread. On Swift's shared pool each
/// look woke a timer thread and then a worker, and consecutive batches moved between workers.
public final class EventConsumerThread: TaskExecutor {
    private let group: MultiThreadedEventLoopGroup
    /// The thread's event loop: its timer serves the consumer's looks.
    let eventLoop: any EventLoop

    /// Starts the thread.
    public init() {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        eventLoop = group.next()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }

    /// Stops the thread once nothing more runs on it.
    public func shutdown() async throws {
        try await group.shutdownGracefully()
    }
}
