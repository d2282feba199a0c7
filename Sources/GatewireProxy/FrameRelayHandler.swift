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
/// the upstream is the proxy). Each received frame is checked by `StateMachine`; a violation fails that side with
/// its close code and closes the other side cleanly. Accepted frames are passed on to the next inbound handler (the
/// `SessionEventTap`) as they came, with the payload already unmasked.
final class FrameRelayHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias InboundOut = RelayedFrame
    typealias OutboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    private var machine: StateMachine
    private let connection: ProxyConnection
    private let closeTimeout: TimeAmount
    private var partner: FrameRelayHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false
    /// Frames read before the partner was attached (the upstream may speak first, right after its 101).
    private var held: [WebSocketFrame] = []
    private var lastWrite: EventLoopFuture<Void>?
    private var closing = false

    /// The peer on this handler's channel.
    var side: Direction { machine.side }

    /// Creates the relay for one side of a connection.
    init(side: Direction, connection: ProxyConnection, closeTimeout: TimeAmount) {
        self.machine = StateMachine(side: side)
        self.connection = connection
        self.closeTimeout = closeTimeout
    }

    /// Joins the client's and the upstream's relays and starts reading both.
    static func join(_ client: FrameRelayHandler, _ upstream: FrameRelayHandler) {
        client.partner = upstream
        upstream.partner = client
        for handler in [client, upstream] {
            let held = handler.held
            handler.held = []
            for frame in held { handler.relay(frame) }
            if !held.isEmpty { handler.partner?.flushFromPartner() }
        }
        for handler in [client, upstream] where handler.partner?.isWritable ?? false {
            guard let context = handler.context, handler.backlogHasRoom(context: context) else { continue }
            handler.pendingRead = false
            context.read()
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        self.partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        guard partner != nil else {
            held.append(frame)
            return
        }
        relay(frame)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.flushFromPartner()
        context.fireChannelReadComplete()
    }

    func channelInactive(context: ChannelHandlerContext) {
        closing = true
        connection.sideClosed(side)
        let partner = self.partner
        self.partner = nil
        partner?.partnerClosed(handshakeComplete: machine.closeHandshakeComplete, closeReceived: machine.closeReceived)
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.partnerBecameWritable() }
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
        let violation: StateMachine.Violation
        switch error {
        case .invalidFrameLength:
            // RFC 6455 §7.4.1: 1009 is for a message too big to process.
            violation = .init(
                code: "frame-above-maximum", message: "\(side.rawValue) sent a frame larger than the proxy's maximum",
                closeCode: 1009)
        case .fragmentedControlFrame:
            violation = .init(
                code: "fragmented-control-frame", message: "\(side.rawValue) sent a fragmented control frame",
                closeCode: 1002)
        case .multiByteControlFrameLength:
            violation = .init(
                code: "control-frame-too-large",
                message: "\(side.rawValue) sent a control frame longer than 125 bytes", closeCode: 1002)
        }
        machine.decoderFailed()
        fail(violation)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is ProxyShutdownEvent {
            initiateClose(code: 1001, reason: "proxy shutting down")
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func read(context: ChannelHandlerContext) {
        if partner?.isWritable ?? false, backlogHasRoom(context: context) {
            context.read()
        } else {
            pendingRead = true
        }
    }

    /// Whether the event backlog lets this side read; if not, reading resumes when it has room again.
    private func backlogHasRoom(context: ChannelHandlerContext) -> Bool {
        let resume = NIOLoopBound(self, eventLoop: context.eventLoop)
        return connection.backlog.mayRead(orResumeOn: context.eventLoop) { resume.value.backlogHasRoomAgain() }
    }

    private func backlogHasRoomAgain() {
        guard pendingRead, let context, partner?.isWritable ?? false else { return }
        guard backlogHasRoom(context: context) else { return }
        pendingRead = false
        context.read()
    }

    // MARK: Relaying

    private func relay(_ frame: WebSocketFrame) {
        let payload = frame.applicationPayload
        let header = StateMachine.ReceivedFrame(
            fin: frame.fin, rsv1: frame.rsv1, rsv2: frame.rsv2, rsv3: frame.rsv3, opcode: frame.opcodeNumber,
            masked: frame.maskKey != nil)
        let action = payload.withUnsafeReadableBytes { machine.received(header, payload: $0) }
        switch action {
        case .forward, .forwardClose:
            context?.fireChannelRead(wrapInboundOut(RelayedFrame(frame: frame, payload: payload)))
            partner?.deliver(frame, payload: payload)
            if action == .forwardClose, machine.closeHandshakeComplete { closeAfterDrain() }
        case .consumeCloseReply:
            context?.fireChannelRead(wrapInboundOut(RelayedFrame(frame: frame, payload: payload)))
            closeAfterDrain()
        case .drop:
            break
        case .fail(let violation):
            fail(violation)
        }
    }

    /// Writes a frame the partner received, re-masked for an upstream and unmasked for a client.
    private func deliver(_ frame: WebSocketFrame, payload: ByteBuffer) {
        guard let context, !closing, machine.mayWrite(opcode: frame.opcodeNumber) else { return }
        let outgoing = WebSocketFrame(
            fin: frame.fin, rsv1: frame.rsv1, rsv2: frame.rsv2, rsv3: frame.rsv3, opcode: frame.opcode,
            maskKey: side == .server ? .random() : nil, data: payload)
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.write(wrapOutboundOut(outgoing), promise: promise)
        lastWrite = promise.futureResult
        // This side answered a close already and now got the other side's: the handshake with this peer is done.
        if machine.closeHandshakeComplete { closeAfterDrain() }
    }

    private func flushFromPartner() {
        context?.flush()
    }

    private var isWritable: Bool {
        guard let context, !closing else { return false }
        return context.channel.isWritable
    }

    private func partnerBecameWritable() {
        guard pendingRead, let context, backlogHasRoom(context: context) else { return }
        pendingRead = false
        context.read()
    }

    // MARK: Failing and closing

    /// Fails this side: it gets the violation's close code, the other side a clean close, and an `error` event
    /// records why.
    private func fail(_ violation: StateMachine.Violation) {
        connection.error(side: side, code: violation.code, message: violation.message, closeCode: violation.closeCode)
        // RFC 6455 §7.1.7: to fail the connection, send a close frame if possible, then close the TCP connection.
        if let context, machine.mayInitiateClose() {
            writeClose(code: violation.closeCode, reason: violation.code, context: context)
        }
        // A client's mistake is not the upstream's fault: it gets 1001 (going away). An upstream's mistake reaches
        // the client as 1014 (bad gateway, RFC 6455 §7.4.1 as registered with IANA). The partner is told before this
        // side closes: closing may end this channel at once, and its inactivity would otherwise reach the partner
        // first as a lost connection.
        partner?.initiateClose(
            code: side == .client ? 1001 : 1014,
            reason: side == .client ? "client broke the protocol" : "upstream broke the protocol")
        closeAfterDrain()
    }

    /// Sends the proxy's own close frame to this peer, then closes the transport once the peer answers, or after
    /// the close timeout.
    func initiateClose(code: UInt16, reason: String) {
        guard let context, !closing else { return }
        if machine.mayInitiateClose() {
            writeClose(code: code, reason: reason, context: context)
        }
        if machine.closeReceived {
            closeAfterDrain()
        } else {
            scheduleForcedClose(context: context)
        }
    }

    private func writeClose(code: UInt16, reason: String, context: ChannelHandlerContext) {
        let frame = WebSocketFrame.close(code: code, reason: reason, maskKey: side == .server ? .random() : nil)
        let promise = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(frame), promise: promise)
        lastWrite = promise.futureResult
    }

    /// The other side's transport closed. If its close handshake finished, this side is closed once the relayed
    /// frames are written; otherwise this peer gets the proxy's own close frame saying why.
    private func partnerClosed(handshakeComplete: Bool, closeReceived: Bool) {
        guard context != nil, !closing else { return }
        if machine.closeSent || handshakeComplete || closeReceived {
            closeAfterDrain()
            return
        }
        if side == .client {
            // The upstream vanished without a close frame: 1011 tells the client the proxy could not go on.
            connection.error(
                side: .server, code: "upstream-connection-lost",
                message: "upstream closed the TCP connection without a close frame", closeCode: 1011)
            initiateClose(code: 1011, reason: "upstream connection lost")
        } else {
            initiateClose(code: 1001, reason: "client went away")
        }
    }

    /// Closes this transport once every frame already written has gone out, with the close timeout as a bound so a
    /// peer that stopped reading cannot hold the connection open.
    private func closeAfterDrain() {
        guard let context, !closing else { return }
        closing = true
        let channel = context.channel
        context.flush()
        if let lastWrite {
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
