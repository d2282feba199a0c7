import GatewireCore

/// Turns one direction's frames into message, control and close events: joins fragments (RFC 6455 §5.4), lets
/// control frames interleave, inflates permessage-deflate messages, and reports violations instead of failing.
struct FrameAssembly {
    private struct Partial {
        var opcode: Opcode
        var payload: [UInt8]
        var frames: Int
        var largest: Int
        var compressed: Bool
        var time: Timestamp
    }

    let connection: String
    let direction: Direction
    private let inflater: DeflateInflater?
    private let deflateNegotiated: Bool
    private let maxMessageSize: Int
    private var partial: Partial?

    init(connection: String, direction: Direction, inflater: DeflateInflater?, deflateNegotiated: Bool, maxMessageSize: Int) {
        self.connection = connection
        self.direction = direction
        self.inflater = inflater
        self.deflateNegotiated = deflateNegotiated
        self.maxMessageSize = maxMessageSize
    }

    mutating func receive(_ frame: Frame, time: Timestamp) -> [SessionEvent] {
        var events: [SessionEvent] = []
        func violation(_ code: String, _ message: String) {
            events.append(
                .error(ErrorEvent(time: time, connection: connection, side: direction, code: code, message: message)))
        }
        // RFC 6455 §5.1: clients mask every frame, servers never do.
        if direction == .client, !frame.masked {
            violation("unmasked-client-frame", "the client sent an unmasked frame (RFC 6455 §5.1)")
        } else if direction == .server, frame.masked {
            violation("masked-server-frame", "the server sent a masked frame (RFC 6455 §5.1)")
        }
        // RFC 6455 §5.2: reserved bits must be clear unless an extension defines them; RFC 7692 gives RSV1 a
        // meaning on the first frame of a message only.
        if frame.rsv2 || frame.rsv3 || (frame.rsv1 && (!deflateNegotiated || frame.opcode.isControl
            || frame.opcode == .continuation))
        {
            violation("reserved-bits-set", "a \(frame.opcode) frame has reserved bits set that no extension defines")
        }
        switch frame.opcode {
        case .ping, .pong:
            events.append(
                .control(
                    ControlEvent(
                        time: time, connection: connection, direction: direction, opcode: frame.opcode,
                        payload: frame.payload)))
        case .close:
            events.append(.close(CloseEvent(time: time, connection: connection, direction: direction, info: closeInfo(frame))))
            if frame.payload.count == 1 {
                violation("invalid-close-payload", "a close frame carries a single byte (RFC 6455 §5.5.1)")
            }
        case .text, .binary:
            if partial != nil {
                violation("new-message-inside-fragmented-message", "a new data frame started before the previous "
                    + "fragmented message ended (RFC 6455 §5.4)")
            }
            partial = Partial(
                opcode: frame.opcode, payload: frame.payload, frames: 1, largest: frame.payload.count,
                compressed: frame.rsv1 && deflateNegotiated, time: time)
            if frame.fin { events += complete(time: time) }
        case .continuation:
            guard partial != nil else {
                violation("continuation-without-message", "a continuation frame arrived with no message to continue "
                    + "(RFC 6455 §5.4)")
                return events
            }
            partial!.payload += frame.payload
            partial!.frames += 1
            partial!.largest = max(partial!.largest, frame.payload.count)
            if partial!.payload.count > maxMessageSize {
                violation("message-too-large-to-decode", "a message grew beyond \(maxMessageSize) bytes; it is dropped")
                partial = nil
                return events
            }
            if frame.fin { events += complete(time: time) }
        }
        return events
    }

    private mutating func complete(time: Timestamp) -> [SessionEvent] {
        guard let message = partial else { return [] }
        partial = nil
        var payload = message.payload
        var events: [SessionEvent] = []
        if message.compressed {
            do {
                payload = try inflater?.inflate(message.payload, limit: maxMessageSize) ?? message.payload
            } catch {
                let reason = (error as? DeflateInflater.Failure)?.reason ?? "\(error)"
                return [
                    .error(
                        ErrorEvent(
                            time: time, connection: connection, side: direction, code: "inflate-failed",
                            message: "a compressed \(message.opcode) message could not be inflated: \(reason)"))
                ]
            }
        }
        if message.opcode == .text, String(validating: payload, as: UTF8.self) == nil {
            events.append(
                .error(
                    ErrorEvent(
                        time: time, connection: connection, side: direction, code: "invalid-utf8",
                        message: "a text message is not valid UTF-8 (RFC 6455 §8.1)")))
        }
        events.insert(
            .message(
                MessageEvent(
                    time: time, connection: connection, direction: direction, opcode: message.opcode,
                    payload: payload, frameCount: message.frames, largestFrameSize: message.largest,
                    compressed: message.compressed)), at: 0)
        return events
    }

    private func closeInfo(_ frame: Frame) -> CloseInfo {
        guard frame.payload.count >= 2 else { return CloseInfo(code: nil, initiator: nil) }
        let code = UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1])
        return CloseInfo(code: code, reason: String(decoding: frame.payload[2...], as: UTF8.self), initiator: nil)
    }
}
