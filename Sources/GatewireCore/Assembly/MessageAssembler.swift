/// Turns the frames of one WebSocket connection into session events: whole messages, pings and pongs, close
/// frames, and the protocol violations it sees on the way.
///
/// Sans-I/O and shared by every frame source (the live proxy and pcap import): a shell decodes frames, feeds
/// each one in with its sender and the time it was seen, and passes the returned events on. The two directions are
/// assembled independently, as RFC 6455 requires; only the close handshake links them.
///
/// Events come in the order they happened on the wire. A frame's own event comes first, then the violations it
/// showed, so a recording shows what a peer sent as well as what was wrong with it. After a violation the
/// assembler carries on as best it can (a conformant endpoint would have closed the connection; the proxy relays
/// whatever the peer keeps sending, and the recording should show it).
///
/// Error codes (`ErrorEvent.code`, with the close code a conformant peer would send):
/// `unmasked-client-frame`, `masked-server-frame`, `unexpected-continuation`, `expected-continuation`,
/// `fragmented-control-frame`, `control-frame-too-large`, `reserved-bits-set`, `close-payload-too-short`,
/// `invalid-close-code` (1002); `invalid-utf8-text`, `invalid-utf8-close-reason`, `invalid-compressed-data`
/// (1007); `message-too-large` (1009); `frame-after-close`, `inflater-unavailable`, `incomplete-message` (none).
/// Frames a decoder rejects before they become `Frame`s are reported through `reject(_:from:at:)` with
/// `FrameHeaderViolation`'s codes: `frame-too-large` (1009), `fragmented-control-frame`, `control-frame-too-large`
/// and `reserved-opcode` (1002).
///
/// Not `Sendable` in general: the injected inflater usually wraps a zlib stream that belongs to one task, like the
/// connection it serves.
public struct MessageAssembler {
    /// The label of the connection, put on every event.
    public let connection: String
    /// The limits and negotiated extensions in effect.
    public let configuration: MessageAssemblerConfiguration
    private var inflater: (any MessageInflater)?
    private var client = StateMachine(direction: .client)
    private var server = StateMachine(direction: .server)
    /// The side that sent the first close frame, which every later close event names as the initiator.
    private var closeInitiator: Direction?

    /// Creates an assembler for one connection.
    ///
    /// - Parameters:
    ///   - connection: the connection's label (`c1`, …), copied into every event.
    ///   - configuration: the size cap and the directions in which permessage-deflate was negotiated.
    ///   - inflater: decompresses permessage-deflate messages; without one, compressed messages are reported as
    ///     `inflater-unavailable` instead of delivered.
    public init(
        connection: String, configuration: MessageAssemblerConfiguration = MessageAssemblerConfiguration(),
        inflater: (any MessageInflater)? = nil
    ) {
        self.connection = connection
        self.configuration = configuration
        self.inflater = inflater
    }

    /// Takes one frame and returns the events it completes.
    ///
    /// - Parameters:
    ///   - frame: the frame, already unmasked.
    ///   - direction: the peer that sent it.
    ///   - time: when it was seen; a message's event carries the time of its last frame.
    /// - Returns: zero or more events, in order: none while a fragmented message is still open, a `message` when it
    ///   completes, a `control` or `close` for control frames (even between fragments, RFC 6455 §5.4), and an
    ///   `error` after them for each rule the frame broke.
    public mutating func receive(_ frame: Frame, from direction: Direction, at time: Timestamp) -> FrameEvents {
        let (action, violations) =
            switch direction {
            case .client: client.receive(frame, configuration: configuration)
            case .server: server.receive(frame, configuration: configuration)
            }
        var events = FrameEvents()
        if let action { interpret(action, from: direction, at: time, into: &events) }
        for violation in violations { events.append(error(violation, from: direction, at: time)) }
        return events
    }

    /// Reports a frame the decoder rejected before it became a `Frame`, as an `error` event with the code and close
    /// code every shell uses for it.
    ///
    /// - Parameters:
    ///   - violation: what the decoder found.
    ///   - direction: the peer that sent the frame.
    ///   - time: when it was seen.
    /// - Returns: the event, for `SessionEvent.error`.
    public func reject(_ violation: FrameHeaderViolation, from direction: Direction, at time: Timestamp) -> ErrorEvent {
        ErrorEvent(
            time: time, connection: connection, side: direction, code: violation.code,
            message: violation.message(from: direction), closeCode: violation.closeCode)
    }

    /// Reports the messages the connection ended in the middle of, as `incomplete-message` errors.
    ///
    /// Call it once, when the transport closes; the assembler is then empty and could be reused.
    public mutating func connectionEnded(at time: Timestamp) -> [SessionEvent] {
        [(Direction.client, client.end()), (.server, server.end())].compactMap { direction, violation in
            violation.map { error($0, from: direction, at: time) }
        }
    }

    /// Adds the events an action of the state machine makes to `events`.
    private mutating func interpret(
        _ action: StateMachine.Action, from direction: Direction, at time: Timestamp, into events: inout FrameEvents
    ) {
        switch action {
        case .message(let opcode, let payload, let frameCount, let largestFrameSize, let compressed, let validTextEnd):
            deliver(
                opcode: opcode, wirePayload: payload, frameCount: frameCount, largestFrameSize: largestFrameSize,
                compressed: compressed, validTextEnd: validTextEnd, from: direction, at: time, into: &events)
        case .control(let opcode, let payload):
            events.append(
                .control(
                    ControlEvent(
                        time: time, connection: connection, direction: direction, opcode: opcode,
                        payload: payload)))
        case .close(let payload):
            let initiator = closeInitiator ?? direction
            closeInitiator = initiator
            let (info, violations) = Self.parseClose(payload, initiator: initiator)
            events.append(.close(CloseEvent(time: time, connection: connection, direction: direction, info: info)))
            for violation in violations { events.append(error(violation, from: direction, at: time)) }
        }
    }

    /// Adds a complete message's event to `events`, or the error that kept it from being delivered, and an error
    /// when its text is not UTF-8.
    private mutating func deliver(
        opcode: Opcode, wirePayload: [UInt8], frameCount: Int, largestFrameSize: Int, compressed: Bool,
        validTextEnd: Int?, from direction: Direction, at time: Timestamp, into events: inout FrameEvents
    ) {
        var payload = wirePayload
        if compressed {
            guard inflater != nil else {
                events.append(error(.inflaterUnavailable(opcode, size: wirePayload.count), from: direction, at: time))
                return
            }
            do {
                payload = try inflater!.inflate(wirePayload, direction: direction, limit: configuration.maxMessageSize)
            } catch {
                events.append(self.error(.invalidCompressedData("\(error)"), from: direction, at: time))
                return
            }
            guard payload.count <= configuration.maxMessageSize else {
                events.append(
                    error(
                        .inflatedMessageTooLarge(opcode, limit: configuration.maxMessageSize), from: direction,
                        at: time))
                return
            }
        }
        events.append(
            .message(
                MessageEvent(
                    time: time, connection: connection, direction: direction, opcode: opcode, payload: payload,
                    frameCount: frameCount, largestFrameSize: largestFrameSize, compressed: compressed)))
        // RFC 6455 §8.1: a text message must be valid UTF-8 as a whole; a code point split across fragments is fine.
        // The state machine checked the fragments before the last one (and reported a failure at once); what is left
        // is checked here, or the whole inflated text for a compressed message. The message is still delivered, so
        // the recording keeps the offending bytes.
        if opcode == .text, let checked = compressed ? 0 : validTextEnd {
            let valid = payload.withUnsafeBufferPointer { UTF8Validation.validPrefixEnd($0, from: checked) }
            if valid != payload.count { events.append(error(.invalidUTF8Text, from: direction, at: time)) }
        }
    }

    private func error(_ violation: Violation, from direction: Direction, at time: Timestamp) -> SessionEvent {
        .error(
            ErrorEvent(
                time: time, connection: connection, side: direction, code: violation.code,
                message: violation.message(from: direction), closeCode: violation.closeCode))
    }

    /// Reads a close frame's body (RFC 6455 §5.5.1): empty, or a 2-byte big-endian code and a UTF-8 reason.
    ///
    /// Broken bodies still yield a close: the peer did close, and the event shows what it sent (a bad code as
    /// sent, a bad reason decoded with replacement characters).
    static func parseClose(_ payload: [UInt8], initiator: Direction) -> (CloseInfo, [Violation]) {
        switch payload.count {
        case 0:
            return (CloseInfo(code: nil, initiator: initiator), [])
        case 1:
            return (CloseInfo(code: nil, initiator: initiator), [.closePayloadTooShort])
        default:
            var violations: [Violation] = []
            let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
            if !isSendableCloseCode(code) { violations.append(.invalidCloseCode(code)) }
            let reasonBytes = payload[2...]
            let reason: String
            if let valid = String(validating: reasonBytes, as: UTF8.self) {
                reason = valid
            } else {
                reason = String(decoding: reasonBytes, as: UTF8.self)
                violations.append(.invalidUTF8CloseReason)
            }
            return (CloseInfo(code: code, reason: reason, initiator: initiator), violations)
        }
    }

    /// Whether a close code may appear in a close frame.
    ///
    /// RFC 6455 §7.4.1–7.4.2: 1000–1003 and 1007–1011 are defined, 1012–1014 were registered with IANA later,
    /// 3000–4999 belong to libraries, frameworks and applications. Below 1000 is unused, 1004 is reserved, and
    /// 1005, 1006 and 1015 only ever stand for "no code", "abnormal closure" and "TLS failure" in APIs; the rest
    /// of 1000–2999 is reserved for future protocol use.
    public static func isSendableCloseCode(_ code: UInt16) -> Bool {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: true
        default: false
        }
    }
}
