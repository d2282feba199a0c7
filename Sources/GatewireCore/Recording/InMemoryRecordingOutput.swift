public import Foundation

/// A recording output that keeps the bytes in memory, for tests and for recordings built before they are saved.
public struct InMemoryRecordingOutput: RecordingOutput, Hashable, Sendable {
    /// Everything written so far.
    public private(set) var data: Data
    /// Whether `close()` was called.
    public private(set) var isClosed: Bool

    /// Creates an empty output.
    public init() {
        self.data = Data()
        self.isClosed = false
    }

    /// Appends the bytes to `data`.
    public mutating func write(_ bytes: [UInt8]) throws {
        data.append(contentsOf: bytes)
    }

    /// Marks the output closed; the bytes stay readable.
    public mutating func close() throws {
        isClosed = true
    }
}
