/// The first line of a recording: who wrote it, when, from what source, and with which API configuration.
///
/// The `format` and `version` fields of the line are not stored here: the writer always writes
/// `RecordingFormat.name` and `RecordingFormat.version`, and the reader reports the version it found in
/// `Recording.version`.
public struct RecordingHeader: Hashable, Sendable {
    /// The program that wrote a recording.
    public struct Creator: Codable, Hashable, Sendable {
        /// The program's name, `gatewire` for this one.
        public var name: String
        /// The program's own version, unrelated to the format version.
        public var version: String

        /// Creates a creator.
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    /// The routing configuration in effect while the traffic was recorded, so that a replay or a later analysis
    /// resolves routes exactly as the live run did.
    public struct API: Codable, Hashable, Sendable {
        /// The route selection expression that was used.
        public var expression: String
        /// Whether `expression` was Gatewire's assumed default rather than one the user or a file gave.
        public var expressionAssumed: Bool
        /// The route keys that were configured, in configuration order.
        public var routeKeys: [String]
        /// The route keys known to be deployed, when they differ from the configured ones.
        public var deployedRouteKeys: [String]?
        /// The API's name, when known.
        public var apiName: String?
        /// The stage the traffic went to, when known.
        public var stage: String?
        /// The file the configuration was loaded from, when there was one.
        public var configurationSource: String?

        /// Creates an API description.
        public init(
            expression: String, expressionAssumed: Bool = false, routeKeys: [String],
            deployedRouteKeys: [String]? = nil, apiName: String? = nil, stage: String? = nil,
            configurationSource: String? = nil
        ) {
            self.expression = expression
            self.expressionAssumed = expressionAssumed
            self.routeKeys = routeKeys
            self.deployedRouteKeys = deployedRouteKeys
            self.apiName = apiName
            self.stage = stage
            self.configurationSource = configurationSource
        }

        /// Describes a loaded route configuration, filling in the assumed expression when it has none.
        ///
        /// - Parameters:
        ///   - configuration: the routing facts loaded from a file or flags.
        ///   - stage: the stage the traffic goes to, when known.
        ///   - assumedExpression: the expression to record when the configuration has none; API Gateway has no
        ///     default, and `$request.body.action` is the one CDK and the Serverless Framework use.
        public init(
            _ configuration: RouteConfiguration, stage: String? = nil,
            assumedExpression: String = "$request.body.action"
        ) {
            self.init(
                expression: configuration.expression ?? assumedExpression,
                expressionAssumed: configuration.expression == nil, routeKeys: configuration.routeKeys,
                deployedRouteKeys: configuration.deployedRouteKeys, apiName: configuration.apiName, stage: stage,
                configurationSource: configuration.source)
        }

        /// The recorded facts as a route configuration; an assumed expression becomes `nil` again.
        public var routeConfiguration: RouteConfiguration {
            RouteConfiguration(
                apiName: apiName, expression: expressionAssumed ? nil : expression, routeKeys: routeKeys,
                deployedRouteKeys: deployedRouteKeys, stages: stage.map { [$0] } ?? [], source: configurationSource)
        }
    }

    /// The program that wrote the recording.
    public var creator: Creator
    /// When recording started.
    public var startedAt: Timestamp
    /// Where the traffic came from.
    public var source: RecordingSource
    /// The routing configuration in effect, or `nil` when none was known.
    public var api: API?

    /// Creates a header.
    public init(creator: Creator, startedAt: Timestamp, source: RecordingSource, api: API? = nil) {
        self.creator = creator
        self.startedAt = startedAt
        self.source = source
        self.api = api
    }
}
