public import NIOCore
public import NIOWebSocket

extension ByteBuffer {
    /// Writes a whole masked frame, header and payload, as RFC 6455 §5.2 lays it out: the bytes NIOWebSocket's
    /// `WebSocketFrameEncoder` writes for the same frame, in one buffer instead of two.
    ///
    /// The proxy sends every client frame on to the upstream masked with a fresh key. NIO's encoder copies the
    /// payload (the relay still holds it) and masks it one byte at a time; here the unmasked payload is masked eight
    /// bytes at a time straight into this buffer, after the header.
    ///
    /// - Parameters:
    ///   - frame: the frame's FIN, RSV bits and opcode; its own payload, mask key and extension data are not used.
    ///   - payload: the unmasked application data.
    ///   - key: the masking key to write and to mask with.
    public mutating func writeMaskedFrame(
        like frame: WebSocketFrame, payload: ByteBuffer, key: WebSocketMaskingKey
    ) {
        let length = payload.readableBytes
        reserveCapacity(minimumWritableBytes: 14 + length)
        var first = UInt8(webSocketOpcode: frame.opcode)
        if frame.fin { first |= 0x80 }
        if frame.rsv1 { first |= 0x40 }
        if frame.rsv2 { first |= 0x20 }
        if frame.rsv3 { first |= 0x10 }
        writeInteger(first)
        // The length in the fewest bytes that hold it (RFC 6455 §5.2: "the minimal number of bytes MUST be used").
        switch length {
        case ..<126:
            writeInteger(UInt8(0x80 | length))
        case ..<65536:
            writeInteger(UInt8(0x80 | 126))
            writeInteger(UInt16(length))
        default:
            writeInteger(UInt8(0x80 | 127))
            writeInteger(UInt64(length))
        }
        writeBytes(key)
        payload.withUnsafeReadableBytes { source in
            _ = writeWithUnsafeMutableBytes(minimumWritableBytes: length) { destination in
                WebSocketMasking.apply(key, from: source, to: destination)
                return length
            }
        }
    }
}
