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
