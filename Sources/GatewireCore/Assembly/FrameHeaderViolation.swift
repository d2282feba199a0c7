/// A rule broken by a frame's header, found by the frame decoder before the frame could reach a `MessageAssembler`.
///
/// The proxy, the mock and capture import decode frames with NIOWebSocket, which stops at these violations instead
/// of producing a frame (or produces one with an opcode `Frame` cannot hold). Every shell reports them through this
/// type, mapped from the decoder's error in one place (`FrameHeaderViolation(_: NIOWebSocketError)` in
/// GatewireWebSocketSupport), so the same bytes get the same code whichever command saw them. The codes belong to
/// the same vocabulary as `MessageAssembler`'s and are documented in docs/recording-format.md.
public enum FrameHeaderViolation: Hashable, Sendable, CaseIterable {
    /// The frame's length is above the decoder's maximum frame size, or above 2^63 − 1 (RFC 6455 §5.2 requires the
    /// most significant bit of a 64-bit length to be 0).
    case frameTooLarge
    /// A control frame without FIN (RFC 6455 §5.5: control frames are never fragmented).
    case fragmentedControlFrame
    /// A control frame longer than 125 bytes (RFC 6455 §5.5).
    case controlFrameTooLarge
    /// An opcode RFC 6455 §5.2 reserves (3–7, 0xB–0xF), which fails the connection.
    case reservedOpcode

    /// The stable kebab-case code of `ErrorEvent.code`.
    public var code: String {
        switch self {
        case .frameTooLarge: "frame-too-large"
        case .fragmentedControlFrame: "fragmented-control-frame"
        case .controlFrameTooLarge: "control-frame-too-large"
        case .reservedOpcode: "reserved-opcode"
        }
    }

    /// The close code a conformant endpoint fails the connection with (RFC 6455 §7.4.1): 1009, "a message that is
    /// too big for it to process", for an oversized frame; 1002, "protocol error", for the rest.
    public var closeCode: UInt16 {
        self == .frameTooLarge ? 1009 : 1002
    }

    /// One sentence for a person; `peer` is the side that sent the frame.
    public func message(from peer: Direction) -> String {
        let who = "The \(peer.rawValue)"
        return switch self {
        case .frameTooLarge:
            "\(who) sent a frame longer than the decoder's maximum frame size (or than 2^63 bytes)."
        case .fragmentedControlFrame:
            "\(who) sent a control frame without FIN; control frames cannot be fragmented (RFC 6455 §5.5)."
        case .controlFrameTooLarge:
            "\(who) sent a control frame longer than 125 bytes (RFC 6455 §5.5)."
        case .reservedOpcode:
            "\(who) sent a frame with a reserved opcode (RFC 6455 §5.2 requires failing the connection)."
        }
    }
}
