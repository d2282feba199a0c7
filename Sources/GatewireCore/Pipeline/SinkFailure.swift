/// A sink that could not take events (a full disk, a closed file): which one, and why.
public struct SinkFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// The sink's name (``SessionEventSink/name``).
    public var sink: String
    /// What went wrong, as the system said it.
    public var reason: String
    /// How many events the sink had taken before it failed; it takes none after.
    public var eventsTaken: Int

    /// Creates a failure description.
    public init(sink: String, reason: String, eventsTaken: Int) {
        self.sink = sink
        self.reason = reason
        self.eventsTaken = eventsTaken
    }

    public var description: String {
        "cannot write \(sink): \(reason) (after \(eventsTaken) event\(eventsTaken == 1 ? "" : "s"))"
    }
}
