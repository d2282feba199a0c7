import GatewireCore
import GatewireWebSocketSupport
import NIOCore
import NIOWebSocket

/// Relays WebSocket frames between the client's channel and the upstream's, one instance on each, with
/// backpressure both ways: a side is read only while the other side can take more writes, so a slow reader stalls
/// the writer instead of growing the proxy's memory.
///
/// Frames are forwarded as they came (opcode, FIN, fragments, control frames, close code and reason), re-masked
/// with a fresh key on the way upstream (RFC 6455 §5.3: the masking key is chosen by the sending client, which for
/// the upstream is the proxy). Each received frame is first checked, and turned into session events, by the
/// connection's `MessageAssembler`; a frame that breaks a rule is not relayed: its sender gets the rule's close code
/// (1002, 1007 or 1009), the other side a close frame saying the proxy cannot go on (1014 to a client whose upstream
/// failed, 1001 to an upstream whose client failed), and both transports end within the close timeout. The close
/// handshake itself is `StateMachine`.
///
/// The upstream's relay exists before the client's: the upstream may speak, or break the protocol, or hang up, in
/// the very bytes that carry its 101, before the client's upgrade completes. Until `join` pairs the two, what it
/// would pass on (accepted frames, a close to send, its transport's end) is held and handed over on joining.
final class FrameRelayHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// What one side has to tell the other.
    private enum Notice {
        /// Send the peer the proxy's own close frame.
        case close(code: UInt16, reason: String)
        /// This side's transport ended; `cleanly` when its peer had sent a close frame.
        case ended(cleanly: Bool)
    }

    private var machine = StateMachine()
    /// The peer on this handler's channel.
    let side: Direction
    let connection: ProxyConnection
    private let closeTimeout: TimeAmount
    var context: ChannelHandlerContext?
    /// The other side's relay, once joined and until its transport ends.
    var partner: FrameRelayHandler?
    /// Whether `join` ran: before it, frames and notices for the partner are held.
    private var joined = false
    /// Frames accepted before the partner was joined, as they were received.
    private var heldFrames: [WebSocketFrame] = []
    /// Notices for the partner from before it was joined, in order.
    private var heldNotices: [Notice] = []
    private var pendingRead = false
    /// The last write's completion, kept only where there is no frame encoder to write the drain marker below
    /// (see `closeAfterDrain`).
    private var lastWrite: EventLoopFuture<Void>?
    private var transportClosing = false
    /// Where the upstream side's masking keys come from: one fresh key per frame, without a system call each.
    private var maskingKeys = BufferedSystemRandom()
    /// Whether the last data frame written to this peer left a fragmented message open: an injected message waits
    /// until it is complete, since a new message cannot start inside another (RFC 6455 §5.4).
    private var writingFragmentedMessage = false
    /// While rules are in force: the data frames of the message being received, until its last frame decides it.
    var assembling: [WebSocketFrame] = []
    /// While rules are in force: what waits to go to the other side behind a delayed or held message, in order.
    var outbox: [OutboxItem] = []
    var outboxBytes = 0
    var nextTicket = 0
    /// Injected messages waiting for the fragmented message being written to finish.
    private var waitingInjections: [WebSocketFrame] = []
    /// The context of NIO's frame encoder: a relayed frame (masked towards the upstream, a small one unmasked towards
    /// the client) is encoded here in one buffer and written from the encoder's place in the pipeline, so it goes on
    /// to the transport as it is; the drain marker of `closeAfterDrain` is written there too.
    private var encoderContext: ChannelHandlerContext?
    /// Frames of up to `copiedPayloadLimit` bytes encoded here since the last flush, in order: they go down the
    /// pipeline as one buffer when this side flushes, or before any other write, so the many small messages of one
    /// read cost one write through the pipeline instead of one each.
    private var unflushed: ByteBuffer?

    /// Creates the relay for one side of a connection.
    ///
    /// - Parameter closeTimeout: how long a peer has to answer the proxy's close frame, or to take the frames
    ///   written before it, before its TCP connection is closed anyway.
    init(side: Direction, connection: ProxyConnection, closeTimeout: TimeAmount) {
        self.side = side
        self.connection = connection
        self.closeTimeout = closeTimeout
    }

    /// Joins the client's and the upstream's relays, hands over what either held, and starts reading both.
    static func join(_ client: FrameRelayHandler, _ upstream: FrameRelayHandler) {
        client.partner = upstream
        upstream.partner = client
        for handler in [client, upstream] {
            handler.joined = true
        }
        for handler in [client, upstream] {
            let frames = handler.heldFrames
            let notices = handler.heldNotices
            handler.heldFrames = []
            handler.heldNotices = []
            let receiver = handler.partner
            for frame in frames { receiver?.deliver(frame) }
            if !frames.isEmpty { receiver?.flushFromPartner() }
            for notice in notices { handler.tellPartner(notice) }
        }
        for handler in [client, upstream] where handler.pendingRead {
            handler.readIfAllowed()
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        encoderContext = try? context.pipeline.syncOperations.context(handlerType: WebSocketFrameEncoder.self)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        encoderContext = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        // RFC 6455 §5.5.1: after its close frame an endpoint sends nothing more, and a failed side is not read.
        guard machine.readsFrames else { return }
        if connection.interceptor?.isActive == true || !assembling.isEmpty || !outbox.isEmpty {
            var message: MessageEvent?
            let violation = connection.check(frame, from: side, completing: &message)
            if let violation {
                if let message { connection.emit(.message(message)) }
                fail(violation)
                return
            }
            switch frame.opcode {
            case .text, .binary, .continuation:
                intercept(frame, completing: message)
                return
            case .connectionClose:
                break
            default:
                forward(frame)
                return
            }
        } else {
            if let violation = connection.check(frame, from: side) {
                fail(violation)
                return
            }
            guard frame.opcode == .connectionClose else {
                forward(frame)
                return
            }
        }
        switch machine.receivedClose() {
        case .relay:
            forward(frame)
        case .relayAndCloseTransport:
            forward(frame)
            closeAfterDrain()
        case .closeTransport:
            closeAfterDrain()
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        connection.handOverReadEvents()
        partner?.flushFromPartner()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        transportClosing = true
        // What this peer sent before it left still goes on, held and delayed messages included.
        releaseOutbox(by: "connection end")
        connection.sideClosed(side)
        tellPartner(.ended(cleanly: machine.peerClosed))
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.readIfAllowed() }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let error = error as? NIOWebSocketError else {
            // I/O and TLS errors end the transport; channelInactive tells the other side.
            connection.error(
                side: side, code: side == .client ? "client-transport-error" : "upstream-transport-error",
                message: "\(side == .client ? "client" : "upstream") connection failed: \(error)")
            context.close(promise: nil)
            return
        }
        // The decoder stops at its first error; one after the peer's close or failure changes nothing.
        guard machine.readsFrames else { return }
        fail(connection.reject(FrameHeaderViolation(error), from: side))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ProxyShutdownEvent {
            initiateClose(code: 1001, reason: "proxy shutting down")
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func read(context: ChannelHandlerContext) {
        pendingRead = true
        readIfAllowed()
    }

    // MARK: Backpressure

    /// Reads from this peer if a read is wanted and both the other side and the event backlog can take more.
    ///
    /// Once the other side is gone nothing is relayed any more, but this side is still read: its answer to the
    /// proxy's close frame ends the handshake without waiting for the close timeout.
    func readIfAllowed() {
        guard pendingRead, let context, joined, partner?.isWritable ?? true, outboxHasRoom else { return }
        // The usual case, room in the backlog, is answered without making the closure that would resume this read.
        if !connection.backlog.hasRoom {
            let resume = NIOLoopBound(self, eventLoop: context.eventLoop)
            guard connection.backlog.mayRead(orResumeOn: context.eventLoop, { resume.value.readIfAllowed() }) else {
                return
            }
        }
        pendingRead = false
        context.read()
    }

    private var isWritable: Bool {
        guard let context, !transportClosing else { return false }
        return context.channel.isWritable
    }

    // MARK: Relaying

    /// Passes an accepted frame to the other side, behind any message waiting in the outbox, or holds it until
    /// the sides are joined.
    func forward(_ frame: WebSocketFrame) {
        guard outbox.isEmpty else {
            enqueue([frame], waiting: false)
            return
        }
        pass(frame)
    }

    /// Passes a frame to the other side now, or holds it until the sides are joined.
    func pass(_ frame: WebSocketFrame) {
        if joined {
            partner?.deliver(frame)
        } else {
            heldFrames.append(frame)
        }
    }

    /// The largest payload copied to go to a client in one buffer with its header; a larger one is written after a
    /// header of its own, without a copy. Frames up to this size are gathered in `unflushed` in either direction.
    static let copiedPayloadLimit = 4096

    /// Sends the gathered small frames down the pipeline, ahead of whatever is written next.
    private func writeUnflushed() {
        guard let buffer = unflushed else { return }
        unflushed = nil
        encoderContext?.write(NIOAny(buffer), promise: nil)
    }

    /// Writes the gathered frames and flushes this side, as a flush from above does.
    private func flush() {
        if let context { flush(context: context) }
    }

    /// A flush from above this handler sends the gathered frames too, as it would send any written frame.
    func flush(context: ChannelHandlerContext) {
        writeUnflushed()
        context.flush()
    }

    /// Writes a frame the partner received, re-masked for an upstream and unmasked for a client.
    private func deliver(_ frame: WebSocketFrame) {
        guard let context, !transportClosing else { return }
        let delivery = machine.deliver(isClose: frame.opcode == .connectionClose)
        guard delivery != .drop else { return }
        let length = frame.data.readableBytes
        // Frames written below the encoder need no promise: `closeAfterDrain` writes its drain marker there too.
        if let encoderContext, frame.extensionData == nil, side == .server || length <= Self.copiedPayloadLimit {
            // Towards an upstream NIO's encoder would copy the payload and mask it a byte at a time: the same bytes
            // are written here, masked with the new key straight from the bytes as received (no unmasked copy in
            // between). Towards a client, a small frame goes as one buffer instead of NIO's header and payload.
            let key: WebSocketMaskingKey? = side == .server ? .random(using: &maskingKeys) : nil
            if length <= Self.copiedPayloadLimit {
                // Sized for this frame and grown by doubling: a buffer never holds much more room than bytes, which
                // matters when a slow reader lets many such writes wait in NIO's queue (its high water mark counts
                // bytes, not room).
                if unflushed == nil { unflushed = context.channel.allocator.buffer(capacity: 14 + length) }
                unflushed!.writeFrame(like: frame, maskingKey: key)
            } else {
                writeUnflushed()
                var encoded = context.channel.allocator.buffer(capacity: 14 + length)
                encoded.writeFrame(like: frame, maskingKey: key)
                encoderContext.write(NIOAny(encoded), promise: nil)
            }
        } else {
            writeUnflushed()
            let outgoing = WebSocketFrame(
                fin: frame.fin, rsv1: frame.rsv1, rsv2: frame.rsv2, rsv3: frame.rsv3, opcode: frame.opcode,
                maskKey: side == .server ? .random(using: &maskingKeys) : nil, data: frame.applicationPayload)
            context.write(wrapOutboundOut(outgoing), promise: writePromise(context))
        }
        if delivery == .writeAndCloseTransport { closeAfterDrain() }
        switch frame.opcode {
        case .text, .binary, .continuation:
            writingFragmentedMessage = !frame.fin
            if frame.fin, !waitingInjections.isEmpty {
                let waiting = waitingInjections
                waitingInjections = []
                for injection in waiting { deliver(injection) }
            }
        default:
            break
        }
    }

    // MARK: Injecting

    /// Whether this peer can still be sent a message: its transport is open and no close frame went to it.
    var acceptsInjection: Bool {
        context != nil && !transportClosing && machine.acceptsData
    }

    /// Sends this peer a message Gatewire composed (the control API, a rule), unfragmented, after any fragmented
    /// message being written to it.
    ///
    /// - Returns: `false` when the peer can no longer be sent messages (closing or gone).
    func inject(opcode: WebSocketOpcode, payload: ByteBuffer) -> Bool {
        guard acceptsInjection else { return false }
        let frame = WebSocketFrame(fin: true, opcode: opcode, data: payload)
        if writingFragmentedMessage {
            waitingInjections.append(frame)
        } else {
            deliver(frame)
            flush()
        }
        return true
    }

    func flushFromPartner() {
        flush()
    }

    /// Passes a notice to the other side, or holds it until the sides are joined.
    private func tellPartner(_ notice: Notice) {
        guard joined else {
            heldNotices.append(notice)
            return
        }
        switch notice {
        case .close(let code, let reason):
            partner?.initiateClose(code: code, reason: reason)
        case .ended(let cleanly):
            let partner = self.partner
            self.partner = nil
            partner?.partnerEnded(cleanly: cleanly)
        }
    }

    // MARK: Failing and closing

    /// Fails this side after the checker reported `violation`, which is already recorded: the peer gets the
    /// violation's close code, the other side a close frame of its own, and this transport ends once drained.
    private func fail(_ violation: ErrorEvent) {
        // RFC 6455 §7.1.7: to fail the connection, send a close frame if possible, then close the TCP connection.
        if let context, machine.fail() {
            writeClose(code: violation.closeCode ?? 1002, reason: violation.code, context: context)
        }
        // A client's mistake is not the upstream's fault: it gets 1001 (going away, the proxy's own client leaves).
        // An upstream's mistake reaches the client as 1014 (bad gateway, RFC 6455 §7.4.1 as registered with IANA).
        // The partner is told before this side closes: closing may end this channel at once, and its inactivity
        // would otherwise reach the partner first as a lost connection.
        tellPartner(
            .close(
                code: side == .client ? 1001 : 1014,
                reason: side == .client ? "client broke the protocol" : "upstream broke the protocol"))
        closeAfterDrain()
    }

    /// Sends the proxy's own close frame to this peer, then closes the transport once the peer answers, or after
    /// the close timeout.
    func initiateClose(code: UInt16, reason: String) {
        guard let context, !transportClosing else { return }
        switch machine.initiateClose() {
        case .writeCloseAndAwaitAnswer:
            writeClose(code: code, reason: reason, context: context)
            scheduleForcedClose(context: context)
        case .writeCloseAndCloseTransport:
            writeClose(code: code, reason: reason, context: context)
            closeAfterDrain()
        case .awaitAnswer:
            scheduleForcedClose(context: context)
        case .none:
            break
        }
    }

    private func writeClose(code: UInt16, reason: String, context: ChannelHandlerContext) {
        writeUnflushed()
        let frame = WebSocketFrame.close(
            code: code, reason: reason, maskKey: side == .server ? .random(using: &maskingKeys) : nil)
        context.writeAndFlush(wrapOutboundOut(frame), promise: writePromise(context))
    }

    /// The promise to write a frame with: none where the frame encoder is there to write the drain marker below
    /// (a promise per frame cost the relay an allocation and a callback each); otherwise one, kept as `lastWrite`.
    private func writePromise(_ context: ChannelHandlerContext) -> EventLoopPromise<Void>? {
        guard encoderContext == nil else { return nil }
        let promise = context.eventLoop.makePromise(of: Void.self)
        lastWrite = promise.futureResult
        return promise
    }

    /// The other side's transport closed. If its peer had closed cleanly, or this side's handshake is under way,
    /// this side is closed once the relayed frames are written; otherwise this peer gets the proxy's own close
    /// frame saying why.
    private func partnerEnded(cleanly: Bool) {
        guard context != nil, !transportClosing else { return }
        // Nothing waiting for the other side can reach it any more.
        discardOutbox()
        switch machine.partnerEnded(cleanly: cleanly) {
        case .closeTransport:
            closeAfterDrain()
        case .closeWithReason where side == .client:
            // The upstream vanished without a close frame: 1011 tells the client the proxy could not go on.
            connection.error(
                side: .server, code: "upstream-connection-lost",
                message: "upstream closed the TCP connection without a close frame", closeCode: 1011)
            initiateClose(code: 1011, reason: "upstream connection lost")
        case .closeWithReason:
            initiateClose(code: 1001, reason: "client went away")
        }
        readIfAllowed()
    }

    /// Closes this transport once every frame already written has gone out, with the close timeout as a bound so a
    /// peer that stopped reading cannot hold the connection open.
    private func closeAfterDrain() {
        guard let context, !transportClosing else { return }
        transportClosing = true
        let channel = context.channel
        flush()
        if let encoderContext {
            // An empty write below the encoder completes once everything written before it has gone out (or
            // failed): writes complete in order, TLS included.
            let drained = context.eventLoop.makePromise(of: Void.self)
            encoderContext.writeAndFlush(NIOAny(channel.allocator.buffer(capacity: 0)), promise: drained)
            drained.futureResult.whenComplete { _ in channel.close(promise: nil) }
        } else if let lastWrite {
            lastWrite.whenComplete { _ in channel.close(promise: nil) }
        } else {
            channel.close(promise: nil)
        }
        scheduleForcedClose(context: context)
    }

    private func scheduleForcedClose(context: ChannelHandlerContext) {
        let channel = context.channel
        context.eventLoop.scheduleTask(in: closeTimeout) { channel.close(promise: nil) }
    }
}

@available(*, unavailable)
extension FrameRelayHandler: Sendable {}

/// Sent through every relayed channel when the proxy shuts down: each side gets close 1001 (going away).
struct ProxyShutdownEvent: Sendable {}
