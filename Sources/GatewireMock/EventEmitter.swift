import GatewireCore

/// Where a mock gateway's session events go: an `AsyncStream` consumer (log, `--json`, `--record`), or nowhere
/// when nobody listens (benchmarks).
struct EventEmitter: Sendable {
    private let continuation: AsyncStream<SessionEvent>.Continuation?

    init(_ continuation: AsyncStream<SessionEvent>.Continuation?) {
        self.continuation = continuation
    }

    func emit(_ event: SessionEvent) {
        continuation?.yield(event)
    }

    func finish() {
        continuation?.finish()
    }
}
