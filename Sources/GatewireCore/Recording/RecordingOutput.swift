/// Where a `RecordingWriter` puts its lines: a file, or memory in tests.
///
/// A conforming type must pass each `write` to its destination in one piece and without buffering, so that when
/// the process is killed every line written so far is complete on disk; only a line being written at that
/// moment can be torn, and the reader skips it.
public protocol RecordingOutput {
    /// Appends bytes at the end, in one piece, before returning.
    mutating func write(_ bytes: [UInt8]) throws

    /// Makes the written bytes durable where the destination allows, and releases it.
    mutating func close() throws
}
