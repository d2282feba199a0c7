public import GatewireCore
import NIOConcurrencyHelpers

/// The messages breakpoints hold now, across connections: what the control API lists, releases, edits and drops.
///
/// Each entry knows how to resume its relay (`resume`, which hops to the connection's event loop); the relay
/// removes the entry when the message leaves the breakpoint, whichever way.
public final class HeldMessages: Sendable {
    /// What to do with a held message.
    public enum Outcome: Sendable, Hashable {
        /// Send it on as it is.
        case release(by: String)
        /// Send this payload on instead.
        case replace([UInt8], by: String)
        /// Send nothing.
        case drop(by: String)
    }

    private struct Entry {
        var message: HeldMessage
        var resume: @Sendable (Outcome) -> Void
    }

    private let state = NIOLockedValueBox<(next: Int, entries: [String: Entry])>((1, [:]))

    init() {}

    /// Registers a held message and returns its id.
    func hold(_ make: (String) -> HeldMessage, resume: @escaping @Sendable (Outcome) -> Void) -> String {
        state.withLockedValue { state in
            let id = "h\(state.next)"
            state.next += 1
            state.entries[id] = Entry(message: make(id), resume: resume)
            return id
        }
    }

    /// Forgets a message that left its breakpoint.
    func remove(_ id: String) {
        state.withLockedValue { _ = $0.entries.removeValue(forKey: id) }
    }

    /// The messages held now, oldest first.
    public var messages: [HeldMessage] {
        state.withLockedValue { $0.entries.values.map(\.message) }
            .sorted { ($0.id.count, $0.id) < ($1.id.count, $1.id) }
    }

    /// Resolves a held message; the relay sends it on, or not, on its own event loop.
    ///
    /// - Returns: `false` when no message with this id is held (already released, dropped or timed out).
    @discardableResult
    public func resolve(_ id: String, _ outcome: Outcome) -> Bool {
        let entry = state.withLockedValue { $0.entries.removeValue(forKey: id) }
        guard let entry else { return false }
        entry.resume(outcome)
        return true
    }
}
