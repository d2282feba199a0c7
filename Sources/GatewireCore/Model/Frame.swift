/// One WebSocket frame as it crossed the wire, already unmasked.
///
/// Shells build frames from NIOWebSocket's `WebSocketFrame` through a small adapter; Core never parses bytes
/// from the wire itself.
public struct Frame: Hashable, Sendable {
    /// Whether this is the final fragment of a message.
    public var fin: Bool
    /// The three reserved bits; RSV1 is permessage-deflate's "compressed" flag.
    public var rsv1: Bool
    public var rsv2: Bool
    public var rsv3: Bool
    public var opcode: Opcode
    /// Whether the frame arrived masked (RFC 6455 §5.3 requires it from clients and forbids it from servers).
    public var masked: Bool
    /// The unmasked payload.
    public var payload: [UInt8]

    /// Creates a frame; reserved bits default to clear.
    public init(
        fin: Bool = true, rsv1: Bool = false, rsv2: Bool = false, rsv3: Bool = false, opcode: Opcode,
        masked: Bool = false, payload: [UInt8]
    ) {
        self.fin = fin
        self.rsv1 = rsv1
        self.rsv2 = rsv2
        self.rsv3 = rsv3
        self.opcode = opcode
        self.masked = masked
        self.payload = payload
    }
}
