/// Reads the JSON that `aws apigatewayv2` prints: `get-api` (one API), `get-apis` (`{"Items": [APIs]}`),
/// `get-routes` (`{"Items": [routes]}`), `get-route`, `get-stages` and `get-stage`.
///
/// The CLI prints PascalCase keys (`RouteKey`); the REST API underneath (and SDKs that pass it through) uses
/// lower camel case (`items`, `routeKey`), so both spellings are read. `get-routes` output has no expression and
/// no API name, and `get-api` output has no routes: the user passes both files and they are merged (see
/// `RouteConfigurationSet`).
enum APIGatewayCLIOutput {
    /// Which command printed the document.
    private enum Shape {
        case apis([ConfigNode], path: ConfigPath)
        case routes([ConfigNode], path: ConfigPath)
        case stages([ConfigNode], path: ConfigPath)
    }

    /// Whether a document looks like `aws apigatewayv2` output.
    static func matches(_ root: ConfigNode) -> Bool {
        items(root) != nil || isAPI(root) || isRoute(root) || isStage(root)
    }

    private static func field(_ node: ConfigNode, _ pascalCase: String) -> ConfigNode? {
        node[pascalCase] ?? node[pascalCase.prefix(1).lowercased() + pascalCase.dropFirst()]
    }

    private static func items(_ root: ConfigNode) -> ConfigNode? {
        root["Items"] ?? root["items"]
    }

    private static func isAPI(_ node: ConfigNode) -> Bool {
        field(node, "ProtocolType") != nil || field(node, "RouteSelectionExpression") != nil
            || field(node, "ApiEndpoint") != nil
    }

    private static func isRoute(_ node: ConfigNode) -> Bool { field(node, "RouteKey") != nil }

    private static func isStage(_ node: ConfigNode) -> Bool { field(node, "StageName") != nil }

    /// Reads the APIs, routes or stages the document lists.
    ///
    /// - Throws: `RouteConfigError` for a document of another shape, values of the wrong type, or output listing
    ///   only HTTP APIs.
    static func load(_ root: ConfigNode, fileName: String) throws(RouteConfigError) -> [RouteConfiguration] {
        let shape = try shape(of: root, fileName: fileName)
        var notes: [String] = []
        if let token = field(root, "NextToken"), !token.isNull {
            notes.append(
                "the output has a NextToken, so it is one page of several; fetch the rest (or drop --max-items)"
            )
        }
        switch shape {
        case .apis(let apis, let path):
            return try readAPIs(apis, at: path, fileName: fileName, notes: notes)
        case .routes(let routes, let path):
            let keys = try strings(routes, key: "RouteKey", at: path, fileName: fileName)
            let httpStyle = keys.filter { $0 != "$default" }
            if !httpStyle.isEmpty, httpStyle.allSatisfy(looksLikeHTTPRouteKey) {
                throw RouteConfigError.noWebSocketAPI(
                    fileName,
                    detail: "the route keys (\(keys.joined(separator: ", "))) are HTTP API routes ('METHOD /path'), "
                        + "which WebSocket route selection never produces"
                )
            }
            return [
                RouteConfiguration(
                    expression: nil, routeKeys: RouteConfiguration.union(keys, []), source: fileName, notes: notes
                )
            ]
        case .stages(let stages, let path):
            let names = try strings(stages, key: "StageName", at: path, fileName: fileName)
            return [
                RouteConfiguration(
                    expression: nil, routeKeys: [], stages: RouteConfiguration.union(names, []), source: fileName,
                    notes: notes
                )
            ]
        }
    }

    private static func shape(of root: ConfigNode, fileName: String) throws(RouteConfigError) -> Shape {
        guard root.entries != nil else {
            throw RouteConfigError.wrongType(fileName, at: .root, expected: "a mapping", found: root)
        }
        if let items = items(root) {
            let path = ConfigPath(root["Items"] != nil ? "Items" : "items")
            guard let list = items.elements else {
                throw RouteConfigError.wrongType(fileName, at: path, expected: "a list", found: items)
            }
            guard let first = list.first else {
                throw RouteConfigError.content(
                    fileName, at: path, "the list is empty, so it names no WebSocket API, route or stage"
                )
            }
            if isRoute(first) { return .routes(list, path: path) }
            if isStage(first) { return .stages(list, path: path) }
            if isAPI(first) || field(first, "Name") != nil { return .apis(list, path: path) }
            throw RouteConfigError.content(
                fileName, at: path.appending(index: 0),
                "expected an API (ProtocolType), a route (RouteKey) or a stage (StageName)"
            )
        }
        if isRoute(root) { return .routes([root], path: .root) }
        if isAPI(root) { return .apis([root], path: .root) }
        if isStage(root) { return .stages([root], path: .root) }
        throw RouteConfigError.unknownFormat(fileName)
    }

    private static func readAPIs(
        _ apis: [ConfigNode], at path: ConfigPath, fileName: String, notes: [String]
    ) throws(RouteConfigError) -> [RouteConfiguration] {
        var configurations: [RouteConfiguration] = []
        var httpAPIs: [String] = []
        for (index, api) in apis.enumerated() {
            let apiPath = path.components.isEmpty ? path : path.appending(index: index)
            guard api.entries != nil else {
                throw RouteConfigError.wrongType(fileName, at: apiPath, expected: "a mapping", found: api)
            }
            let protocolType = try string(api, "ProtocolType", at: apiPath, fileName: fileName)
            let name = try string(api, "Name", at: apiPath, fileName: fileName)
            let identifier = try string(api, "ApiId", at: apiPath, fileName: fileName)
            guard protocolType?.uppercased() != "HTTP" else {
                httpAPIs.append(name ?? identifier ?? "unnamed")
                continue
            }
            var apiNotes = notes
            let expression = try string(api, "RouteSelectionExpression", at: apiPath, fileName: fileName)
            if expression == nil {
                apiNotes.append("\(apiPath) has no RouteSelectionExpression")
            }
            configurations.append(
                RouteConfiguration(
                    apiName: name ?? identifier, expression: expression, routeKeys: [], source: fileName,
                    notes: apiNotes
                )
            )
        }
        guard configurations.isEmpty else { return configurations }
        throw RouteConfigError.noWebSocketAPI(fileName, httpAPIs: httpAPIs, detail: "the list holds no API")
    }

    private static func string(
        _ node: ConfigNode, _ key: String, at path: ConfigPath, fileName: String
    ) throws(RouteConfigError) -> String? {
        let spelled = node[key] != nil ? key : key.prefix(1).lowercased() + key.dropFirst()
        guard let value = node[spelled], !value.isNull else { return nil }
        guard let text = value.scalarText else {
            throw RouteConfigError.wrongType(fileName, at: path.appending(spelled), expected: "a string", found: value)
        }
        return text
    }

    private static func strings(
        _ nodes: [ConfigNode], key: String, at path: ConfigPath, fileName: String
    ) throws(RouteConfigError) -> [String] {
        var values: [String] = []
        for (index, node) in nodes.enumerated() {
            let itemPath = path.components.isEmpty ? path : path.appending(index: index)
            guard node.entries != nil else {
                throw RouteConfigError.wrongType(fileName, at: itemPath, expected: "a mapping", found: node)
            }
            guard let value = try string(node, key, at: itemPath, fileName: fileName) else {
                throw RouteConfigError.content(fileName, at: itemPath.appending(key), "missing")
            }
            values.append(value)
        }
        return values
    }

    /// HTTP API route keys are `METHOD /path` (`ANY /admin`, `GET /items/{id}`).
    private static func looksLikeHTTPRouteKey(_ key: String) -> Bool {
        let methods = ["ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        return methods.contains { key.hasPrefix($0 + " /") }
    }
}
