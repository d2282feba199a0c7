import GatewireCore

/// The gateway's side of one upgraded WebSocket connection, without I/O: it assembles client frames into
/// messages (with the core's `MessageAssembler`, which also checks RFC 6455's framing rules), enforces the
/// gateway's limits, runs the close handshake, and tells its shell what to do.
///
/// Time comes in as `Timestamp` values; the shell sleeps until `nextDeadline` and reports it.
struct ConnectionStateMachine {
    /// The limits one connection is held to.
    struct Limits {
        /// Largest message payload before the gateway closes with 1009 (128 KB).
        var maxMessageSize: Int
        /// Seconds without activity before the gateway closes the connection, or `nil` for no limit.
        var idleTimeout: Double?
        /// Seconds after the handshake before the gateway closes the connection, or `nil` for no limit.
        var lifetime: Double?
    }

    /// Where the connection is in its life.
    enum State: Equatable {
        /// Data flows both ways.
        case open
        /// The gateway sent a close frame and waits for the client's.
        case closing
        /// Both close frames were exchanged, or the transport ended.
        case closed
    }

    /// A complete client message.
    struct AssembledMessage: Equatable {
        var opcode: Opcode
        var payload: [UInt8]
        var frameCount: Int
        var largestFrameSize: Int
    }

    /// What the shell must do after a client frame or a deadline.
    enum Action: Equatable {
        /// Nothing to do yet (a fragment was buffered, a pong arrived).
        case none
        /// Hand a complete message to the route and backend.
        case deliver(AssembledMessage)
        /// Answer a ping with a pong carrying the same payload (RFC 6455 §5.5.3).
        case pong([UInt8])
        /// The gateway closes: send a close frame with this code and reason, then wait for the client's.
        /// `violation` names the rule the client broke, when it broke one.
        case close(code: UInt16, reason: String, violation: String?)
        /// The client closed first: echo its code (RFC 6455 §5.5.1) and drop the transport.
        case acknowledgeClose(code: UInt16?, reason: String)
        /// The client answered the gateway's close frame: drop the transport.
        case finish
    }

    private(set) var state: State = .open
    private let limits: Limits
    private let connectedAt: Timestamp
    private(set) var lastActivity: Timestamp
    private var assembler: MessageAssembler

    /// Creates the state machine of a connection accepted at `connectedAt`.
    init(limits: Limits, connectedAt: Timestamp) {
        self.limits = limits
        self.connectedAt = connectedAt
        self.lastActivity = connectedAt
        // No permessage-deflate: the mock never negotiates it, so RSV1 is a protocol error (RFC 7692 §6).
        self.assembler = MessageAssembler(
            connection: "", configuration: MessageAssemblerConfiguration(maxMessageSize: limits.maxMessageSize))
    }

    /// Takes one client frame.
    mutating func received(_ frame: Frame, at now: Timestamp) -> Action {
        switch state {
        case .closed:
            return .none
        case .closing:
            // After sending close the gateway only waits for the client's close (RFC 6455 §5.5.1); data is dropped.
            if frame.opcode == .close {
                state = .closed
                return .finish
            }
            return .none
        case .open:
            break
        }
        lastActivity = now
        if frame.opcode == .close {
            // The close frame is checked like any other (RFC 6455 §5.5.1, §7.4): a 1-byte body, a code that may not
            // be sent or a reason that is not UTF-8 fails the connection with 1002 or 1007 instead of an echo.
            for case .error(let violation) in assembler.receive(frame, from: .client, at: now) {
                if let code = violation.closeCode {
                    return startClosing(code: code, reason: "", violation: violation.code)
                }
            }
            state = .closed
            let (code, reason) = Self.parseClosePayload(frame.payload)
            return .acknowledgeClose(code: code, reason: reason)
        }
        if frame.opcode == .binary {
            // AWS: "If a client app sends a binary frame, API Gateway rejects it and disconnects the client with
            // code 1003" (binary media types for WebSocket APIs).
            return startClosing(code: 1003, reason: "Binary frames are not supported", violation: "binary-frame")
        }
        var delivered: AssembledMessage?
        for event in assembler.receive(frame, from: .client, at: now) {
            switch event {
            case .error(let violation):
                // A broken framing rule (1002), invalid UTF-8 (1007), or a message above 128 KB (1009: AWS closes
                // the connection for a message larger than 128 KB, quotas page).
                if let code = violation.closeCode {
                    return startClosing(
                        code: code, reason: code == 1009 ? "Message too big" : "",
                        violation: violation.code)
                }
            case .message(let message):
                delivered = AssembledMessage(
                    opcode: message.opcode, payload: message.payload, frameCount: message.frameCount,
                    largestFrameSize: message.largestFrameSize ?? message.size)
            case .connect, .control, .close:
                break
            }
        }
        if frame.opcode == .ping { return .pong(frame.payload) }
        return delivered.map(Action.deliver) ?? .none
    }

    /// Asks to send a data frame to the client; returns whether the connection still takes data.
    mutating func sendRequested(at now: Timestamp) -> Bool {
        guard state == .open else { return false }
        lastActivity = now
        return true
    }

    /// Asks to close from the gateway's side (`DELETE @connections`, shutdown, a replayed close).
    ///
    /// - Returns: whether a close frame must be sent; `false` when the connection is already closing or closed.
    mutating func closeRequested() -> Bool {
        guard state == .open else { return false }
        state = .closing
        return true
    }

    /// The transport ended (either way); nothing more can happen.
    mutating func transportEnded() {
        state = .closed
    }

    /// The earliest time at which a time limit closes the connection, or `nil` when none applies.
    var nextDeadline: Timestamp? {
        guard state == .open else { return nil }
        let candidates = [
            limits.idleTimeout.map { lastActivity.adding(seconds: $0) },
            limits.lifetime.map { connectedAt.adding(seconds: $0) },
        ].compactMap { $0 }
        return candidates.min()
    }

    /// Checks the time limits at `now`.
    ///
    /// The codes the real gateway sends for these limits are undocumented (reference §8); Gatewire sends 1001
    /// "Going away", as serverless-offline does, and names the limit in the event.
    mutating func deadlineReached(at now: Timestamp) -> Action {
        guard state == .open else { return .none }
        if let lifetime = limits.lifetime, now >= connectedAt.adding(seconds: lifetime) {
            return startClosing(code: 1001, reason: "Going away", violation: "connection-lifetime")
        }
        if let idle = limits.idleTimeout, now >= lastActivity.adding(seconds: idle) {
            return startClosing(code: 1001, reason: "Going away", violation: "idle-timeout")
        }
        return .none
    }

    /// Takes a client frame the decoder rejected before it became a `Frame` (a reserved opcode, RFC 6455 §5.2):
    /// the gateway fails the connection with the violation's close code, as for any other broken framing rule.
    mutating func rejected(_ violation: FrameHeaderViolation) -> Action {
        guard state == .open else { return .none }
        return startClosing(code: violation.closeCode, reason: "", violation: violation.code)
    }

    private mutating func startClosing(code: UInt16, reason: String, violation: String?) -> Action {
        state = .closing
        return .close(code: code, reason: reason, violation: violation)
    }

    /// Splits a close frame's payload into its code and reason (RFC 6455 §5.5.1); an empty payload has no code.
    static func parseClosePayload(_ payload: [UInt8]) -> (UInt16?, String) {
        guard payload.count >= 2 else { return (nil, "") }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        return (code, String(decoding: payload.dropFirst(2), as: UTF8.self))
    }
}

extension Timestamp {
    /// This instant moved by a number of seconds.
    func adding(seconds: Double) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch + Int64((seconds * 1_000_000).rounded()))
    }
}
