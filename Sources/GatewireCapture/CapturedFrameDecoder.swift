import NIOCore
import NIOEmbedded
import NIOWebSocket

/// Decodes the frames of one direction of a captured stream with NIOWebSocket's `WebSocketFrameDecoder`.
///
/// The decoder is a `ByteToMessageDecoder`, so it needs a channel handler context; but feeding it through an
/// embedded channel's `writeInbound` and `ByteToMessageHandler` cost more than the parsing itself (a third of
/// `inspect`'s time on a 120 MB capture). Here the decoder sits on an embedded channel only for its context: the
/// bytes go straight to `decode(context:buffer:)`, in a loop until it needs more, with the unread rest kept for the
/// next segment; the frames it fires are collected by the next handler. Same decoder, same frames, same errors.
final class CapturedFrameDecoder {
    /// The embedded channel the decoder sits on (visible to tests, which check it is freed).
    let channel = EmbeddedChannel()
    private let driver: Driver
    private let collector = Collector()

    /// Creates the decoder; a frame longer than `maxFrameSize` is an error (`NIOWebSocketError.invalidFrameLength`).
    init(maxFrameSize: Int) {
        driver = Driver(decoder: WebSocketFrameDecoder(maxFrameSize: maxFrameSize))
        // Adding handlers to a fresh embedded channel cannot fail.
        try? channel.pipeline.syncOperations.addHandlers(driver, collector)
    }

    // The channel's pipeline and handlers refer to one another until it is closed.
    deinit {
        finish()
    }

    /// The allocator for the buffers fed in.
    var allocator: ByteBufferAllocator { channel.allocator }

    /// Decodes what `buffer` completes, together with what earlier calls left unread.
    ///
    /// - Throws: the decoder's `NIOWebSocketError`; frames decoded before it are still returned by `takeFrames()`.
    func feed(_ buffer: ByteBuffer) throws {
        try driver.feed(buffer)
    }

    /// The frames decoded since the last call, in order.
    func takeFrames() -> [WebSocketFrame] {
        defer { collector.frames.removeAll(keepingCapacity: true) }
        return collector.frames
    }

    /// The frame the decoder is in the middle of: how many of its bytes it has been given, and its first bytes (up
    /// to 14, a whole header), for reporting it if the stream ends there. Counted from the bytes the decoder
    /// consumed, so a frame whose length uses more bytes than needed is accounted for exactly.
    var unfinishedFrame: (count: Int, head: [UInt8]) {
        driver.unfinishedFrame
    }

    /// Ends the decoder after an error; what it still held is dropped.
    func finish() {
        _ = try? channel.finish()
    }

    /// Holds the decoder and its context, and runs the decode loop `ByteToMessageHandler` would run.
    private final class Driver: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = WebSocketFrame

        private let decoder: WebSocketFrameDecoder
        private var context: ChannelHandlerContext?
        /// The bytes of a frame not yet complete.
        private var unread: ByteBuffer?
        /// The bytes the decoder consumed for the frame it has not finished yet, and the first of them.
        private var consumed = 0
        private var consumedHead: [UInt8] = []

        init(decoder: WebSocketFrameDecoder) {
            self.decoder = decoder
        }

        func handlerAdded(context: ChannelHandlerContext) {
            self.context = context
        }

        // The context holds this handler: keeping it past removal would keep both, and the pipeline, alive.
        func handlerRemoved(context: ChannelHandlerContext) {
            self.context = nil
        }

        func feed(_ incoming: ByteBuffer) throws {
            guard let context else { return }
            var buffer = incoming
            if var earlier = unread {
                unread = nil
                earlier.writeBuffer(&buffer)
                buffer = earlier
            }
            defer { unread = buffer.readableBytes > 0 ? buffer : nil }
            // `.continue` after each frame; `.needMoreData` once the rest is not a whole frame (zero-length frames
            // included: the decoder parses them within one call). The decoder keeps a partial header in its own
            // state, so what one call consumes belongs to the frame that call finishes, or to the unfinished one.
            while true {
                let start = buffer.readerIndex
                // The bytes before the call, kept only while the frame's header is still being read.
                let before = consumedHead.count < 14 ? buffer.readableBytesView.prefix(14 - consumedHead.count) : nil
                let state = try decoder.decode(context: context, buffer: &buffer)
                let count = buffer.readerIndex - start
                if let before { consumedHead += before.prefix(count) }
                consumed += count
                guard state == .continue else { return }
                consumed = 0
                consumedHead = []
            }
        }

        var unfinishedFrame: (count: Int, head: [UInt8]) {
            let rest = unread.map { Array($0.readableBytesView.prefix(max(0, 14 - consumedHead.count))) } ?? []
            return (consumed + (unread?.readableBytes ?? 0), consumedHead + rest)
        }
    }

    /// The handler after the driver: keeps every frame the decoder fires.
    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = WebSocketFrame

        var frames: [WebSocketFrame] = []

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            frames.append(unwrapInboundIn(data))
        }
    }
}

@available(*, unavailable)
extension CapturedFrameDecoder: Sendable {}
