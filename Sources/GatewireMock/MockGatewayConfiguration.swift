public import Foundation
public import GatewireCore

/// Everything a mock gateway needs to start: where it listens, which stages and routes it serves, what answers
/// the routes, and the gateway limits it enforces.
///
/// The same value is built by `gatewire mock`, `gatewire replay` and the tests, so a test exercises exactly what
/// the command runs.
public struct MockGatewayConfiguration: Sendable {
    /// The address to bind; loopback by default, because a mock gateway has no authentication.
    public var host: String
    /// The TCP port; `0` picks a free one (read it back from `MockGateway.port`).
    public var port: Int
    /// Stage names the gateway serves at `/{stage}`; a path that is not a stage is refused with 403, as API
    /// Gateway does for an extra path after the stage (reference §2.2).
    public var stages: [String]
    /// The API's route selection expression, or `nil` for Gatewire's assumed default `$request.body.action`.
    public var routeSelectionExpression: String?
    /// Route keys the API declares, including `$connect`, `$disconnect` and `$default` when present.
    public var routeKeys: [String]
    /// How `$connect` query strings are decoded for the events; AWS does not document it, so it is a switch
    /// (default: form-style `+` to space, one percent-decoding, last duplicate wins, inferred from REST v1).
    public var queryDecoding: QueryDecodingPolicy
    /// The API id used in events (`requestContext.apiId`).
    public var apiID: String
    /// The gateway's fixed limits: frame and message sizes, idle timeout and connection lifetime.
    public var limits: GatewayLimits
    /// Whether idle and lifetime limits close connections (they are real gateway behaviour, but a long manual
    /// session may not want them).
    public var enforcesTimeLimits: Bool
    /// A factor applied to the idle timeout and connection lifetime, so tests can turn 10 minutes into seconds
    /// (`0.01` makes the idle timeout 6 s).
    public var timeScale: Double
    /// How long to wait for the client's close frame after the gateway sent one, before dropping the TCP
    /// connection (RFC 6455 §7.1.1: the server should close the TCP connection first, after the handshake).
    public var closeHandshakeTimeout: Double
    /// What answers `$connect`, messages and `$disconnect`.
    public var backend: MockBackendConfiguration
    /// Gateway faults applied without being asked (`--fault`); more can be injected over HTTP at
    /// `POST /{stage}/@gatewire/faults/{connectionId}`.
    public var faults: [MockFaultRule]
    /// Seconds each client message waits before its integration sees it (`--latency`): a slow gateway or a cold
    /// Lambda. 0 for none.
    public var latency: Double

    /// Creates a configuration; defaults describe one stage `prod` with no routes and no integrations.
    public init(
        host: String = "127.0.0.1", port: Int = 0, stages: [String] = ["prod"],
        routeSelectionExpression: String? = nil, routeKeys: [String] = [],
        queryDecoding: QueryDecodingPolicy = .gateway,
        apiID: String = "gatewiremock",
        limits: GatewayLimits = .apiGateway, enforcesTimeLimits: Bool = true, timeScale: Double = 1,
        closeHandshakeTimeout: Double = 5, backend: MockBackendConfiguration = .integrations(IntegrationSettings()),
        faults: [MockFaultRule] = [], latency: Double = 0
    ) {
        self.host = host
        self.port = port
        self.stages = stages
        self.routeSelectionExpression = routeSelectionExpression
        self.routeKeys = routeKeys
        self.queryDecoding = queryDecoding
        self.apiID = apiID
        self.limits = limits
        self.enforcesTimeLimits = enforcesTimeLimits
        self.timeScale = timeScale
        self.closeHandshakeTimeout = closeHandshakeTimeout
        self.backend = backend
        self.faults = faults
        self.latency = latency
    }

    /// The idle timeout in seconds after scaling.
    var scaledIdleTimeout: Double { limits.idleTimeout * timeScale }
    /// The connection lifetime in seconds after scaling.
    var scaledLifetime: Double { limits.maxConnectionDuration * timeScale }
}

/// What stands behind the mock gateway's routes.
public enum MockBackendConfiguration: Sendable {
    /// Lambda-style HTTP integrations (or none: messages are then only routed and logged).
    case integrations(IntegrationSettings)
    /// A recording answers: each connection is matched to a recorded one and its server side is replayed.
    case replay(ReplayScript, ReplayOptions)
    /// A built-in backend echoes one body member on some routes (`EchoSettings`); the gateway answers the rest.
    case echo(EchoSettings)
}

/// The built-in echo backend: which routes echo, and which member of the message body they send back.
public struct EchoSettings: Sendable, Hashable {
    /// Route keys whose messages are echoed.
    public var routes: Set<String>
    /// The top-level member of the JSON body sent back (`data` in the simple backend).
    public var member: String

    /// Creates echo settings.
    public init(routes: Set<String>, member: String) {
        self.routes = routes
        self.member = member
    }
}

/// Which HTTP endpoint receives the Lambda proxy event of each route.
public struct IntegrationSettings: Sendable {
    /// Route key to endpoint (`$connect`, `$disconnect`, `$default` or a custom key).
    public var routes: [String: URL]
    /// The endpoint for every route without its own entry, or `nil`.
    public var fallback: URL?
    /// Routes whose integration `body` is sent back to the client (API Gateway sends nothing back unless the
    /// route has a route response, reference §2.5). `*` makes every route two-way.
    public var twoWayRoutes: Set<String>
    /// Seconds to wait for an integration; API Gateway's integration timeout is at most 29 s (reference §5.1).
    public var timeout: Double
    /// The most bytes of an integration's HTTP response body the mock reads. 6 MiB is Lambda's own limit on a
    /// synchronous invocation's response payload, so no real integration answers more; past it the mock stops
    /// reading, closes the integration connection, and fails the call as API Gateway does
    /// (`integration-response-too-large`; the client gets `Internal server error`, or 502 for `$connect`).
    public var maxResponseSize: Int

    /// Creates integration settings.
    public init(
        routes: [String: URL] = [:], fallback: URL? = nil, twoWayRoutes: Set<String> = [], timeout: Double = 29,
        maxResponseSize: Int = 6 << 20
    ) {
        self.routes = routes
        self.fallback = fallback
        self.twoWayRoutes = twoWayRoutes
        self.timeout = timeout
        self.maxResponseSize = maxResponseSize
    }

    /// The endpoint for a route key, if any.
    public func endpoint(for routeKey: String) -> URL? { routes[routeKey] ?? fallback }

    /// Whether the route sends its integration's `body` back to the client.
    public func isTwoWay(_ routeKey: String) -> Bool { twoWayRoutes.contains("*") || twoWayRoutes.contains(routeKey) }
}
