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
    /// What the loader could not settle and the reader should know: a `RouteKey` written as `!ImportValue …` kept
    /// as text, a default the deploying tool fills in, a resource that exists only under a condition.
    public var notes: [String]

    /// Creates a route configuration.
    public init(
        apiName: String? = nil, expression: String?, routeKeys: [String], deployedRouteKeys: [String]? = nil,
        stages: [String] = [], source: String? = nil, notes: [String] = []
    ) {
        self.apiName = apiName
        self.expression = expression
        self.routeKeys = routeKeys
        self.deployedRouteKeys = deployedRouteKeys
        self.stages = stages
        self.source = source
        self.notes = notes
    }

    private enum CodingKeys: String, CodingKey {
        case apiName, expression, routeKeys, deployedRouteKeys, stages, source, notes
    }

    /// Decodes a configuration; `stages` and `notes` may be absent, as in files written before they existed.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        apiName = try container.decodeIfPresent(String.self, forKey: .apiName)
        expression = try container.decodeIfPresent(String.self, forKey: .expression)
        routeKeys = try container.decode([String].self, forKey: .routeKeys)
        deployedRouteKeys = try container.decodeIfPresent([String].self, forKey: .deployedRouteKeys)
        stages = try container.decodeIfPresent([String].self, forKey: .stages) ?? []
        source = try container.decodeIfPresent(String.self, forKey: .source)
        notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
    }

    /// Encodes a configuration; empty `notes` are left out so the JSON stays as small as before they existed.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(apiName, forKey: .apiName)
        try container.encodeIfPresent(expression, forKey: .expression)
        try container.encode(routeKeys, forKey: .routeKeys)
        try container.encodeIfPresent(deployedRouteKeys, forKey: .deployedRouteKeys)
        try container.encode(stages, forKey: .stages)
        try container.encodeIfPresent(source, forKey: .source)
        if !notes.isEmpty { try container.encode(notes, forKey: .notes) }
    }
}
