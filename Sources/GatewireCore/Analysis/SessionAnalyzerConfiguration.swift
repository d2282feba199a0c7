/// What the analyzer needs to know about the API to judge traffic as API Gateway would.
public struct SessionAnalyzerConfiguration: Sendable {
    /// The API's expression and route keys; `nil` when unknown (values are still evaluated with the assumed
    /// expression, but no route is claimed).
    public var routes: RouteConfiguration?
    /// How `$connect` query strings are decoded.
    public var queryPolicy: QueryDecodingPolicy
    /// Stages the API is deployed to; when empty, the configuration's stages are used, and when both are empty
    /// the stage check is skipped.
    public var knownStages: [String]
    /// The gateway quotas traffic is checked against.
    public var limits: GatewayLimits
    /// How non-string route values are stringified.
    public var stringification: RouteValueStringification
    /// How many distinct `$connect` query strings are remembered for cross-connection lint (oldest forgotten
    /// first); this bounds memory on long sessions. Each new connection is compared only with the remembered values
    /// that can differ from its own in encoding alone (`CrossConnectionIndex`).
    public var maxRememberedQueries: Int

    /// Creates a configuration.
    public init(
        routes: RouteConfiguration? = nil, queryPolicy: QueryDecodingPolicy = .gateway, knownStages: [String] = [],
        limits: GatewayLimits = .apiGateway, stringification: RouteValueStringification = .default,
        maxRememberedQueries: Int = 1000
    ) {
        self.routes = routes
        self.queryPolicy = queryPolicy
        self.knownStages = knownStages
        self.limits = limits
        self.stringification = stringification
        self.maxRememberedQueries = maxRememberedQueries
    }
}
