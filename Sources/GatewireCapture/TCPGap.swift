/// Bytes of a TCP stream that the capture does not have, reported instead of guessed at.
public struct TCPGap: Hashable, Sendable {
    /// Why the bytes are missing.
    public enum Reason: String, Hashable, Sendable {
        /// Segments were never captured (dropped by the capturing host, or the capture started late).
        case missingSegments = "missing-segments"
        /// The packet was captured but cut by the snapshot length (`tcpdump -s`).
        case truncatedPacket = "truncated-packet"
        /// Out-of-order data exceeded `TCPReassembler.Configuration.maxBufferedBytesPerDirection`, so the
        /// reassembler gave up waiting for the missing bytes.
        case bufferLimit = "buffer-limit"
    }

    /// How many bytes are missing.
    public var byteCount: Int
    public var reason: Reason

    /// Creates a gap.
    public init(byteCount: Int, reason: Reason) {
        self.byteCount = byteCount
        self.reason = reason
    }

    /// The stable code of the `error` event that reports it (`capture-gap-missing-segments`, …).
    public var code: String { "capture-gap-\(reason.rawValue)" }
}
