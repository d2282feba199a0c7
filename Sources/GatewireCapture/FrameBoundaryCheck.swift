import GatewireCore

/// Decides whether a chunk of a stream (one TCP segment's worth) starts at a WebSocket frame boundary, for streams
/// whose handshake was not captured or that lost bytes to a gap.
///
/// Only frame *headers* are examined here; the frames themselves are still decoded by NIOWebSocket. A chunk
/// qualifies when it holds at least one frame header that RFC 6455 allows from that side (masked from clients,
/// unmasked from servers, §5.1; a defined opcode, §5.2; RSV2/RSV3 clear; control frames final and at most 125
/// bytes, §5.5) and the headers chain exactly to the end of the chunk, or when at least two such headers chain
/// before a frame that continues beyond it. Senders usually start a segment at a frame boundary, so this finds
/// the next safe point quickly, and random bytes rarely pass it.
enum FrameBoundaryCheck {
    static func startsWithFrames(_ bytes: [UInt8], from direction: Direction) -> Bool {
        var offset = 0
        var headers = 0
        while offset < bytes.count {
            guard let frameLength = frameLength(bytes, at: offset, from: direction) else { return false }
            headers += 1
            offset += frameLength
            if offset > bytes.count { return headers >= 2 }
        }
        return headers >= 1
    }

    /// The whole length (header and payload) of a plausible frame starting at `offset`, or `nil`.
    private static func frameLength(_ bytes: [UInt8], at offset: Int, from direction: Direction) -> Int? {
        guard offset + 2 <= bytes.count else { return nil }
        let first = bytes[offset]
        let second = bytes[offset + 1]
        guard first & 0x30 == 0, let opcode = Opcode(rawValue: first & 0x0F) else { return nil }
        let masked = second & 0x80 != 0
        guard masked == (direction == .client) else { return nil }
        var length = Int(second & 0x7F)
        var headerLength = 2
        if length == 126 {
            guard offset + 4 <= bytes.count else { return nil }
            length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
            headerLength = 4
        } else if length == 127 {
            guard offset + 10 <= bytes.count, bytes[offset + 2] == 0, bytes[offset + 3] == 0 else { return nil }
            length = (4..<10).reduce(0) { $0 << 8 | Int(bytes[offset + $1]) }
            headerLength = 10
        }
        if opcode.isControl {
            guard first & 0x80 != 0, length <= 125, first & 0x40 == 0 else { return nil }
        }
        return headerLength + (masked ? 4 : 0) + length
    }
}
