public import NIOCore
public import NIOWebSocket

extension ByteBuffer {
    /// Writes a frame, header and payload, as RFC 6455 §5.2 lays it out, masked with `key` when there is one: the
    /// bytes NIOWebSocket's `WebSocketFrameEncoder` writes for the same frame, in one buffer instead of two.
    ///
    /// The proxy sends every client frame on to the upstream masked with a fresh key. NIO's encoder copies the
    /// payload (the relay still holds it) and masks it one byte at a time; here the payload is masked eight bytes at
    /// a time straight into this buffer, after the header. A payload that is still masked with the client's key is
    /// unmasked in the same pass (the two keys are applied as one). Towards a client (no key), a small frame goes as
    /// one buffer too: copying a short payload costs less than the separate header buffer and second write NIO's
    /// encoder makes.
    ///
    /// - Parameters:
    ///   - frame: the frame to send: FIN, RSV bits, opcode, and its data, masked with `frame.maskKey` if that is
    ///     set; extension data is not written.
    ///   - key: the masking key to write and to mask with, or `nil` to write the payload unmasked.
    public mutating func writeFrame(like frame: WebSocketFrame, maskingKey key: WebSocketMaskingKey?) {
        let payload = frame.data
        let length = payload.readableBytes
        reserveCapacity(minimumWritableBytes: 14 + length)
        var first = UInt8(webSocketOpcode: frame.opcode)
        if frame.fin { first |= 0x80 }
        if frame.rsv1 { first |= 0x40 }
        if frame.rsv2 { first |= 0x20 }
        if frame.rsv3 { first |= 0x10 }
        writeInteger(first)
        let maskBit: UInt8 = key == nil ? 0 : 0x80
        // The length in the fewest bytes that hold it (RFC 6455 §5.2: "the minimal number of bytes MUST be used").
        switch length {
        case ..<126:
            writeInteger(maskBit | UInt8(length))
        case ..<65536:
            writeInteger(maskBit | 126)
            writeInteger(UInt16(length))
        default:
            writeInteger(maskBit | 127)
            writeInteger(UInt64(length))
        }
        if let key { writeBytes(key) }
        guard let transform = Self.transform(from: frame.maskKey, to: key) else {
            writeImmutableBuffer(payload)
            return
        }
        payload.withUnsafeReadableBytes { source in
            _ = writeWithUnsafeMutableBytes(minimumWritableBytes: length) { destination in
                WebSocketMasking.apply(transform, from: source, to: destination)
                return length
            }
        }
    }

    /// The one key that takes a payload masked with `old` (or not masked) to one masked with `new` (or not):
    /// unmasking with the old key and masking with the new one is one XOR with both; `nil` when neither is set.
    private static func transform(from old: WebSocketMaskingKey?, to new: WebSocketMaskingKey?) -> WebSocketMaskingKey?
    {
        guard let old else { return new }
        guard let new else { return old }
        var both: UInt32 = 0
        withUnsafeMutableBytes(of: &both) { bytes in
            for index in 0..<4 { bytes[index] = old[index] ^ new[index] }
        }
        // Four bytes always make a key.
        return withUnsafeBytes(of: both) { WebSocketMaskingKey($0) } ?? new
    }
}
