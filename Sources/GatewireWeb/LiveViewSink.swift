public import GatewireCore

/// The web view as a pipeline sink: hands each batch of analysed, redacted events to the ``LiveEventStore`` the
/// server reads from.
///
/// It never blocks the pipeline (and so never the relay): the store copies the batch in and wakes the pages'
/// streams, which send at their own pace; a page that falls behind skips events, it does not hold them up.
public struct LiveViewSink: SessionEventSink {
    /// How failures name it.
    public let name = "the web view"
    private let store: LiveEventStore

    /// Creates a sink feeding `store`.
    public init(store: LiveEventStore) {
        self.store = store
    }

    /// Keeps the batch and wakes the pages; never waits for them.
    public mutating func consume(_ events: [SessionEvent]) throws {
        store.append(events)
    }

    /// Tells the pages the events are complete (a file read to its end, a command that stopped).
    public mutating func finish() throws {
        store.finish()
    }
}
