/// What the per-URL lint needs to know beyond the URL itself.
public struct QueryLintConfiguration: Hashable, Sendable {
    /// How the gateway is assumed to decode the query; see ``QueryDecodingPolicy``.
    public var policy: QueryDecodingPolicy
    /// The stages deployed for the API, when known; `nil` skips the `unknown-stage` check.
    public var knownStages: [String]?
    /// The longest URL the gateway accepts: 4096 characters, a fixed quota for WebSocket APIs (AWS quotas page,
    /// "URL length for a WebSocket API", not raisable).
    public var maxURLLength: Int

    /// The gateway's URL length quota for WebSocket APIs.
    public static let gatewayMaxURLLength = 4096

    /// Creates a configuration.
    public init(
        policy: QueryDecodingPolicy = .gateway, knownStages: [String]? = nil,
        maxURLLength: Int = QueryLintConfiguration.gatewayMaxURLLength
    ) {
        self.policy = policy
        self.knownStages = knownStages
        self.maxURLLength = maxURLLength
    }
}
