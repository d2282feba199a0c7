import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Stops the listener from reading while the proxy holds as many clients as its descriptors allow
/// (``DescriptorBudget``), and resumes as each closes; and, should `accept` still fail for want of resources (EMFILE:
/// every file descriptor in use, by something else), pauses and tries again after `retryDelay`. Either way the proxy
/// sleeps instead of spinning a core while pending clients wait in the listen backlog, and serves them as soon as
/// descriptors free up.
///
/// NIO's own `AcceptBackoffHandler` cannot do this here: when the first `accept` of a read fails, NIO's server
/// channel keeps its read pending and stays registered for readability, so the handler is never asked to delay a
/// read and the event loop retries `accept` at once, forever (measured: 63 % of a core with `ulimit -n 64`). Turning
/// `autoRead` off removes the listener from the selector until the retry.
final class AcceptPauseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = any Channel
    typealias InboundOut = any Channel

    /// How long the listener waits before trying `accept` again: short enough that a freed descriptor is used at
    /// once for a person's point of view, long enough that a retry costs nothing (one failed system call).
    static let retryDelay: TimeAmount = .milliseconds(250)

    /// The failures `accept` recovers from by itself once resources free up (NIO keeps the listener open on them).
    static let shortages: Set<CInt> = [EMFILE, ENFILE, ENOBUFS, ENOMEM]

    private let budget: DescriptorBudget
    private let onShortage: (String) -> Void
    private var retry: Scheduled<Void>?
    private var short = false
    /// Clients accepted and not yet closed.
    private var openClients = 0
    private var pausedForBudget = false

    /// - Parameters:
    ///   - budget: how many clients may be open at once.
    ///   - onShortage: called once when accepting stops (the budget is spent, or `accept` fails), not on every
    ///     retry, to tell the operator why.
    init(budget: DescriptorBudget, onShortage: @escaping (String) -> Void) {
        self.budget = budget
        self.onShortage = onShortage
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A client was accepted: the shortage, if any, is over.
        short = false
        let client = Self.unwrapInboundIn(data)
        openClients += 1
        let loop = context.eventLoop
        let channel = context.channel
        client.closeFuture.hop(to: loop).assumeIsolated().whenComplete { _ in
            self.clientClosed(listener: channel)
        }
        if openClients >= budget.maxClients, !pausedForBudget {
            pausedForBudget = true
            try? context.channel.syncOptions?.setOption(.autoRead, value: false)
            if !short {
                short = true
                onShortage(
                    "\(openClients) clients hold all the file descriptors the limit allows, two each, with a "
                        + "reserve kept for the runtime")
            }
        }
        context.fireChannelRead(data)
    }

    private func clientClosed(listener: any Channel) {
        openClients -= 1
        guard pausedForBudget, openClients < budget.maxClients else { return }
        pausedForBudget = false
        short = false
        if retry == nil { try? listener.syncOptions?.setOption(.autoRead, value: true) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? IOError, Self.shortages.contains(error.errnoCode) else {
            context.fireErrorCaught(error)
            return
        }
        if !short {
            short = true
            onShortage("\(error)")
        }
        guard retry == nil else { return }
        try? context.channel.syncOptions?.setOption(.autoRead, value: false)
        let channel = context.channel
        retry = context.eventLoop.assumeIsolated().scheduleTask(in: Self.retryDelay) {
            self.retry = nil
            if !self.pausedForBudget { try? channel.syncOptions?.setOption(.autoRead, value: true) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        retry?.cancel()
        retry = nil
        context.fireChannelInactive()
    }
}

@available(*, unavailable)
extension AcceptPauseHandler: Sendable {}
