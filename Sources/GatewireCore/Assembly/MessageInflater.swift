/// Decompresses permessage-deflate messages (RFC 7692) for a `MessageAssembler`.
///
/// Core cannot inflate by itself (Foundation has no zlib binding on Linux), so the shells that do I/O provide an
/// implementation. One inflater serves one connection; it is `mutating` because deflate keeps a sliding window
/// per direction across messages unless `*_no_context_takeover` was negotiated.
public protocol MessageInflater {
    /// Inflates one whole compressed message.
    ///
    /// - Parameters:
    ///   - compressed: the concatenated payloads of the message's frames, exactly as on the wire; the
    ///     implementation appends the `00 00 FF FF` tail that RFC 7692 §7.2.2 strips from each message.
    ///   - direction: who sent the message, which selects the sliding window to use.
    ///   - limit: the largest output the assembler accepts; an implementation may stop after `limit + 1` bytes
    ///     (the assembler then reports the message as too large) rather than inflate a compression bomb.
    /// - Returns: the inflated payload.
    /// - Throws: when the data is not valid deflate; the assembler reports `invalid-compressed-data` (1007).
    mutating func inflate(_ compressed: [UInt8], direction: Direction, limit: Int) throws -> [UInt8]
}
