/// The routing facts of one WebSocket API, whichever file they came from: its route selection expression, its
/// route keys, and the stages it is deployed to.
///
/// Loaders (CloudFormation/SAM, CDK synth output, `serverless.yml`, `aws apigatewayv2` JSON) each produce these;
/// route resolution and the URL lint consume them.
public struct RouteConfiguration: Codable, Hashable, Sendable {
    /// The API's name (CloudFormation `Name`, or its logical id when unnamed; `websocketsApiName` in Serverless).
    public var apiName: String?
    /// The route selection expression as written in the file (unresolved tags are kept as text), or `nil` when the
    /// file does not say (then Gatewire assumes `$request.body.action`, and says so).
    public var expression: String?
    /// Route keys the configuration declares, in file order, including `$connect`, `$disconnect` and `$default`.
    public var routeKeys: [String]
    /// Route keys known to be live on the deployed stage, when a source tells them apart from the configured ones
    /// (`get-routes` output reflects the API, not a stage; `nil` means "assume every configured key is live").
    public var deployedRouteKeys: [String]?
    /// Stage names, when the file declares them.
    public var stages: [String]
    /// Where the configuration came from, for messages (`template.yaml`, `serverless.yml`, …).
    public var source: String?

    /// Creates a route configuration.
    public init(
        apiName: String? = nil, expression: String?, routeKeys: [String], deployedRouteKeys: [String]? = nil,
        stages: [String] = [], source: String? = nil
    ) {
        self.apiName = apiName
        self.expression = expression
        self.routeKeys = routeKeys
        self.deployedRouteKeys = deployedRouteKeys
        self.stages = stages
        self.source = source
    }
}
