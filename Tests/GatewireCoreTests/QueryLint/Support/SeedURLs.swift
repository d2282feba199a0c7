import GatewireCore

/// The `$connect` URLs of the geoprocessing seed scenario, and helpers to lint them.
enum SeedURLs {
    /// A browser subscribing: the timestamp's `+00:00` is sent raw.
    static let rawPlus =
        "wss://abc123.execute-api.us-east-1.amazonaws.com/prod?serviceName=boundaryAreaOverlap"
        + "&cacheKey=35354-2024-08-01T19:37:55.612063+00:00&fromClient=true"
    /// A worker publishing: the timestamp is encoded, and cut off after `+00:`.
    static let encodedTruncated =
        "wss://abc123.execute-api.us-east-1.amazonaws.com/prod?serviceName=boundaryAreaOverlap"
        + "&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A"
    /// The whole query string encoded as one value, on a mistyped stage.
    static let encodedQueryWrongStage =
        "wss://abc123.execute-api.us-east-1.amazonaws.com/pd?serviceName%3DkelpPersist%26cacheKey%3Dblord"
    /// A correctly encoded URL that no rule should flag.
    static let clean =
        "wss://abc123.execute-api.us-east-1.amazonaws.com/prod?serviceName=boundaryAreaOverlap"
        + "&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A00&fromClient=true"
}

/// Lints one URL with every per-URL rule.
func lint(_ url: String, stages: [String]? = nil, policy: QueryDecodingPolicy = .gateway) throws -> [Finding] {
    let parsed = try ConnectURL(parsing: url)
    return QueryLinter(configuration: QueryLintConfiguration(policy: policy, knownStages: stages)).lint(parsed)
}

/// Lints one URL and keeps only the findings of one code.
func lint(_ url: String, code: String, stages: [String]? = nil, policy: QueryDecodingPolicy = .gateway) throws
    -> [Finding]
{
    try lint(url, stages: stages, policy: policy).filter { $0.code == code }
}

/// Lints a query under a host and stage that no URL-level rule flags.
func lintQuery(_ query: String, code: String, policy: QueryDecodingPolicy = .gateway) throws -> [Finding] {
    try lint("wss://abc123.execute-api.us-east-1.amazonaws.com/prod?" + query, code: code, policy: policy)
}

/// Lints URLs across connections labelled `c1`, `c2`, ….
func crossLint(_ urls: String..., policy: QueryDecodingPolicy = .gateway) throws -> [Finding] {
    let inputs = try urls.enumerated().map { index, url in
        ConnectionQuery(connection: "c\(index + 1)", url: try ConnectURL(parsing: url))
    }
    return CrossConnectionLinter(policy: policy).lint(inputs)
}
