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
