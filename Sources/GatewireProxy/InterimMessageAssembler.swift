import GatewireCore

/// A minimal stand-in for Core's `MessageAssembler`, with the same shape (`receive(frame:direction:time:)`), used
/// until that type is available; it will be deleted then.
///
/// It joins fragments into one message per direction and turns control frames into events. The relay has already
/// rejected every malformed frame, so it need not validate anything.
struct InterimMessageAssembler: Sendable {
    private struct Partial: Sendable {
        var opcode: Opcode
        var payload: [UInt8]
        var frameCount: Int
        var largestFrame: Int
        var compressed: Bool
    }

    let connection: String
    private var partial: [Direction: Partial] = [:]
    private var firstCloser: Direction?

    init(connection: String) {
        self.connection = connection
    }

    mutating func receive(_ frame: Frame, direction: Direction, time: Timestamp) -> [SessionEvent] {
        switch frame.opcode {
        case .ping, .pong:
            return [
                .control(
                    ControlEvent(
                        time: time, connection: connection, direction: direction, opcode: frame.opcode,
                        payload: frame.payload))
            ]
        case .close:
            if firstCloser == nil { firstCloser = direction }
            let code = frame.payload.count >= 2 ? UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]) : nil
            let reason = frame.payload.count > 2 ? String(decoding: frame.payload[2...], as: UTF8.self) : ""
            return [
                .close(
                    CloseEvent(
                        time: time, connection: connection, direction: direction,
                        info: CloseInfo(code: code, reason: reason, initiator: firstCloser)))
            ]
        case .text, .binary, .continuation:
            var current =
                partial[direction]
                ?? Partial(
                    opcode: frame.opcode, payload: [], frameCount: 0, largestFrame: 0, compressed: frame.rsv1)
            current.payload += frame.payload
            current.frameCount += 1
            current.largestFrame = max(current.largestFrame, frame.payload.count)
            guard frame.fin else {
                partial[direction] = current
                return []
            }
            partial[direction] = nil
            return [
                .message(
                    MessageEvent(
                        time: time, connection: connection, direction: direction, opcode: current.opcode,
                        payload: current.payload, frameCount: current.frameCount,
                        largestFrameSize: current.largestFrame, compressed: current.compressed))
            ]
        }
    }
}
