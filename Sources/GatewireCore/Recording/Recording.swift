/// A recording read back: its header, its events in order, and what the reader had to work around.
public struct Recording: Hashable, Sendable {
    /// The header line.
    public var header: RecordingHeader
    /// The format version the file was written in, before any migration (the events are always current).
    public var version: Int
    /// Every readable event, in the order it was observed.
    public var events: [SessionEvent]
    /// Lines that were skipped or repaired, such as a torn last line.
    public var issues: [RecordingIssue]

    /// Creates a recording.
    public init(
        header: RecordingHeader, version: Int = RecordingFormat.version, events: [SessionEvent],
        issues: [RecordingIssue] = []
    ) {
        self.header = header
        self.version = version
        self.events = events
        self.issues = issues
    }
}
