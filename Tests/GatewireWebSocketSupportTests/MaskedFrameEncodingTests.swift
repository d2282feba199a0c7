import GatewireWebSocketSupport
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@Suite struct MaskedFrameEncodingTests {
    /// The bytes NIOWebSocket's own encoder writes for `frame`.
    private static func encodedByNIO(_ frame: WebSocketFrame) throws -> [UInt8] {
        let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())
        try channel.writeOutbound(frame)
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes += buffer.readableBytesView }
        _ = try channel.finish()
        return bytes
    }

    @Test(
        "a masked frame is written byte for byte as NIOWebSocket's encoder writes it",
        arguments: [0, 1, 7, 8, 9, 125, 126, 127, 1000, 65535, 65536, 70001])
    func sameBytesAsNIO(length: Int) throws {
        let payload = ByteBuffer(bytes: (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let key: WebSocketMaskingKey = [0x12, 0x9A, 0xFE, 0x03]
        for (opcode, fin, rsv1) in [
            (WebSocketOpcode.text, true, false), (.continuation, false, true), (.binary, true, false),
        ] {
            let frame = WebSocketFrame(fin: fin, rsv1: rsv1, opcode: opcode, maskKey: key, data: payload)
            var ours = ByteBuffer()
            ours.writeMaskedFrame(like: frame, payload: payload, key: key)
            #expect(Array(ours.readableBytesView) == (try Self.encodedByNIO(frame)))
        }
    }
}
