import GatewireCore
import NIOCore
import NIOWebSocket

extension Frame {
    /// Maps a frame decoded by NIOWebSocket to Core's frame, unmasking its payload.
    ///
    /// - Returns: `nil` for the reserved opcodes 3–7 and 11–15 (RFC 6455 §5.2), which Core does not model; the
    ///   caller reports them as a protocol violation.
    init?(_ frame: WebSocketFrame) {
        guard let opcode = Opcode(rawValue: UInt8(webSocketOpcode: frame.opcode)) else { return nil }
        var payload = frame.unmaskedData
        self.init(
            fin: frame.fin, rsv1: frame.rsv1, rsv2: frame.rsv2, rsv3: frame.rsv3, opcode: opcode,
            masked: frame.maskKey != nil, payload: payload.readBytes(length: payload.readableBytes) ?? [])
    }
}
