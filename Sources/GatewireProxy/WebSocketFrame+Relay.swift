import NIOCore
import NIOWebSocket

extension WebSocketFrame {
    /// A close frame carrying a status code and a reason, as RFC 6455 §5.5.1 lays it out.
    static func close(code: UInt16, reason: String, maskKey: WebSocketMaskingKey?) -> WebSocketFrame {
        var data = ByteBuffer()
        data.writeInteger(code)
        // RFC 6455 §5.5: a control frame's payload is at most 125 bytes, two of which are the code.
        data.writeBytes(reason.utf8.prefix(123))
        return WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: maskKey, data: data)
    }
}
