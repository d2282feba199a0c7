/// Where one page's event stream stands in the ``LiveEventStore``, and when it must skip: a sans-I/O state machine
/// the stream asks before each send.
///
/// A page first gets everything kept when it connected (the replay), then live events. It may fall behind by at
/// most `maxBacklog` live events: beyond that, or when the store forgot events it had not sent, the cursor jumps
/// ahead and says how many events were skipped, so a stalled page never holds more than a position.
struct EventStreamCursor: Sendable {
    /// The sequence number of the last event sent (or skipped).
    private(set) var position: Int
    /// The newest sequence number when the page connected: events up to it are the replay, never counted as
    /// backlog.
    let replayEnd: Int
    /// How many live events the page may fall behind.
    let maxBacklog: Int

    /// Starts a stream at the beginning of the store.
    init(replayEnd: Int, maxBacklog: Int, position: Int = 0) {
        self.position = position
        self.replayEnd = replayEnd
        self.maxBacklog = max(1, maxBacklog)
    }

    /// Moves past what must be skipped, given the store's oldest kept and newest sequence numbers.
    ///
    /// - Returns: how many events were skipped, 0 when none.
    mutating func skip(oldest: Int, latest: Int) -> Int {
        var skipped = 0
        if position + 1 < oldest {
            skipped += oldest - 1 - position
            position = oldest - 1
        }
        if latest - max(position, replayEnd) > maxBacklog {
            // Jump to half the allowance, so a page that is just slow gets a run of events before the next skip.
            let target = latest - maxBacklog / 2
            if target > position {
                skipped += target - position
                position = target
            }
        }
        return skipped
    }

    /// Records that events up to `sequence` were sent.
    mutating func sent(through sequence: Int) {
        position = max(position, sequence)
    }
}
