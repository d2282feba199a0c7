/// What a diagnosis needs to know to judge sessions as API Gateway would, and how close to a limit counts as
/// trouble.
public struct DiagnosisConfiguration: Sendable {
    /// The query parameters that identify a subscription (`cacheKey`, `serviceName`), in the order to show them;
    /// empty to let ``KeyParameterGuess`` pick them from the parameters several connections share.
    public var keyParameters: [String]
    /// How the gateway decodes `$connect` query strings; see ``QueryDecodingPolicy``.
    public var policy: QueryDecodingPolicy
    /// The API's expression and route keys. When set they apply to every input, overriding what an input brings
    /// (a recording's header), as command-line flags override files; `nil` to use each input's own, if any.
    public var routes: RouteConfiguration?
    /// The gateway quotas traffic is checked against.
    public var limits: GatewayLimits
    /// The share of a time limit from which a connection counts as close to it: 0.9 reports a silence of 9
    /// minutes against the 10-minute idle timeout, and a connection 1 h 48 min old against the 2-hour maximum.
    /// Silence that long usually means the client's keep-alive is missing or too slow, so the next gap kills it.
    public var nearLimitFraction: Double

    /// Creates a configuration.
    public init(
        keyParameters: [String] = [], policy: QueryDecodingPolicy = .gateway, routes: RouteConfiguration? = nil,
        limits: GatewayLimits = .apiGateway, nearLimitFraction: Double = 0.9
    ) {
        self.keyParameters = keyParameters
        self.policy = policy
        self.routes = routes
        self.limits = limits
        self.nearLimitFraction = nearLimitFraction
    }
}
