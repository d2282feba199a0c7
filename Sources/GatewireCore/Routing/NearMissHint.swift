/// A route key the sender probably meant, and what separates the evaluated value from it.
public struct NearMissHint: Codable, Hashable, Sendable {
    /// The kind of near miss, as a stable kebab-case code.
    public enum Kind: String, Codable, Hashable, Sendable {
        /// The same text in another Unicode normal form (`é` as one scalar, or as `e` and a combining accent): it
        /// looks the same but its bytes differ, and keys match byte for byte.
        case unicodeForm = "unicode-form"
        /// Same letters, different case (`sendMessage` vs `sendmessage`); the match is case-sensitive.
        case caseOnly = "case-only"
        /// Same text once leading or trailing whitespace is removed.
        case whitespace
        /// The value starts with `$` but the custom key does not (`$sendPublic` vs `sendPublic`).
        case leadingDollar = "leading-dollar"
        /// The value is the key wrapped in quote characters (`'join'` vs `join`), typically because an expression
        /// stored with a shell's quotes (`'$request.body.action'`) adds them around every value.
        case quoted
        /// A small typo: Damerau–Levenshtein distance of at most 2.
        case editDistance = "edit-distance"
        /// Another property of the message holds the key exactly: the expression reads `message` while the client
        /// sends `{"action":"sendmessage"}`, so the expression and the client disagree on the field.
        case otherProperty = "other-property"
        /// The key exists in the configuration but not in the deployed stage.
        case notDeployed = "not-deployed"
    }

    public var kind: Kind
    /// The route key that was probably meant.
    public var routeKey: String
    /// One sentence for a person.
    public var message: String

    /// Creates a hint.
    public init(kind: Kind, routeKey: String, message: String) {
        self.kind = kind
        self.routeKey = routeKey
        self.message = message
    }
}
