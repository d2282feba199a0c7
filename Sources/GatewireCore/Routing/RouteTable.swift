/// The route keys a message can be sent to, and which configured keys are not live on the stage.
///
/// `$connect` and `$disconnect` are lifecycle routes: the gateway runs them when a connection opens and closes and
/// never selects them with the route selection expression (AWS route docs; LocalStack once got this wrong,
/// localstack#7153). They may be in the table, but a message evaluating to `$connect` still falls through.
public struct RouteTable: Hashable, Sendable {
    /// The reserved key run while the WebSocket upgrade is pending.
    public static let connect = "$connect"
    /// The reserved key run after the connection closes.
    public static let disconnect = "$disconnect"
    /// The reserved key that handles messages no other key matches, and messages that are not JSON.
    public static let `default` = "$default"
    /// The three keys AWS reserves; custom keys may not start with `$`.
    public static let reservedKeys: Set<String> = [connect, disconnect, `default`]

    /// The keys live on the stage, in the order given.
    public var routeKeys: [String]
    /// Keys the configuration declares that the deployed stage does not have yet: a message matching one gets the
    /// same `Forbidden` frame (or `$default`) as an unknown key until the API is redeployed.
    public var undeployedRouteKeys: [String]
    /// Whether the API's route keys are known at all. When they are not (a proxy started without `--routes`),
    /// resolution reports the evaluated value and claims no route, instead of pretending the API has none.
    public var routesKnown: Bool = true

    /// A table for an API whose route keys are unknown.
    public static let unknown: RouteTable = {
        var table = RouteTable(routeKeys: [])
        table.routesKnown = false
        return table
    }()

    /// Creates a table from live keys and, optionally, configured keys that are not deployed.
    public init(routeKeys: [String], undeployedRouteKeys: [String] = []) {
        self.routeKeys = routeKeys
        self.undeployedRouteKeys = undeployedRouteKeys.filter { !routeKeys.contains($0) }
    }

    /// Creates a table from a configuration: its `deployedRouteKeys` are live when present (configured keys missing
    /// from them are undeployed), otherwise every configured key is assumed live.
    public init(configuration: RouteConfiguration) {
        if configuration.routeKeys.isEmpty && configuration.deployedRouteKeys == nil {
            self = .unknown
        } else if let deployed = configuration.deployedRouteKeys {
            self.init(routeKeys: deployed, undeployedRouteKeys: configuration.routeKeys)
        } else {
            self.init(routeKeys: configuration.routeKeys)
        }
    }

    /// Whether a live `$default` route exists.
    public var hasDefault: Bool { routeKeys.contains(RouteTable.default) }

    /// The live keys a message can select: every key except `$connect` and `$disconnect`.
    public var selectableKeys: [String] {
        routeKeys.filter { $0 != RouteTable.connect && $0 != RouteTable.disconnect }
    }

    /// Whether a message whose expression evaluated to `value` is handled by the route `value`.
    ///
    /// The match is exact and case-sensitive: AWS "uses the route whose routeKey exactly matches the evaluated
    /// value". Exact means byte for byte: Swift's `==` would take a key written in another Unicode normal form (`é`
    /// as one scalar, or as `e` and a combining accent) for the key.
    public func selects(_ value: String) -> Bool {
        selectableKeys.containsSameUTF8(as: value)
    }
}
