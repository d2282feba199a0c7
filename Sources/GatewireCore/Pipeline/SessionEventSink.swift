/// One consumer of analysed, redacted session events: the recording, the printed lines, a HAR export, a diagnosis,
/// a live view. Sinks never see an event before redaction.
///
/// A sink that throws is detached by the pipeline (``SessionPipeline``): the failure is reported at once and again
/// at the end, and the other sinks go on.
public protocol SessionEventSink {
    /// What the sink writes to, for failure messages ("the recording session.jsonl").
    var name: String { get }

    /// Takes the next events, in order of observation.
    mutating func consume(_ events: [SessionEvent]) throws

    /// Called once after the last event: writes what is pending and closes.
    mutating func finish() throws
}
