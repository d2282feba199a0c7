import NIOCore

/// The buffers each proxied socket reads into: they start at 512 bytes and grow with the traffic (doubling and more
/// after reads that fill them, up to 64 KiB, NIO's own bounds), instead of NIO's default start of 2 KiB.
///
/// A socket keeps its last read buffer for the next read, so with many idle connections the start size is most of
/// what each one holds: two sockets per proxied connection, about 10 000 connections on the default descriptor
/// limits. Busy connections reach their size within a few reads.
enum ReceiveBuffers {
    static let allocator = AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 512, maximum: 65536)
}
