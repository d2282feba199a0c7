import GatewireCore
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

@testable import GatewireProxy

/// The two relays of one connection on embedded channels, so the order of events around the join is exact: the
/// upstream's relay exists, and may see frames, errors and its transport's end, before the client's is joined.
@Suite struct FrameRelayHandlerTests {
    private struct Pair {
        let loop = EmbeddedEventLoop()
        let backlog = EventBacklog(limit: 1 << 20)
        let connection: ProxyConnection
        let upstreamRelay: FrameRelayHandler
        let upstream: EmbeddedChannel

        init(checks: MessageAssemblerConfiguration = MessageAssemblerConfiguration()) throws {
            connection = ProxyConnection(
                label: "c1", sink: EventSink(backlog: backlog, clock: { Timestamp(microsecondsSinceEpoch: 0) }),
                checks: checks, onFinish: {})
            connection.upstreamOpened()
            upstreamRelay = FrameRelayHandler(side: .server, connection: connection, closeTimeout: .seconds(1))
            upstream = EmbeddedChannel(handler: upstreamRelay, loop: loop)
            try upstream.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        }

        /// Adds the client's side and joins it, as the downstream pipeline does after the client's upgrade.
        ///
        /// - Parameter encoder: whether NIO's frame encoder sits below the relay, as in the proxy: then the
        ///   client's outbound side carries bytes instead of frames.
        func joinClient(encoder: Bool = false) throws -> EmbeddedChannel {
            let relay = FrameRelayHandler(side: .client, connection: connection, closeTimeout: .seconds(1))
            let handlers: [any ChannelHandler] = encoder ? [WebSocketFrameEncoder(), relay] : [relay]
            let client = EmbeddedChannel(handlers: handlers, loop: loop)
            try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 2)).wait()
            connection.relaying = true
            FrameRelayHandler.join(relay, upstreamRelay)
            loop.run()
            return client
        }
    }

    private static func text(_ text: String) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))
    }

    private static func closeCode(_ frame: WebSocketFrame?) -> UInt16? {
        guard let frame, frame.opcode == .connectionClose else { return nil }
        return frame.data.getInteger(at: frame.data.readerIndex, as: UInt16.self)
    }

    private static func outbound(_ channel: EmbeddedChannel) throws -> [WebSocketFrame] {
        var frames: [WebSocketFrame] = []
        while let frame = try channel.readOutbound(as: WebSocketFrame.self) { frames.append(frame) }
        return frames
    }

    @Test("frames and a decoder error from the upstream before the join reach the client on joining, then 1014")
    func violationBeforeJoin() async throws {
        let pair = try Pair()
        try pair.upstream.writeInbound(Self.text("early"))
        pair.upstream.pipeline.fireErrorCaught(NIOWebSocketError.multiByteControlFrameLength)
        pair.loop.run()
        let toUpstream = try Self.outbound(pair.upstream)
        #expect(toUpstream.map(Self.closeCode) == [1002])
        #expect(!pair.upstream.isActive)

        let client = try pair.joinClient()
        let toClient = try Self.outbound(client)
        #expect(toClient.count == 2)
        #expect(toClient.first.map { String(buffer: $0.data) } == "early")
        #expect(Self.closeCode(toClient.last) == 1014)
        // The upstream is gone, so the client's transport is closed once the close frame is written.
        #expect(!client.isActive)

        let events = await pair.backlog.nextBatch()
        #expect(events.compactMap(\.messageEvent).map(\.payload) == [Array("early".utf8)])
        let errors = events.compactMap { if case .error(let error) = $0 { error } else { nil } }
        #expect(errors.map(\.code) == ["control-frame-too-large"])
        #expect(errors.first?.side == .server && errors.first?.closeCode == 1002)
    }

    @Test("an upstream that closes cleanly before the join has its close relayed to the client")
    func cleanCloseBeforeJoin() throws {
        let pair = try Pair()
        var body = ByteBuffer()
        body.writeInteger(UInt16(1000))
        try pair.upstream.writeInbound(WebSocketFrame(fin: true, opcode: .connectionClose, data: body))
        _ = try pair.upstream.close().wait()
        pair.loop.run()

        let client = try pair.joinClient()
        #expect(try Self.outbound(client).map(Self.closeCode) == [1000])
        #expect(!client.isActive)
    }

    @Test("an upstream that vanishes before the join leaves the client with 1011, not open")
    func lostBeforeJoin() throws {
        let pair = try Pair()
        _ = try pair.upstream.close().wait()
        pair.loop.run()

        let client = try pair.joinClient()
        #expect(try Self.outbound(client).map(Self.closeCode) == [1011])
        // The proxy waits for the client's answer, at most the close timeout.
        #expect(client.isActive)
        pair.loop.advanceTime(by: .seconds(1))
        #expect(!client.isActive)
    }

    @Test("a client message above the assembler's maximum fails the client with 1009 and the upstream with 1001")
    func messageTooLarge() async throws {
        let pair = try Pair(checks: MessageAssemblerConfiguration(maxMessageSize: 8))
        let client = try pair.joinClient()
        let key = WebSocketMaskingKey([1, 2, 3, 4])
        try client.writeInbound(
            WebSocketFrame(fin: false, opcode: .binary, maskKey: key, data: ByteBuffer(bytes: [0, 0, 0, 0, 0])))
        try client.writeInbound(
            WebSocketFrame(fin: true, opcode: .continuation, maskKey: key, data: ByteBuffer(bytes: [0, 0, 0, 0, 0])))
        pair.loop.run()
        // The first fragment was relayed; the second made the message too large.
        let toUpstream = try Self.outbound(pair.upstream)
        #expect(toUpstream.map(\.opcode) == [.binary, .connectionClose])
        #expect(Self.closeCode(toUpstream.last) == 1001)
        #expect(try Self.outbound(client).map(Self.closeCode) == [1009])
        #expect(!client.isActive)
        let events = await pair.backlog.nextBatch()
        #expect(events.compactMap(\.errorCode) == ["message-too-large"])
    }

    @Test("small frames of one read go to the client as one write, in order around a large one written apart")
    func smallFramesGathered() throws {
        let pair = try Pair()
        let client = try pair.joinClient(encoder: true)
        let large = WebSocketFrame(
            fin: true, opcode: .binary, data: ByteBuffer(repeating: 7, count: FrameRelayHandler.copiedPayloadLimit + 1))
        let frames = [Self.text("a"), Self.text("b"), large, Self.text("c"), Self.text("d")]
        // One read: the frames, then the read's end (`writeInbound` would end a read after each).
        for frame in frames { pair.upstream.pipeline.fireChannelRead(frame) }
        pair.upstream.pipeline.fireChannelReadComplete()
        pair.loop.run()

        var writes: [ByteBuffer] = []
        while let buffer = try client.readOutbound(as: ByteBuffer.self) { writes.append(buffer) }
        // RFC 6455 §5.2, unmasked, FIN set: the opcode, the length (two more bytes from 126 on), the payload.
        let expected = frames.flatMap { frame -> [UInt8] in
            let payload = Array(frame.data.readableBytesView)
            let length =
                payload.count < 126
                ? [UInt8(payload.count)] : [126, UInt8(payload.count >> 8), UInt8(payload.count & 0xFF)]
            return [0x80 | UInt8(webSocketOpcode: frame.opcode)] + length + payload
        }
        #expect(writes.flatMap { Array($0.readableBytesView) } == expected)
        // "a" and "b" together, the large frame's header and payload from NIO's encoder, "c" and "d" together.
        #expect(writes.map(\.readableBytes) == [6, 4, FrameRelayHandler.copiedPayloadLimit + 1, 6])
        // A write holds little more room than bytes: a slow reader lets many wait, and NIO's high water mark counts
        // bytes, not room.
        #expect(writes.allSatisfy { $0.capacity <= max(64, 2 * $0.readableBytes) }, "\(writes.map(\.capacity))")
    }
}
