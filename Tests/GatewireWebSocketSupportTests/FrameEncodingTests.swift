import GatewireWebSocketSupport
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@Suite struct FrameEncodingTests {
    /// The bytes NIOWebSocket's own encoder writes for `frame`.
    private static func encodedByNIO(_ frame: WebSocketFrame) throws -> [UInt8] {
        let channel = EmbeddedChannel(handler: WebSocketFrameEncoder())
        try channel.writeOutbound(frame)
        var bytes: [UInt8] = []
        while let buffer = try channel.readOutbound(as: ByteBuffer.self) { bytes += buffer.readableBytesView }
        _ = try channel.finish()
        return bytes
    }

    /// Masked with a new key (towards an upstream) or unmasked (towards a client), from the payload as sent or from
    /// the bytes still masked with the client's key.
    @Test(
        "a frame is written byte for byte as NIOWebSocket's encoder writes it, masked or not",
        arguments: [0, 1, 7, 8, 9, 125, 126, 127, 1000, 65535, 65536, 70001])
    func sameBytesAsNIO(length: Int) throws {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let payload = ByteBuffer(bytes: bytes)
        let clientKey: WebSocketMaskingKey = [0xC1, 0x05, 0x77, 0xE0]
        var maskedByClient = ByteBuffer(bytes: bytes)
        maskedByClient.webSocketMask(clientKey)
        for key: WebSocketMaskingKey? in [[0x12, 0x9A, 0xFE, 0x03], nil] {
            for (opcode, fin, rsv1, rsv2, rsv3) in [
                (WebSocketOpcode.text, true, false, false, false), (.continuation, false, true, false, false),
                (.binary, true, false, true, false), (.ping, true, false, false, true),
                (.text, false, true, true, true),
            ] {
                let expected = try Self.encodedByNIO(
                    WebSocketFrame(
                        fin: fin, rsv1: rsv1, rsv2: rsv2, rsv3: rsv3, opcode: opcode, maskKey: key, data: payload))
                for (data, maskKey) in [(payload, nil), (maskedByClient, clientKey)] {
                    var written = ByteBuffer()
                    written.writeFrame(
                        like: WebSocketFrame(
                            fin: fin, rsv1: rsv1, rsv2: rsv2, rsv3: rsv3, opcode: opcode, maskKey: maskKey, data: data),
                        maskingKey: key)
                    #expect(Array(written.readableBytesView) == expected, "\(opcode) key \(String(describing: key))")
                }
            }
        }
    }
}
