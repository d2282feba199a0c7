/// How a `$connect` query string is turned into `queryStringParameters` / `multiValueQueryStringParameters`.
///
/// AWS documents none of this for WebSocket APIs (reference §3, [SILENT]), so the policy is a named switch rather
/// than a hard-coded guess. The default, ``gateway``, is *inferred from REST API v1 behaviour*: `?sort=-+createdAt`
/// reaches a REST Lambda as `- createdAt` (aws-cdk#19827) and `%2B` arrives as `+` (micronaut-aws#1529); on a
/// WebSocket `$connect`, `?path=one&path=two&path=three` gives `["one","two","three"]` and `"three"`
/// (robanderson.dev). Choices no source covers are ours and documented on each property.
public struct QueryDecodingPolicy: Hashable, Sendable, Codable {
    /// The stable name used on the command line and in recordings (`gateway`, `rfc3986`).
    public var name: String
    /// One line saying where the policy comes from and how sure it is.
    public var provenance: String
    /// Whether a raw `+` decodes to a space, as HTML form encoding (`application/x-www-form-urlencoded`) does.
    public var plusAsSpace: Bool

    /// Creates a policy from its parts; prefer the named policies.
    public init(name: String, provenance: String, plusAsSpace: Bool) {
        self.name = name
        self.provenance = provenance
        self.plusAsSpace = plusAsSpace
    }

    /// The default: `+` becomes a space, each `%XX` is decoded once, the last duplicate wins in the single-value map.
    ///
    /// Escapes that are not `%` followed by two hex digits (`%zz`, `%2`, a trailing `%`) are kept literally, as
    /// WHATWG `URLSearchParams` and Python's `unquote` do. Whether the gateway keeps them, drops the parameter or
    /// rejects the handshake is unknown; keeping them is the choice that loses no information. Decoded bytes that
    /// are not UTF-8 become U+FFFD. Names are decoded like values; a parameter without `=` gets the empty value.
    public static let gateway = QueryDecodingPolicy(
        name: "gateway",
        provenance: "inferred from REST v1 behaviour (AWS documents nothing for WebSocket $connect)",
        plusAsSpace: true
    )

    /// Plain RFC 3986 percent-decoding: like ``gateway`` except that `+` stays a `+`.
    ///
    /// Use it to see what the backend would receive if the gateway does not apply form decoding.
    public static let rfc3986 = QueryDecodingPolicy(
        name: "rfc3986",
        provenance: "RFC 3986 percent-decoding only; '+' is an ordinary character",
        plusAsSpace: false
    )

    /// Every named policy, default first.
    public static let all: [QueryDecodingPolicy] = [.gateway, .rfc3986]

    /// The names accepted by ``init(name:)``, default first.
    public static var names: [String] { all.map(\.name) }

    /// Looks a named policy up, ignoring case.
    ///
    /// - Parameter name: one of ``names``.
    /// - Returns: `nil` when the name is unknown.
    public init?(name: String) {
        guard let policy = Self.all.first(where: { $0.name.lowercased() == name.lowercased() }) else { return nil }
        self = policy
    }
}
