import Foundation

/// One message a breakpoint holds: what the control API and the web view's Held panel show.
public struct HeldMessage: Sendable, Hashable {
    /// Unique for the proxy's lifetime (`h1`, `h2`, …).
    public var id: String
    /// The connection's label (`c1`).
    public var connection: String
    /// The sender.
    public var direction: Direction
    public var opcode: Opcode
    public var payload: [UInt8]
    /// The breakpoint's rule id.
    public var rule: String
    public var heldAt: Timestamp
    /// When the hold timeout sends it on.
    public var releaseAt: Timestamp

    /// Creates a held message's description.
    public init(
        id: String, connection: String, direction: Direction, opcode: Opcode, payload: [UInt8], rule: String,
        heldAt: Timestamp, releaseAt: Timestamp
    ) {
        self.id = id
        self.connection = connection
        self.direction = direction
        self.opcode = opcode
        self.payload = payload
        self.rule = rule
        self.heldAt = heldAt
        self.releaseAt = releaseAt
    }
}

extension HeldMessage {
    /// The list of held messages as the control API (`GET /@gatewire/held`) and the web view (`GET /api/held`)
    /// answer it: `{"now", "held": [{"id", "connection", "from", "opcode", "rule", "heldAt", "releaseAt",
    /// "ageSeconds", "secondsLeft", "size", "text" or "base64"}]}`.
    public static func listJSON(_ messages: [HeldMessage], now: Timestamp) -> [UInt8] {
        let held = messages.map { message -> [String: Any] in
            var object: [String: Any] = [
                "id": message.id, "connection": message.connection, "from": message.direction.rawValue,
                "opcode": message.opcode.name, "rule": message.rule, "heldAt": message.heldAt.rfc3339,
                "releaseAt": message.releaseAt.rfc3339, "size": message.payload.count,
                "ageSeconds": max(0, now.secondsSinceEpoch - message.heldAt.secondsSinceEpoch),
                "secondsLeft": max(0, message.releaseAt.secondsSinceEpoch - now.secondsSinceEpoch),
            ]
            if message.opcode == .text, let text = String(validating: message.payload, as: UTF8.self) {
                object["text"] = text
            } else {
                object["base64"] = Data(message.payload).base64EncodedString()
            }
            return object
        }
        let data = try? JSONSerialization.data(
            withJSONObject: ["now": now.rfc3339, "held": held], options: [.sortedKeys])
        return Array(data ?? Data("{}".utf8))
    }
}
