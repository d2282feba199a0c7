/// A `$connect` query string as API Gateway hands it to the backend: `queryStringParameters` (the last duplicate
/// wins) and `multiValueQueryStringParameters` (every value in order). The raw query never reaches the backend
/// (reference §3), which is why encoding mistakes are invisible there.
public struct DecodedQuery: Codable, Hashable, Sendable {
    /// Name to value, last duplicate winning.
    public var queryStringParameters: [String: String]
    /// Name to every value, in order of appearance.
    public var multiValueQueryStringParameters: [String: [String]]

    /// Creates a decoded query from its two maps.
    public init(queryStringParameters: [String: String], multiValueQueryStringParameters: [String: [String]]) {
        self.queryStringParameters = queryStringParameters
        self.multiValueQueryStringParameters = multiValueQueryStringParameters
    }

    /// Whether the query had no parameters (the gateway then omits both maps from the event).
    public var isEmpty: Bool { multiValueQueryStringParameters.isEmpty }
}
