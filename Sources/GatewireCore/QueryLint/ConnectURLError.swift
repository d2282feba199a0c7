/// Why a `$connect` URL could not be taken apart.
///
/// Compare with the static members (`error == .unsupportedScheme`); ``description`` names the exact problem.
public struct ConnectURLError: Error, Hashable, Sendable, CustomStringConvertible {
    enum Kind: String, Hashable, Sendable {
        case empty
        case unsupportedScheme
        case missingScheme
        case missingHost
        case invalidPort
        case missingPath
    }

    let kind: Kind
    /// The text that failed to parse.
    public let input: String
    /// What exactly is wrong, for a person.
    public let reason: String

    init(_ kind: Kind, input: String, _ reason: String) {
        self.kind = kind
        self.input = input
        self.reason = reason
    }

    /// The URL is empty or only whitespace.
    public static let empty = ConnectURLError(.empty, input: "", "empty")
    /// The scheme is not `wss`, `ws`, `https` or `http`.
    public static let unsupportedScheme = ConnectURLError(.unsupportedScheme, input: "", "unsupportedScheme")
    /// There is no `scheme://`, no leading `/` and no elision mark.
    public static let missingScheme = ConnectURLError(.missingScheme, input: "", "missingScheme")
    /// The authority names no host.
    public static let missingHost = ConnectURLError(.missingHost, input: "", "missingHost")
    /// The port is not a number from 1 to 65535.
    public static let invalidPort = ConnectURLError(.invalidPort, input: "", "invalidPort")
    /// The elided form (`…`) is not followed by a path.
    public static let missingPath = ConnectURLError(.missingPath, input: "", "missingPath")

    /// Errors are equal when they are of the same kind, whatever the input.
    public static func == (lhs: ConnectURLError, rhs: ConnectURLError) -> Bool { lhs.kind == rhs.kind }

    /// Hashes the kind only, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// `not a $connect URL: <reason>: <input>`.
    public var description: String { "not a $connect URL (\(reason)): \(input)" }
}
