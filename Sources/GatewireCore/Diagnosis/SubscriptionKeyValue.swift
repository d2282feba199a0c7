/// One key parameter of one connection, side by side: the bytes as sent, what the backend receives, and what the
/// sender meant.
public struct SubscriptionKeyValue: Codable, Hashable, Sendable {
    /// The parameter name (`cacheKey`).
    public var parameter: String
    /// The value exactly as sent; when the whole query was encoded as one value, the value's text inside it.
    public var raw: String
    /// What the backend receives in `queryStringParameters[parameter]` (the last duplicate), or `nil` when the
    /// parameter is absent there, as it is when the whole query was encoded as one value.
    public var gateway: String?
    /// The value the sender meant: every escape level decoded, a raw `+` read as the literal plus a sender who
    /// forgot to encode most likely meant.
    public var meant: String
    /// The name the gateway decodes the parameter that carried this one to, when the whole query (or a query
    /// nested in a value) was encoded as one value; `nil` for an ordinary parameter.
    public var carriedBy: String?

    /// Creates a key value.
    public init(parameter: String, raw: String, gateway: String?, meant: String, carriedBy: String? = nil) {
        self.parameter = parameter
        self.raw = raw
        self.gateway = gateway
        self.meant = meant
        self.carriedBy = carriedBy
    }
}
