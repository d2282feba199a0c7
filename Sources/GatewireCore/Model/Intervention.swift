/// What Gatewire itself did to a message or a close, as opposed to what a peer sent: the mark that tells injected,
/// dropped, delayed, rewritten and held traffic apart from traffic relayed as it came.
///
/// An event without an intervention was sent by a peer and relayed unchanged. With one, the event says what
/// happened to it:
///
/// | kind | the event is | what the other side got |
/// |---|---|---|
/// | `injected` | a message or close Gatewire sent itself (control API, a rule's copy, an edit, a fault) | this event |
/// | `dropped` | a message a peer sent | nothing |
/// | `delayed` | a message a peer sent | the same message, later (`detail` says how much) |
/// | `rewritten` | a message a peer sent | an `injected` event with the new payload, right after |
/// | `duplicated` | a message a peer sent | the message, then an `injected` copy |
/// | `held` | a message a peer sent, stopped at a breakpoint | nothing yet: a `released` event, an `injected` edit, or a `dropped` event follows |
/// | `released` | the held message, as it is now sent on | this event |
public struct Intervention: Hashable, Sendable {
    /// What was done.
    public enum Kind: String, Hashable, Sendable, CaseIterable, Codable {
        case injected, dropped, delayed, rewritten, duplicated, held, released
    }

    /// What was done.
    public var kind: Kind

    /// Whether the event's message went on to the other side as this event shows it: `false` for a message that
    /// was dropped, held, or replaced by its rewrite, which the other side never got in this form.
    public var wasSentOn: Bool {
        switch kind {
        case .injected, .delayed, .duplicated, .released: true
        case .dropped, .held, .rewritten: false
        }
    }
    /// Who did it: `control` (the control API), `rule NAME`, `breakpoint NAME`, `timeout`, `fault NAME`.
    public var by: String
    /// A few words for a person (`200 ms`, `set $.user`), or `nil`.
    public var detail: String?

    /// Creates an intervention mark.
    public init(_ kind: Kind, by: String, detail: String? = nil) {
        self.kind = kind
        self.by = by
        self.detail = detail
    }
}

extension Intervention: Codable {}
