import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns SIGINT and SIGTERM into one call of a shutdown action, instead of killing the process mid-write.
///
/// Every long-running command (proxy, mock, replay, capture) stops this way, so each closes its connections and
/// flushes its recording before it exits. Keep the watcher alive for as long as the signals should be handled.
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(_ action: @escaping @Sendable () -> Void) {
        // A parent process may start us with these signals blocked; a server must still stop when asked.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        let fired = Once()
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { if fired.claim() { action() } }
            source.resume()
            return source
        }
    }

    /// Suspends until SIGINT or SIGTERM arrives.
    static func waitForTermination() async {
        let box = WatcherBox()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            box.watcher = SignalWatcher { continuation.resume() }
        }
        withExtendedLifetime(box) {}
    }
}

/// Keeps a watcher alive while a caller waits for its signal.
private final class WatcherBox: @unchecked Sendable {
    var watcher: SignalWatcher?
}

/// A flag that is claimed once, from any thread.
private final class Once: @unchecked Sendable {
    private let lock = NSLock()
    private var claimed = false

    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if claimed { return false }
        claimed = true
        return true
    }
}
