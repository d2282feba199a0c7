#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system's random source (`getentropy(3)`, which is `getrandom(2)` on Linux), taken 256 bytes at a time.
///
/// RFC 6455 §5.3 wants a fresh, unpredictable masking key for every frame a client sends; the proxy is the client of
/// the upstream, so it needs one per relayed frame. `SystemRandomNumberGenerator` makes one system call per number,
/// which under load was one `getrandom(2)` per relayed frame. This generator asks the same source for a block and
/// hands it out in order, each value once: the keys are as unpredictable, at one system call per 32 of them. The
/// block is allocated at the first use, so a connection that never sends costs nothing.
struct BufferedSystemRandom: RandomNumberGenerator {
    /// 256 bytes: the most one `getentropy(3)` call gives.
    private static let blockSize = 256
    private var block: [UInt64] = []
    private var position = 0

    mutating func next() -> UInt64 {
        if position == block.count { refill() }
        defer { position += 1 }
        return block[position]
    }

    private mutating func refill() {
        if block.isEmpty { block = Array(repeating: 0, count: Self.blockSize / MemoryLayout<UInt64>.size) }
        let filled = block.withUnsafeMutableBytes { bytes in getentropy(bytes.baseAddress, bytes.count) == 0 }
        if !filled {
            // Not expected for 256 bytes; the one-call-per-number source is the same entropy.
            var system = SystemRandomNumberGenerator()
            for index in block.indices { block[index] = system.next() }
        }
        position = 0
    }
}
