public import GatewireCore

/// What the view may do to the messages a proxy's breakpoints hold: list them, send one on (as it is or with a new
/// payload) and drop one.
///
/// The view knows nothing of the proxy: `gatewire proxy` passes an adapter over its held messages to
/// ``WebViewServer``, and the page then shows its Held panel; without one (`mock`, `replay`, `view`) the
/// `/api/held` endpoints answer 404 and the panel stays hidden.
public protocol HeldMessageControl: Sendable {
    /// The messages held now, oldest first.
    func heldMessages() -> [HeldMessage]
    /// Sends a held message on: as it is when `replacement` is `nil`, else with that payload.
    ///
    /// - Returns: `false` when no message with this id is held (released, dropped or timed out already).
    func release(_ id: String, replacement: [UInt8]?) -> Bool
    /// Drops a held message: neither peer gets it.
    ///
    /// - Returns: `false` when no message with this id is held.
    func drop(_ id: String) -> Bool
}

/// One message a breakpoint holds, as the Held panel shows it.
public struct HeldMessage: Sendable, Hashable {
    /// Unique for the proxy's lifetime (`h1`, `h2`, …).
    public var id: String
    /// The connection's label (`c1`).
    public var connection: String
    /// The sender.
    public var direction: Direction
    public var opcode: Opcode
    public var payload: [UInt8]
    /// The breakpoint's rule, as the proxy shows it.
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
