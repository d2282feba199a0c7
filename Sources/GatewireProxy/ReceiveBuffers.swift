import NIOCore

/// The buffers each proxied socket reads into: they start at 512 bytes and grow with the traffic (doubling after each
/// read that fills one, up to 64 KiB, NIO's own bound), instead of NIO's default start of 2 KiB.
///
/// A socket keeps its read buffers for the next reads, so for connections idle since their handshake the start size
/// is most of what each one holds: two sockets per proxied connection, about 10 000 connections on the default
/// descriptor limits. A busy connection reaches its size within a few reads and keeps the larger buffers.
enum ReceiveBuffers {
    static let allocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536)
}
