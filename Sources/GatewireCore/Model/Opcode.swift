/// A WebSocket frame opcode (RFC 6455 §5.2).
///
/// Unknown opcodes (3–7, 11–15) are protocol violations; shells report them as `error` events, so this type
/// only names the six defined ones. Raw values are the wire numbers, and the recording format stores the name.
public enum Opcode: UInt8, Hashable, Sendable, CaseIterable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    /// Whether this is a control frame (close, ping, pong), which RFC 6455 §5.5 limits to 125 bytes and forbids
    /// to fragment.
    public var isControl: Bool { rawValue & 0x8 != 0 }

    /// The lower-case name used in recordings and output (`text`, `binary`, …).
    public var name: String {
        switch self {
        case .continuation: "continuation"
        case .text: "text"
        case .binary: "binary"
        case .close: "close"
        case .ping: "ping"
        case .pong: "pong"
        }
    }

    /// Looks an opcode up by its recording name.
    public init?(name: String) {
        guard let match = Opcode.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}

extension Opcode: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let opcode = Opcode(name: name) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "unknown opcode '\(name)'")
        }
        self = opcode
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}

extension Opcode: CustomStringConvertible {
    public var description: String { name }
}
