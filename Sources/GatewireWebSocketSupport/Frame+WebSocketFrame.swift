public import GatewireCore
public import NIOCore
public import NIOWebSocket

extension Frame {
    /// Core's frame for one NIOWebSocket decoded, unmasked: the proxy, the mock and capture import all map frames
    /// this way.
    ///
    /// - Returns: `nil` for the reserved opcodes 3–7 and 11–15 (RFC 6455 §5.2), which Core does not model; callers
    ///   report or reject them first.
    public init?(_ frame: WebSocketFrame) {
        // Unmasked straight into the array: no intermediate buffer on capture import's hot path.
        let payload =
            frame.maskKey.map { WebSocketMasking.applied($0, to: frame.data) } ?? Array(frame.data.readableBytesView)
        self.init(frame, payload: payload)
    }

    /// Core's frame for a frame whose payload was already unmasked into `payload`.
    public init?(_ frame: WebSocketFrame, unmaskedPayload payload: ByteBuffer) {
        self.init(frame, payload: Array(payload.readableBytesView))
    }

    private init?(_ frame: WebSocketFrame, payload: [UInt8]) {
        guard let opcode = Opcode(rawValue: UInt8(webSocketOpcode: frame.opcode)) else { return nil }
        self.init(
            fin: frame.fin, rsv1: frame.rsv1, rsv2: frame.rsv2, rsv3: frame.rsv3, opcode: opcode,
            masked: frame.maskKey != nil, payload: payload)
    }
}
