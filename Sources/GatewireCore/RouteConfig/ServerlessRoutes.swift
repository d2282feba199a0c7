/// Reads the WebSocket route configuration from a Serverless Framework `serverless.yml`.
///
/// Serverless creates one WebSocket API per service when any function has a `websocket` event. Route keys come
/// from `functions.*.events[].websocket`, short form (`websocket: $default`) or long form
/// (`websocket: { route: foo }`); the deprecated `serverless-websockets-plugin` wrote `routeKey:` instead. The
/// expression is `provider.websocketsApiRouteSelectionExpression` (the plugin's
/// `websocketApiRouteSelectionExpression`).
///
/// When the file sets no expression, the configuration carries `$request.body.action` rather than `nil`: that is
/// the value the Serverless Framework itself writes into the API it deploys (its `RouteSelectionExpression`
/// default), so it is a fact about the deployed API, not a guess of ours; a note says where it came from.
/// Likewise the stage defaults to `dev` and the API name to `<stage>-<service>-websockets`, as Serverless names it.
///
/// Serverless variables are resolved only when they point inside the same file (`${self:custom.routeKey}`);
/// `${opt:…}`, `${env:…}`, `${ssm:…}` and the like depend on the deploy command, so they are kept as text and
/// noted.
enum ServerlessRoutes {
    /// Serverless' route selection expression when `provider` sets none.
    static let defaultExpression = "$request.body.action"
    /// Serverless' stage when neither `provider.stage` nor `--stage` sets one.
    static let defaultStage = "dev"
    /// How many nested `${self:…}` references are followed before the text is kept as written.
    static let maxVariableDepth = 10

    /// Whether a document looks like a Serverless service definition.
    static func matches(_ root: ConfigNode) -> Bool {
        root["provider"] != nil || root["functions"] != nil || root["service"] != nil
    }

    /// Reads the service's WebSocket API.
    ///
    /// - Throws: `RouteConfigError` for a malformed file (naming the key path), or when no function has a
    ///   `websocket` event.
    static func load(_ root: ConfigNode, fileName: String) throws(RouteConfigError) -> [RouteConfiguration] {
        guard root.entries != nil else {
            throw RouteConfigError.wrongType(fileName, at: .root, expected: "a mapping", found: root)
        }
        let variables = ServerlessVariables(root: root)
        var notes: [String] = []
        func text(_ node: ConfigNode?, at path: ConfigPath) throws(RouteConfigError) -> String? {
            guard let node, !node.isNull else { return nil }
            guard let raw = node.scalarText else {
                throw RouteConfigError.wrongType(fileName, at: path, expected: "a string", found: node)
            }
            let resolved = variables.resolve(raw)
            if !resolved.isComplete {
                notes.append(
                    "\(path) is \(resolved.text): a Serverless variable resolved only at deploy time; kept as text"
                )
            }
            return resolved.text
        }

        let providerPath = ConfigPath("provider")
        let provider = root["provider"]
        if let provider, provider.entries == nil {
            throw RouteConfigError.wrongType(fileName, at: providerPath, expected: "a mapping", found: provider)
        }
        let routes = try routeKeys(root, fileName: fileName, text: text)
        guard !routes.keys.isEmpty else {
            let detail =
                routes.sawHTTPEvents
                ? "serverless.yml has only http/httpApi events, which make REST or HTTP APIs; "
                    + "a WebSocket API needs functions with `websocket` events"
                : "no function has a `websocket` event, so Serverless creates no WebSocket API"
            throw RouteConfigError.noWebSocketAPI(fileName, detail: detail)
        }

        var expression = try text(
            provider?["websocketsApiRouteSelectionExpression"],
            at: providerPath.appending("websocketsApiRouteSelectionExpression")
        )
        if expression == nil {
            expression = try text(
                provider?["websocketApiRouteSelectionExpression"],
                at: providerPath.appending("websocketApiRouteSelectionExpression")
            )
        }
        if let written = expression, written.contains("${request.") {
            notes.append(
                "the expression \(written) uses ${…}, which is also Serverless variable syntax; its documentation "
                    + "only shows the unbraced $request.body.x form, so check the deployed expression"
            )
        }
        if expression == nil {
            expression = defaultExpression
            notes.append(
                "serverless.yml sets no websocketsApiRouteSelectionExpression; the Serverless Framework deploys its "
                    + "default \(defaultExpression)"
            )
        }

        var stage = try text(provider?["stage"], at: providerPath.appending("stage"))
        if stage == nil {
            stage = defaultStage
            notes.append(
                "provider.stage is not set; Serverless deploys to \(defaultStage) unless --stage says otherwise")
        }
        var name = try text(provider?["websocketsApiName"], at: providerPath.appending("websocketsApiName"))
        if name == nil {
            name = try text(provider?["websocketApiName"], at: providerPath.appending("websocketApiName"))
        }
        if name == nil, let service = try serviceName(root, fileName: fileName, text: text) {
            // Serverless' naming: `${stage}-${service}-websockets` unless websocketsApiName is set.
            name = "\(stage ?? defaultStage)-\(service)-websockets"
        }
        return [
            RouteConfiguration(
                apiName: name, expression: expression, routeKeys: routes.keys, stages: [stage ?? defaultStage],
                source: fileName, notes: RouteConfiguration.union(notes, [])
            )
        ]
    }

    private typealias TextReader = (ConfigNode?, ConfigPath) throws(RouteConfigError) -> String?

    private static func serviceName(
        _ root: ConfigNode, fileName: String, text: TextReader
    ) throws(RouteConfigError) -> String? {
        guard let service = root["service"] else { return nil }
        // Old Serverless versions also accepted `service: { name: … }`.
        if service.entries != nil { return try text(service["name"], ConfigPath("service", "name")) }
        return try text(service, ConfigPath("service"))
    }

    private static func routeKeys(
        _ root: ConfigNode, fileName: String, text: TextReader
    ) throws(RouteConfigError) -> (keys: [String], sawHTTPEvents: Bool) {
        let functionsPath = ConfigPath("functions")
        guard let functions = root["functions"], !functions.isNull else { return ([], false) }
        var named: [(path: ConfigPath, function: ConfigNode)] = []
        if let entries = functions.entries {
            named = entries.map { (functionsPath.appending($0.key), $0.value) }
        } else if let list = functions.elements {
            // `functions:` may also be a list of single-function mappings (used to merge files).
            for (index, element) in list.enumerated() {
                guard let entries = element.entries else {
                    throw RouteConfigError.wrongType(
                        fileName, at: functionsPath.appending(index: index), expected: "a mapping", found: element
                    )
                }
                named += entries.map { (functionsPath.appending(index: index).appending($0.key), $0.value) }
            }
        } else {
            throw RouteConfigError.wrongType(fileName, at: functionsPath, expected: "a mapping", found: functions)
        }
        var keys: [String] = []
        var sawHTTPEvents = false
        for (path, function) in named {
            guard function.entries != nil else {
                throw RouteConfigError.wrongType(fileName, at: path, expected: "a mapping", found: function)
            }
            guard let events = function["events"], !events.isNull else { continue }
            guard let list = events.elements else {
                throw RouteConfigError.wrongType(
                    fileName, at: path.appending("events"), expected: "a list", found: events)
            }
            for (index, event) in list.enumerated() {
                let eventPath = path.appending("events").appending(index: index)
                guard event.entries != nil else {
                    throw RouteConfigError.wrongType(fileName, at: eventPath, expected: "a mapping", found: event)
                }
                if event["http"] != nil || event["httpApi"] != nil { sawHTTPEvents = true }
                guard let websocket = event["websocket"] else { continue }
                let websocketPath = eventPath.appending("websocket")
                if websocket.entries != nil {
                    let key = websocket["route"] != nil ? "route" : "routeKey"
                    guard let route = try text(websocket[key], websocketPath.appending(key)) else {
                        throw RouteConfigError.content(fileName, at: websocketPath.appending("route"), "missing")
                    }
                    keys.append(route)
                } else if let route = try text(websocket, websocketPath) {
                    keys.append(route)
                } else {
                    throw RouteConfigError.content(fileName, at: websocketPath, "missing a route key")
                }
            }
        }
        return (RouteConfiguration.union(keys, []), sawHTTPEvents)
    }
}
