/// One message as a rule set sees it: who sent it on which connection, and what it holds.
///
/// The relay builds one per data message; it holds the payload by reference (an array), so making one copies
/// nothing.
public struct InterceptCandidate: Sendable {
    /// The connection's label, e.g. `c1`.
    public var connection: String
    /// Which peer sent the message.
    public var direction: Direction
    /// `text` or `binary`; control frames never match a rule.
    public var opcode: Opcode
    /// The message's payload.
    public var payload: [UInt8]
    /// The route key the message resolves to, when the caller resolved it (see `InterceptRuleSet.needsRouteKey`).
    public var routeKey: String?

    /// Creates a candidate.
    public init(connection: String, direction: Direction, opcode: Opcode, payload: [UInt8], routeKey: String? = nil) {
        self.connection = connection
        self.direction = direction
        self.opcode = opcode
        self.payload = payload
        self.routeKey = routeKey
    }
}
