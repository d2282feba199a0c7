import GatewireCore
import GatewireProxy
import GatewireWeb

/// The web view's Held panel over a running proxy's breakpoints: lists ``HeldMessages`` and resolves them as the
/// control API does, marked as the view's doing (`released by web view`, `injected by web view`, …).
struct ProxyHeldMessageControl: HeldMessageControl {
    /// Who the events say resolved a message.
    static let actor = "web view"

    let held: HeldMessages

    func heldMessages() -> [HeldMessage] {
        held.messages
    }

    func release(_ id: String, replacement: [UInt8]?) -> Bool {
        held.resolve(id, replacement.map { .replace($0, by: Self.actor) } ?? .release(by: Self.actor))
    }

    func drop(_ id: String) -> Bool {
        held.resolve(id, .drop(by: Self.actor))
    }
}
