import Foundation
import GatewireCore

/// One live client connection of the mock gateway: it owns the connection's state machine, emits its session
/// events in order, and queues frames for the connection's single writer.
///
/// Everything that touches a connection — its reader, `@connections`, the backend, the time limits — goes
/// through this actor, so the state machine has one owner and events keep the order things happened in.
actor MockConnection {
    /// A frame for the connection's writer.
    enum Outbound: Sendable {
        case data(opcode: Opcode, payload: [UInt8], fin: Bool)
        case pong([UInt8])
        case close(code: UInt16, reason: String)
        /// Drop the TCP connection.
        case drop
    }

    nonisolated let details: ConnectionDetails
    private var machine: ConnectionStateMachine
    private let outbox: AsyncStream<Outbound>.Continuation
    private let messages: AsyncStream<RoutedMessage>.Continuation
    private let events: EventEmitter
    private let router: RouteResolver
    private let maxFrameSize: Int
    private(set) var lastActiveAt: Timestamp
    /// How the connection ended, once it has (for `$disconnect`).
    private(set) var closeInfo: CloseInfo?
    private var closeEmitted = false

    init(
        details: ConnectionDetails, limits: ConnectionStateMachine.Limits, maxFrameSize: Int, router: RouteResolver,
        outbox: AsyncStream<Outbound>.Continuation, messages: AsyncStream<RoutedMessage>.Continuation,
        events: EventEmitter
    ) {
        self.details = details
        self.machine = ConnectionStateMachine(limits: limits, connectedAt: details.connectedAt)
        self.lastActiveAt = details.connectedAt
        self.maxFrameSize = maxFrameSize
        self.router = router
        self.outbox = outbox
        self.messages = messages
        self.events = events
    }

    /// Whether the connection still takes data.
    var isOpen: Bool { machine.state == .open }

    /// Takes one frame from the client.
    func received(_ frame: Frame) {
        let now = Timestamp.now
        let action = machine.received(frame, at: now)
        if frame.opcode == .ping || frame.opcode == .pong {
            events.emit(
                .control(
                    ControlEvent(
                        time: now, connection: details.label, direction: .client,
                        opcode: frame.opcode, payload: frame.payload)))
        }
        perform(action, at: now)
    }

    /// Takes a client frame the decoder refused to make a `Frame` of (a reserved opcode).
    func rejected(_ violation: FrameHeaderViolation) {
        let now = Timestamp.now
        perform(machine.rejected(violation), at: now)
    }

    private func perform(_ action: ConnectionStateMachine.Action, at now: Timestamp) {
        switch action {
        case .none:
            break
        case .deliver(let message):
            lastActiveAt = now
            let requestID = GatewayIdentifier.make()
            let resolution = router.resolve(
                payload: message.payload, opcode: message.opcode, connectionID: details.id, requestID: requestID)
            events.emit(
                .message(
                    MessageEvent(
                        time: now, connection: details.label, direction: .client, opcode: message.opcode,
                        payload: message.payload, frameCount: message.frameCount,
                        largestFrameSize: message.largestFrameSize, resolution: resolution)))
            messages.yield(
                RoutedMessage(
                    time: now, opcode: message.opcode, payload: message.payload, resolution: resolution,
                    requestID: requestID, messageID: GatewayIdentifier.make()))
        case .pong(let payload):
            outbox.yield(.pong(payload))
            events.emit(
                .control(
                    ControlEvent(
                        time: now, connection: details.label, direction: .server,
                        opcode: .pong, payload: payload)))
        case .close(let code, let reason, let violation):
            if let violation {
                events.emit(
                    .error(
                        ErrorEvent(
                            time: now, connection: details.label, side: .client, code: violation,
                            message: Self.describe(violation), closeCode: code)))
            }
            sendClose(code: code, reason: reason, at: now, disconnectReason: reason)
        case .acknowledgeClose(let code, let reason):
            let info = CloseInfo(code: code, reason: reason, initiator: .client)
            closeInfo = info
            events.emit(.close(CloseEvent(time: now, connection: details.label, direction: .client, info: info)))
            // RFC 6455 §5.5.1: echo the status code received.
            outbox.yield(.close(code: code ?? 1000, reason: ""))
            events.emit(
                .close(
                    CloseEvent(
                        time: now, connection: details.label, direction: .server,
                        info: CloseInfo(code: code ?? 1000, initiator: .client))))
            closeEmitted = true
            outbox.yield(.drop)
            messages.finish()
        case .finish:
            events.emit(
                .close(
                    CloseEvent(
                        time: now, connection: details.label, direction: .client,
                        info: CloseInfo(code: closeInfo?.code, reason: "", initiator: .server))))
            closeEmitted = true
            outbox.yield(.drop)
            messages.finish()
        }
    }

    /// Sends a message to the client (a backend reply, an `@connections` post, a replayed server message),
    /// split into frames no larger than the gateway's frame limit.
    ///
    /// - Returns: `false` when the connection is no longer open (`@connections` answers 410).
    @discardableResult
    func send(opcode: Opcode = .text, payload: [UInt8]) -> Bool {
        let now = Timestamp.now
        guard machine.sendRequested(at: now) else { return false }
        lastActiveAt = now
        var offset = 0
        var frames = 0
        repeat {
            let end = min(payload.count, offset + maxFrameSize)
            outbox.yield(
                .data(
                    opcode: frames == 0 ? opcode : .continuation, payload: Array(payload[offset..<end]),
                    fin: end == payload.count))
            frames += 1
            offset = end
        } while offset < payload.count
        events.emit(
            .message(
                MessageEvent(
                    time: now, connection: details.label, direction: .server, opcode: opcode, payload: payload,
                    frameCount: frames, largestFrameSize: min(payload.count, maxFrameSize))))
        return true
    }

    /// Closes from the gateway's side.
    ///
    /// - Parameter disconnectReason: the `disconnectReason` the `$disconnect` event reports; after
    ///   `DELETE @connections` real events say `Connection Closed Normally` (reference §2.4).
    /// - Returns: `false` when the connection was already closing or closed.
    @discardableResult
    func close(code: UInt16, reason: String = "", disconnectReason: String? = nil) -> Bool {
        guard machine.closeRequested() else { return false }
        sendClose(code: code, reason: reason, at: .now, disconnectReason: disconnectReason ?? reason)
        return true
    }

    /// The next time a time limit may close the connection.
    var nextDeadline: Timestamp? { machine.nextDeadline }

    /// Checks the time limits now.
    func checkDeadline() {
        let now = Timestamp.now
        if case .close(let code, let reason, let violation) = machine.deadlineReached(at: now) {
            if let violation {
                events.emit(
                    .error(
                        ErrorEvent(
                            time: now, connection: details.label, side: nil, code: violation,
                            message: Self.describe(violation), closeCode: code)))
            }
            sendClose(code: code, reason: reason, at: now, disconnectReason: reason)
        }
    }

    /// The transport ended; `error` says why when it was not a clean close.
    func transportEnded(closeCode: UInt16? = nil, error: String? = nil) {
        let now = Timestamp.now
        machine.transportEnded()
        messages.finish()
        outbox.finish()
        if let error {
            events.emit(
                .error(
                    ErrorEvent(
                        time: now, connection: details.label, side: .client, code: error,
                        message: Self.describe(error), closeCode: closeCode)))
        }
        if closeInfo == nil {
            // 1009 from the frame decoder's limit, else 1006: closed without a close frame (RFC 6455 §7.1.5).
            closeInfo = CloseInfo(code: closeCode ?? 1006, reason: "", initiator: closeCode == nil ? nil : .server)
        }
        if !closeEmitted, let closeInfo {
            closeEmitted = true
            events.emit(
                .close(
                    CloseEvent(
                        time: now, connection: details.label,
                        direction: closeCode == nil ? nil : .server, info: closeInfo)))
        }
    }

    private func sendClose(code: UInt16, reason: String, at now: Timestamp, disconnectReason: String) {
        closeInfo = CloseInfo(code: code, reason: disconnectReason, initiator: .server)
        outbox.yield(.close(code: code, reason: reason))
        events.emit(
            .close(
                CloseEvent(
                    time: now, connection: details.label, direction: .server,
                    info: CloseInfo(code: code, reason: reason, initiator: .server))))
        messages.finish()
    }

    private static func describe(_ code: String) -> String {
        switch code {
        case "binary-frame": "The client sent a binary frame; API Gateway closes with 1003."
        case "message-too-large": "The client's message exceeds 128 KB; API Gateway closes with 1009."
        case "frame-too-large": "The client sent a frame above 32 KB; API Gateway closes with 1009."
        case "idle-timeout": "No activity within the idle timeout; the gateway closed the connection."
        case "connection-lifetime": "The connection reached its maximum duration; the gateway closed it."
        default: "The client broke the WebSocket protocol (\(code)); the gateway closed the connection."
        }
    }
}

extension Timestamp {
    /// The current wall-clock time; shells read the clock, Core never does.
    static var now: Timestamp { Timestamp(Date()) }
}
