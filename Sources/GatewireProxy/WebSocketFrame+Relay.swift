import NIOCore
import NIOWebSocket

extension WebSocketFrame {
    /// The opcode's wire number (0–15), including the ones RFC 6455 reserves.
    var opcodeNumber: UInt8 { UInt8(webSocketOpcode: opcode) }

    /// Whether the opcode is a control opcode (its high bit set, RFC 6455 §5.5).
    var isControlFrame: Bool { opcodeNumber & 0x8 != 0 }

    /// A close frame carrying a status code and a reason, as RFC 6455 §5.5.1 lays it out.
    static func close(code: UInt16, reason: String, maskKey: WebSocketMaskingKey?) -> WebSocketFrame {
        var data = ByteBuffer()
        data.writeInteger(code)
        // RFC 6455 §5.5: a control frame's payload is at most 125 bytes, two of which are the code.
        data.writeBytes(reason.utf8.prefix(123))
        return WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: maskKey, data: data)
    }
}
