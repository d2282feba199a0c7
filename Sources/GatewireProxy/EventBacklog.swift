import GatewireCore
import NIOConcurrencyHelpers
import NIOCore

/// How much of the proxy's event stream waits for its consumer (the analyzer, the recorder, the printer), and the
/// brake that keeps it bounded: while more than `limit` bytes of events wait, connections stop reading from their
/// sockets, so TCP flow control slows the peers instead of the proxy's memory growing.
///
/// Nothing is ever dropped: a recording made from the stream gets every event. The price of a slow consumer is
/// slower traffic, which is what a user who asked for a recording wants. Reading resumes once the backlog falls
/// to half the limit.
final class EventBacklog: Sendable {
    /// The most event bytes allowed to wait before connections stop reading.
    let limit: Int
    private let state = NIOLockedValueBox(State())

    private struct State {
        var waitingBytes = 0
        var paused: [(any EventLoop, @Sendable () -> Void)] = []
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

    /// An event entered the stream.
    func added(_ event: SessionEvent) {
        let cost = Self.cost(of: event)
        state.withLockedValue { $0.waitingBytes += cost }
    }

    /// The consumer took an event: when the backlog has fallen to half the limit, every paused reader resumes on
    /// its own event loop.
    func consumed(_ event: SessionEvent) {
        let cost = Self.cost(of: event)
        let resumed = state.withLockedValue { state -> [(any EventLoop, @Sendable () -> Void)] in
            state.waitingBytes -= cost
            guard state.waitingBytes <= limit / 2, !state.paused.isEmpty else { return [] }
            defer { state.paused.removeAll() }
            return state.paused
        }
        for (eventLoop, resume) in resumed { eventLoop.execute(resume) }
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
