public import GatewireCore

/// The proxy's session events, in the order observed, for one consumer. Taking events frees their room in the
/// proxy's bounded backlog (`EventBacklog`): a consumer that stops iterating stops the traffic, never loses events.
///
/// Iterate the events one by one, or `batches` to get everything that waits at once (a recorder writes a batch with
/// one system call and so keeps up with more traffic).
public struct ProxyEvents: AsyncSequence, Sendable {
    public typealias Element = SessionEvent

    let backlog: EventBacklog

    /// Iterates the events one by one.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let backlog: EventBacklog
        var batch: [SessionEvent] = []
        var index = 0

        /// The next event, or `nil` once the proxy has shut down and every event was taken.
        public mutating func next() async -> SessionEvent? {
            if index == batch.count {
                batch = await backlog.nextBatch()
                index = 0
                guard !batch.isEmpty else { return nil }
            }
            defer { index += 1 }
            return batch[index]
        }
    }

    /// Makes the iterator.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(backlog: backlog)
    }

    /// The events in batches: each batch is everything that waited when the previous one was done, in order, and
    /// never empty; the sequence ends once the proxy has shut down and every event was taken.
    public var batches: Batches { Batches(backlog: backlog) }

    /// The events in batches; see `ProxyEvents.batches`.
    public struct Batches: AsyncSequence, Sendable {
        public typealias Element = [SessionEvent]

        let backlog: EventBacklog

        /// Iterates the batches.
        public struct AsyncIterator: AsyncIteratorProtocol {
            let backlog: EventBacklog

            /// The next batch, or `nil` once the proxy has shut down and every event was taken.
            public mutating func next() async -> [SessionEvent]? {
                let batch = await backlog.nextBatch()
                return batch.isEmpty ? nil : batch
            }
        }

        /// Makes the iterator.
        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(backlog: backlog)
        }
    }
}
