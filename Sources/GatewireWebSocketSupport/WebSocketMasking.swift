public import NIOCore
public import NIOWebSocket

/// The RFC 6455 §5.3 masking transform (byte i XOR key[i mod 4]), eight bytes at a time.
///
/// NIOWebSocket's `webSocketUnmask` works one byte at a time with a modulo per byte; on a capture of large client
/// messages that loop was the biggest single cost of decoding. Masking and unmasking are the same operation.
public enum WebSocketMasking {
    /// Writes `source` XOR the key into `destination`, which must be at least as long.
    ///
    /// - Parameter indexOffset: the position of `source`'s first byte within the frame's payload, so a payload
    ///   split in pieces is transformed as one.
    public static func apply(
        _ key: WebSocketMaskingKey, indexOffset: Int = 0, from source: UnsafeRawBufferPointer,
        to destination: UnsafeMutableRawBufferPointer
    ) {
        precondition(destination.count >= source.count, "the destination is shorter than the source")
        let count = source.count
        guard count > 0, let from = source.baseAddress, let to = destination.baseAddress else { return }
        // The key repeated twice, in memory order, rotated so the first byte of `source` meets key[offset % 4].
        var pattern: UInt64 = 0
        withUnsafeMutableBytes(of: &pattern) { word in
            for index in 0..<8 { word[index] = key[(index + indexOffset) % 4] }
        }
        var index = 0
        while index + 8 <= count {
            let word = from.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            to.storeBytes(of: word ^ pattern, toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            let byte = from.load(fromByteOffset: index, as: UInt8.self)
            to.storeBytes(of: byte ^ key[(index + indexOffset) % 4], toByteOffset: index, as: UInt8.self)
            index += 1
        }
    }

    /// The readable bytes of `data` transformed with `key`, as an array.
    public static func applied(_ key: WebSocketMaskingKey, to data: ByteBuffer) -> [UInt8] {
        data.withUnsafeReadableBytes { source in
            [UInt8](unsafeUninitializedCapacity: source.count) { destination, initialized in
                apply(key, from: source, to: UnsafeMutableRawBufferPointer(destination))
                initialized = source.count
            }
        }
    }

    /// The readable bytes of `data` transformed with `key`, in a new buffer.
    public static func applied(
        _ key: WebSocketMaskingKey, to data: ByteBuffer, allocator: ByteBufferAllocator
    ) -> ByteBuffer {
        var result = allocator.buffer(capacity: data.readableBytes)
        data.withUnsafeReadableBytes { source in
            _ = result.writeWithUnsafeMutableBytes(minimumWritableBytes: source.count) { destination in
                apply(key, from: source, to: destination)
                return source.count
            }
        }
        return result
    }
}

extension WebSocketFrame {
    /// The payload as the application sent it: unmasked when the frame was masked, as it is otherwise.
    public var applicationPayload: ByteBuffer {
        guard let maskKey else { return data }
        return WebSocketMasking.applied(maskKey, to: data, allocator: ByteBufferAllocator())
    }
}
