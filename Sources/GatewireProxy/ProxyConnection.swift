import GatewireCore
import GatewireWebSocketSupport
import NIOCore
import NIOWebSocket

/// One client connection and its upstream: the label events carry, the assembler that turns relayed frames into
/// events, and the bookkeeping that emits a final `close` when the connection ends without a close frame.
///
/// Both channels of a connection run on the same event loop, so this object is only touched from that loop.
final class ProxyConnection {
    /// The connection's label in events (`c1`, `c2`, …).
    let label: String
    private let sink: EventSink
    private var assembler: MessageAssembler
    private var openSides: Set<Direction> = [.client]
    private var sawCloseFrame = false
    private var finished = false
    private let onFinish: () -> Void
    /// What decides on complete messages when rules are in force, shared by the proxy's connections.
    let interceptor: MessageInterceptor?
    /// The client's address as `host:port`.
    var clientAddress: String?
    /// The response for a handshake the proxy does not upgrade, set before NIO passes the request on.
    var rejection: HandshakeRejection?
    /// The upstream channel and its relay once the upstream accepted the handshake, until the client side joins.
    var pendingUpstream: (channel: any Channel, relay: FrameRelayHandler)?
    /// Whether both sides were upgraded; only then does the end of the connection produce a `close` event.
    var relaying = false
    /// When the client's handshake arrived.
    var connectedAt: Timestamp?
    /// The client's `User-Agent`, when it sent one.
    var userAgent: String?
    /// When a peer last sent a frame (what `GET @connections` calls `lastActiveAt`).
    var lastActiveAt: Timestamp?
    /// The events of the frames checked since the backlog last got this connection's events, handed over together
    /// when a read ends (`handOverReadEvents()`) or before any other event: one lock per read, not one per event.
    private var readEvents: [SessionEvent] = []

    /// Creates the bookkeeping for one connection.
    ///
    /// - Parameter checks: the assembler's limits; a message above `maxMessageSize` fails its sender with 1009.
    init(
        label: String, sink: EventSink, checks: MessageAssemblerConfiguration = MessageAssemblerConfiguration(),
        interceptor: MessageInterceptor? = nil, onFinish: @escaping () -> Void
    ) {
        self.label = label
        self.sink = sink
        self.interceptor = interceptor
        // No extension is negotiated (the proxy withholds the offer), so the assembler never needs an inflater.
        self.assembler = MessageAssembler(connection: label, configuration: checks)
        self.onFinish = onFinish
    }

    /// The current time from the configured clock.
    var now: Timestamp { sink.clock() }

    /// The backlog of events waiting for the consumer.
    var backlog: EventBacklog { sink.backlog }

    /// Emits an event as is.
    func emit(_ event: SessionEvent) {
        yield(event)
    }

    /// Hands the events of the frames checked so far to the backlog, in order; the relays call it when a read ends.
    func handOverReadEvents() {
        guard !readEvents.isEmpty else { return }
        sink.yield(contentsOf: readEvents)
        readEvents.removeAll(keepingCapacity: true)
    }

    /// Emits an event after the events of the frames checked before it.
    private func yield(_ event: SessionEvent) {
        handOverReadEvents()
        sink.yield(event)
    }

    /// Checks a frame one side sent with the connection's assembler, the same checker the mock and capture import
    /// use, and emits the events it completes (handed to the backlog when the read ends, see
    /// `handOverReadEvents()`).
    ///
    /// - Parameters:
    ///   - frame: the frame as decoded, still masked if it was; it is unmasked once, straight into the event's
    ///     payload.
    ///   - direction: the side that sent it.
    /// - Returns: the first `error` the frame caused that fails its sender (one with a close code), or `nil` when
    ///   it may be relayed.
    func check(_ frame: WebSocketFrame, from direction: Direction) -> ErrorEvent? {
        var unused: MessageEvent?
        return check(frame, from: direction, deferMessage: false, message: &unused)
    }

    /// Checks a frame like `check(_:from:)`, but hands back the message it completes instead of emitting it, for
    /// an interceptor to decide on (and mark) before it is emitted with `emit(_:)`.
    func check(_ frame: WebSocketFrame, from direction: Direction, completing message: inout MessageEvent?)
        -> ErrorEvent?
    {
        check(frame, from: direction, deferMessage: true, message: &message)
    }

    @inline(__always)
    private func check(
        _ frame: WebSocketFrame, from direction: Direction, deferMessage: Bool, message: inout MessageEvent?
    ) -> ErrorEvent? {
        guard let checked = Frame(frame) else {
            return reject(.reservedOpcode, from: direction)
        }
        if checked.opcode == .close { sawCloseFrame = true }
        let time = now
        lastActiveAt = time
        var failure: ErrorEvent?
        for event in assembler.receive(checked, from: direction, at: time) {
            if failure == nil, case .error(let error) = event, error.closeCode != nil { failure = error }
            if deferMessage, case .message(let completed) = event {
                message = completed
            } else {
                readEvents.append(event)
            }
        }
        return failure
    }

    /// Records a frame the decoder rejected, and returns the `error` event that fails its sender.
    func reject(_ violation: FrameHeaderViolation, from direction: Direction) -> ErrorEvent {
        let error = assembler.reject(violation, from: direction, at: now)
        yield(.error(error))
        return error
    }

    /// Emits an `error` event for this connection.
    func error(side: Direction?, code: String, message: String, closeCode: UInt16? = nil) {
        yield(
            .error(
                ErrorEvent(
                    time: now, connection: label, side: side, code: code, message: message, closeCode: closeCode)))
    }

    /// Emits a message event again, as it is sent on now, with what was done to it: a message released from a
    /// breakpoint, or the copy a rule sends.
    func resent(_ message: MessageEvent, payload: [UInt8]? = nil, intervention: Intervention) {
        var event = message
        event.time = now
        event.intervention = intervention
        event.resolution = nil
        event.findings = []
        if let payload {
            event.payload = payload
            event.frameCount = 1
            event.largestFrameSize = payload.count
            event.compressed = false
        }
        yield(.message(event))
    }

    /// Emits the event for a message Gatewire sent itself.
    ///
    /// - Parameters:
    ///   - sender: the side it was sent as (`.server` for a message to the client, as if the backend had posted it).
    ///   - intervention: who sent it and why (`injected by control`, `injected by rule r1`).
    func injectedMessage(opcode: Opcode, payload: [UInt8], as sender: Direction, intervention: Intervention) {
        yield(
            .message(
                MessageEvent(
                    time: now, connection: label, direction: sender, opcode: opcode, payload: payload,
                    largestFrameSize: payload.count, intervention: intervention)))
    }

    /// Emits the event for a close frame Gatewire sent itself, as `sender`.
    func injectedClose(code: UInt16, reason: String, as sender: Direction, by: String) {
        sawCloseFrame = true
        yield(
            .close(
                CloseEvent(
                    time: now, connection: label, direction: sender,
                    info: CloseInfo(code: code, reason: reason, initiator: sender),
                    intervention: Intervention(.injected, by: by))))
    }

    /// Records that the upstream side exists, so the connection ends only when both sides have closed.
    func upstreamOpened() {
        openSides.insert(.server)
    }

    /// Records that one side's TCP connection closed; when both are closed the connection is finished.
    func sideClosed(_ side: Direction) {
        // A transport that ends in the middle of a read gets no end of the read: its frames' events go now.
        handOverReadEvents()
        openSides.remove(side)
        guard openSides.isEmpty, !finished else { return }
        finished = true
        for event in assembler.connectionEnded(at: now) { yield(event) }
        if relaying, !sawCloseFrame {
            // The transport ended with no close frame from either peer: RFC 6455 §7.1.5 calls this 1006, a code that
            // is reported but never sent, so the recorded close has no code.
            yield(
                .close(
                    CloseEvent(
                        time: now, connection: label, direction: nil, info: CloseInfo(code: nil, initiator: nil))))
        }
        onFinish()
    }
}

/// Where the proxy's events go, with the clock that stamps them.
struct EventSink: Sendable {
    /// What waits for the consumer; readers consult it before reading more.
    let backlog: EventBacklog
    let clock: @Sendable () -> Timestamp

    func yield(_ event: SessionEvent) {
        backlog.append(event)
    }

    func yield(contentsOf events: [SessionEvent]) {
        backlog.append(contentsOf: events)
    }
}
