/// The recording as a pipeline sink: every event, analysed and redacted, appended to a recording.
///
/// The recording is opened with the first event when its header's start time is that event's time (a file being
/// converted), or before any event when the caller opens it (live traffic starts the clock at launch).
public struct RecordingSink<Output: RecordingOutput>: SessionEventSink {
    public let name: String
    private var writer: RecordingWriter<Output>?
    private let open: ((Timestamp) throws -> RecordingWriter<Output>)?

    /// A sink writing to an open recording.
    public init(name: String, writer: RecordingWriter<Output>) {
        self.name = name
        self.writer = writer
        open = nil
    }

    /// A sink that opens its recording when the first event arrives (or, with no events, at ``finish()`` with the
    /// epoch as its start).
    ///
    /// - Parameter open: makes the writer; receives the first event's time for the header.
    public init(name: String, openingAtFirstEvent open: @escaping (Timestamp) throws -> RecordingWriter<Output>) {
        self.name = name
        writer = nil
        self.open = open
    }

    /// Events written so far.
    public var eventCount: Int { writer?.eventCount ?? 0 }

    public mutating func consume(_ events: [SessionEvent]) throws {
        guard let first = events.first else { return }
        if writer == nil, let open { writer = try open(first.time) }
        try writer?.write(contentsOf: events)
    }

    public mutating func finish() throws {
        if writer == nil, let open { writer = try open(Timestamp(microsecondsSinceEpoch: 0)) }
        try writer?.close()
    }
}
