import Foundation

/// Writes a recording: the header when created, then one line per event, written as the events are given.
///
/// Every line, newline included, goes to the output within one `write` call (a batch of lines shares one), so a
/// process killed at any moment leaves a file whose complete lines are all readable and whose last line at worst
/// is torn, which `RecordingReader` reports and skips.
///
/// The writer is a value that one owner mutates; the proxy and the capture importer feed it from the single task
/// that consumes their events, so it needs no lock. It is `Sendable` when its output is, so
/// that it can be handed to that task.
public struct RecordingWriter<Output: RecordingOutput> {
    /// The destination; read it back from an `InMemoryRecordingOutput` in tests.
    public private(set) var output: Output
    /// The header written as the first line.
    public let header: RecordingHeader
    /// How many events have been written.
    public private(set) var eventCount: Int
    /// Whether `close()` was called; later writes fail.
    public private(set) var isClosed: Bool
    private let encoder: RecordingLineEncoder
    /// The empty block `write(contentsOf:)` fills, kept with its capacity between batches.
    private var spareBlock: [UInt8] = []
    /// The last route resolution written, with its bytes, for the next line that carries the same one.
    private var resolutions = EncodedResolutionCache()

    /// Starts a recording by writing its header line.
    ///
    /// - Throws: `RecordingError` with code `.writeFailed` when the output refuses the header.
    public init(output: Output, header: RecordingHeader) throws {
        self.output = output
        self.header = header
        self.eventCount = 0
        self.isClosed = false
        self.encoder = RecordingLineEncoder()
        var line = [UInt8](try header.encoded(using: encoder))
        line.append(UInt8(ascii: "\n"))
        try writeToOutput(line)
    }

    /// Appends one event as one line.
    ///
    /// - Throws: `RecordingError` with code `.writeFailed` when the writer is closed or the output fails; the
    ///   recording stays readable up to the last line that was written.
    public mutating func write(_ event: SessionEvent) throws {
        try write(contentsOf: [event])
    }

    /// Appends several events, one line each, in order, with one write to the output per block of whole lines
    /// (up to `blockSize` bytes, or one line when a line is longer): a batch of events that arrived together costs
    /// a system call or a few instead of one per event, and never a copy of the whole batch in memory.
    ///
    /// - Throws: as `write(_:)`; when the output fails, the lines of earlier blocks are written, none of the failing
    ///   block may be.
    public mutating func write(contentsOf events: some Sequence<SessionEvent>) throws {
        try write(contentsOf: Array(events))
    }

    /// Appends a batch of events as `write(contentsOf:)` does for any sequence; the array every pipeline sink gets
    /// is iterated directly, not through a generic sequence that copies each event through its value witnesses.
    public mutating func write(contentsOf events: [SessionEvent]) throws {
        guard !isClosed else { throw RecordingError.writeFailed("the recording is already closed") }
        // The block keeps its capacity from one batch to the next (up to about `blockSize`), instead of growing
        // again from empty for every batch.
        var block = spareBlock
        spareBlock = []
        defer {
            block.removeAll(keepingCapacity: true)
            spareBlock = block
        }
        var count = 0
        // Each event is encoded where it lies in the batch: a `for` loop would copy every event out first.
        try events.withUnsafeBufferPointer { events in
            for index in events.indices {
                try RecordedEvent.encode(events[index], appendingTo: &block, reusing: &resolutions)
                block.append(UInt8(ascii: "\n"))
                count += 1
                if block.count >= Self.blockSize {
                    try writeBlock(&block, lines: &count)
                }
            }
        }
        try writeBlock(&block, lines: &count)
    }

    /// How many bytes of whole lines `write(contentsOf:)` collects before writing them.
    static var blockSize: Int { 1 << 20 }

    private mutating func writeBlock(_ block: inout [UInt8], lines: inout Int) throws {
        guard lines > 0 else { return }
        try writeToOutput(block)
        eventCount += lines
        block.removeAll(keepingCapacity: true)
        lines = 0
    }

    /// Finishes the recording and releases the output; closing twice does nothing.
    ///
    /// - Throws: `RecordingError` with code `.writeFailed` when the output cannot be synced or closed.
    public mutating func close() throws {
        guard !isClosed else { return }
        isClosed = true
        do {
            try output.close()
        } catch {
            throw RecordingError.writeFailed("\(error)")
        }
    }

    /// Hands whole lines to the output in one call.
    private mutating func writeToOutput(_ bytes: [UInt8]) throws {
        do {
            try output.write(bytes)
        } catch {
            throw RecordingError.writeFailed("\(error)")
        }
    }
}

extension RecordingWriter: Sendable where Output: Sendable {}
