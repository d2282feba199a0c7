public import NIOCore
public import NIOWebSocket

extension ByteBuffer {
    /// Writes a frame masked with `key`, header and payload, as RFC 6455 §5.2 lays it out: the bytes NIOWebSocket's
    /// `WebSocketFrameEncoder` writes for the same frame, in one buffer instead of two.
    ///
    /// The proxy sends every client frame on to the upstream masked with a fresh key. NIO's encoder copies the
    /// payload (the relay still holds it) and masks it one byte at a time; here the payload is masked eight bytes at
    /// a time straight into this buffer, after the header. A payload that is still masked with the client's key is
    /// unmasked in the same pass (the two keys are applied as one).
    ///
    /// - Parameters:
    ///   - frame: the frame to send: FIN, RSV bits, opcode, and its data, masked with `frame.maskKey` if that is
    ///     set; extension data is not written.
    ///   - key: the masking key to write and to mask with.
    public mutating func writeMaskedFrame(like frame: WebSocketFrame, key: WebSocketMaskingKey) {
        let payload = frame.data
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
        // Unmasking with the old key and masking with the new one is one XOR with both.
        var transform = key
        if let old = frame.maskKey {
            var both: UInt32 = 0
            withUnsafeMutableBytes(of: &both) { bytes in
                for index in 0..<4 { bytes[index] = old[index] ^ key[index] }
            }
            // Four bytes always make a key.
            transform = withUnsafeBytes(of: both) { WebSocketMaskingKey($0) } ?? key
        }
        payload.withUnsafeReadableBytes { source in
            _ = writeWithUnsafeMutableBytes(minimumWritableBytes: length) { destination in
                WebSocketMasking.apply(transform, from: source, to: destination)
                return length
            }
        }
    }
}
