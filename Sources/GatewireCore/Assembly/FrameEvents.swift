/// The events one frame completes, in order: usually the frame's own event alone (a message, ping, pong or close),
/// then an `error` for each rule it broke.
///
/// `MessageAssembler.receive` returns one per frame. The first event is held inline, so the usual frame, with one
/// event and no error, costs no array.
public struct FrameEvents: RandomAccessCollection {
    private var first: SessionEvent?
    private var rest: [SessionEvent] = []
    /// How many events there are, kept so that iterating does not look at the events to count them.
    public private(set) var endIndex = 0

    /// No events.
    init() {}

    /// Adds an event after the others.
    mutating func append(_ event: SessionEvent) {
        if endIndex == 0 {
            first = event
        } else {
            rest.append(event)
        }
        endIndex += 1
    }

    public var startIndex: Int { 0 }

    public subscript(position: Int) -> SessionEvent {
        if position == 0, let first { return first }
        return rest[position - 1]
    }
}
