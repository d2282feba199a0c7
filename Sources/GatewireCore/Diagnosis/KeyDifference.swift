/// One reason two connections of a subscription group do not meet at the backend, in words, with its fix.
public struct KeyDifference: Codable, Hashable, Sendable {
    /// What kind of difference it is; the raw values are stable kebab-case codes for scripts.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// A raw `+` on one side became a space, while the other side sent `%2B` and kept the `+`.
        case plusBecameSpace = "plus-became-space"
        /// One side encoded a character twice (`%252B`), so the backend receives the escape text (`%2B`).
        case doubleEncoded = "double-encoded"
        /// One side's value is a cut-off copy of the other's (`…%2B00%3A` for `…+00:00`).
        case prefixTruncated = "prefix-truncated"
        /// The whole query was encoded as one value: `=` and `&` vanished, and the key is absent at the backend.
        case wholeQueryEncoded = "whole-query-encoded"
        /// Both sides meant the same text and the gateway decodes them differently in another way.
        case decodedDifferently = "decoded-differently"
    }

    public var kind: Kind
    /// The key parameter concerned.
    public var parameter: String
    /// Names of the connections involved (see ``DiagnosedConnection/name``), the changed or shorter side first.
    public var connections: [String]
    /// The difference in one sentence, quoting the bytes.
    public var message: String
    /// What to change.
    public var fix: String

    /// Creates a difference.
    public init(kind: Kind, parameter: String, connections: [String], message: String, fix: String) {
        self.kind = kind
        self.parameter = parameter
        self.connections = connections
        self.message = message
        self.fix = fix
    }
}
