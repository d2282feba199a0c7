public import GatewireCore

/// The proxy's session events, in the order observed, for one consumer. Taking an event frees its room in the
/// proxy's bounded backlog (`EventBacklog`): a consumer that stops iterating stops the traffic, never loses events.
public struct ProxyEvents: AsyncSequence, Sendable {
    public typealias Element = SessionEvent

    let stream: AsyncStream<SessionEvent>
    let backlog: EventBacklog

    /// Iterates the events.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncStream<SessionEvent>.AsyncIterator
        let backlog: EventBacklog

        /// The next event, or `nil` once the proxy has shut down and every event was taken.
        public mutating func next() async -> SessionEvent? {
            guard let event = await base.next() else { return nil }
            backlog.consumed(event)
            return event
        }
    }

    /// Makes the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: stream.makeAsyncIterator(), backlog: backlog)
    }
}
