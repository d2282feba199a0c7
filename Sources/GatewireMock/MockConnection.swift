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
    /// The faults set at start (`--fault`).
    private let faultRules: [MockFaultRule]
    /// Error-frame faults injected for the next client messages, oldest first.
    private var pendingErrorFrames: [GatewayFault] = []
    /// A `gone` or `throttled` fault injected for the next `@connections` calls, and how many calls it still takes.
    private var managementFault: (fault: GatewayFault, remaining: Int)?
    /// How many `@connections` calls addressed this connection (for `every=N` rules).
    private var managementCalls = 0
    /// Faults waiting for their time; cancelled when the connection ends.
    private var scheduledFaults: [Task<Void, Never>] = []

    init(
        details: ConnectionDetails, limits: ConnectionStateMachine.Limits, maxFrameSize: Int, router: RouteResolver,
        outbox: AsyncStream<Outbound>.Continuation, messages: AsyncStream<RoutedMessage>.Continuation,
        events: EventEmitter, faultRules: [MockFaultRule] = []
    ) {
        self.details = details
        self.faultRules = faultRules
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
            if let fault = errorFrameFault(for: resolution) {
                answer(message, resolution: resolution, requestID: requestID, with: fault, at: now)
                return
            }
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
    /// - Parameter intervention: the mark of a message the gateway sends on its own (a fault's error frame).
    @discardableResult
    func send(opcode: Opcode = .text, payload: [UInt8], intervention: Intervention? = nil) -> Bool {
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
                    frameCount: frames, largestFrameSize: min(payload.count, maxFrameSize),
                    intervention: intervention)))
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
        for task in scheduledFaults { task.cancel() }
        scheduledFaults = []
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

    private func sendClose(
        code: UInt16, reason: String, at now: Timestamp, disconnectReason: String,
        intervention: Intervention? = nil
    ) {
        closeInfo = CloseInfo(code: code, reason: disconnectReason, initiator: .server)
        outbox.yield(.close(code: code, reason: reason))
        events.emit(
            .close(
                CloseEvent(
                    time: now, connection: details.label, direction: .server,
                    info: CloseInfo(code: code, reason: reason, initiator: .server), intervention: intervention)))
        messages.finish()
    }

    // MARK: - Faults

    /// Applies a gateway fault now: a closing fault closes the connection as the gateway's own limit does, an
    /// error-frame fault answers the next client message, a `@connections` fault answers the next `count` calls.
    ///
    /// - Returns: `false` when the connection is no longer open.
    @discardableResult
    func inject(_ fault: GatewayFault, count: Int = 1) -> Bool {
        guard machine.state == .open else { return false }
        switch fault.effect {
        case .close(let code, let reason):
            guard machine.closeRequested() else { return false }
            sendClose(
                code: code, reason: reason, at: .now, disconnectReason: reason, intervention: fault.intervention())
        case .errorFrame:
            pendingErrorFrames.append(fault)
        case .managementAPIError:
            managementFault = (fault, count)
        }
        return true
    }

    /// Applies a gateway fault after a delay, unless the connection ended first.
    func schedule(_ fault: GatewayFault, after seconds: Double, count: Int = 1) {
        scheduledFaults.append(
            Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(Int64((seconds * 1000).rounded())))
                guard !Task.isCancelled else { return }
                await self?.inject(fault, count: count)
            })
    }

    /// Starts the timers of the `after=` rules set at start.
    func startFaultTimers() {
        for rule in faultRules {
            if case .after(let seconds) = rule.trigger { schedule(rule.fault, after: seconds) }
        }
    }

    /// Counts one `@connections` call and says which fault answers it, if any.
    ///
    /// - Parameter payload: the data of a `POST`: the message the backend meant for the client, which is recorded
    ///   as dropped by the fault.
    func takeManagementFault(posting payload: [UInt8]? = nil) -> GatewayFault? {
        managementCalls += 1
        var fault: GatewayFault?
        if let pending = managementFault {
            fault = pending.fault
            managementFault = pending.remaining > 1 ? (pending.fault, pending.remaining - 1) : nil
        } else {
            fault =
                faultRules.first { rule in
                    if case .every(let n) = rule.trigger { managementCalls.isMultiple(of: n) } else { false }
                }?.fault
        }
        if let fault, let payload, case .managementAPIError(let status, let errorType, _) = fault.effect {
            events.emit(
                .message(
                    MessageEvent(
                        time: .now, connection: details.label, direction: .server, opcode: .text, payload: payload,
                        intervention: fault.intervention(.dropped, detail: "\(status) \(errorType)"))))
        }
        return fault
    }

    /// The error-frame fault that answers a client message instead of its route: an injected one first, then a
    /// `route=` rule that matches.
    private func errorFrameFault(for resolution: RouteResolution) -> GatewayFault? {
        if !pendingErrorFrames.isEmpty { return pendingErrorFrames.removeFirst() }
        return faultRules.first { rule in
            guard case .route(let route) = rule.trigger else { return false }
            return route == "*" || route == resolution.routeKey
        }?.fault
    }

    /// Answers a client message with a fault's error frame; the message goes nowhere, the connection stays open.
    private func answer(
        _ message: ConnectionStateMachine.AssembledMessage, resolution: RouteResolution, requestID: String,
        with fault: GatewayFault, at now: Timestamp
    ) {
        guard let frame = fault.errorFrame(connectionID: details.id, requestID: requestID) else { return }
        events.emit(
            .message(
                MessageEvent(
                    time: now, connection: details.label, direction: .client, opcode: message.opcode,
                    payload: message.payload, frameCount: message.frameCount,
                    largestFrameSize: message.largestFrameSize, resolution: resolution,
                    intervention: fault.intervention(.dropped))))
        send(payload: Array(frame.utf8), intervention: fault.intervention())
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
