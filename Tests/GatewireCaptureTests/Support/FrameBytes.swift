/// Encodes WebSocket frames by hand (RFC 6455 §5.2) for decoder tests, including ones a correct encoder refuses.
enum FrameBytes {
    static func frame(
        fin: Bool = true, rsv1: Bool = false, opcode: UInt8, payload: [UInt8], mask: [UInt8]? = nil
    ) -> [UInt8] {
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode]
        let maskBit: UInt8 = mask == nil ? 0 : 0x80
        if payload.count < 126 {
            bytes.append(maskBit | UInt8(payload.count))
        } else if payload.count <= 0xFFFF {
            bytes += [maskBit | 126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
        } else {
            bytes.append(maskBit | 127)
            bytes += (0..<8).reversed().map { UInt8(truncatingIfNeeded: payload.count >> ($0 * 8)) }
        }
        guard let mask else { return bytes + payload }
        return bytes + mask + payload.enumerated().map { $0.element ^ mask[$0.offset % 4] }
    }

    /// A masked client text frame.
    static func clientText(_ text: String, fin: Bool = true) -> [UInt8] {
        frame(fin: fin, opcode: 1, payload: Array(text.utf8), mask: [0x12, 0x34, 0x56, 0x78])
    }

    /// An unmasked server text frame.
    static func serverText(_ text: String, fin: Bool = true) -> [UInt8] {
        frame(fin: fin, opcode: 1, payload: Array(text.utf8))
    }

    static let request = Array(
        ("GET /prod?token=a+b HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)
    static let response = Array(
        ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: chat\r\n\r\n").utf8)
}
