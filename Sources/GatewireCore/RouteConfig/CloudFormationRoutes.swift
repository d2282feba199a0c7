/// Reads WebSocket route configurations from a CloudFormation template: hand-written, SAM, or CDK synth output
/// (`cdk.out/*.template.json`, which is plain CloudFormation JSON with generated logical ids).
///
/// A WebSocket API is an `AWS::ApiGatewayV2::Api` with `ProtocolType: WEBSOCKET`; its routes are the
/// `AWS::ApiGatewayV2::Route` resources whose `ApiId` refers to it (`!Ref Api`, `!GetAtt Api.ApiId`), and its
/// stages the `AWS::ApiGatewayV2::Stage` resources likewise. SAM has no WebSocket resource type, so SAM templates
/// use the same raw resources (aws-sam-cli#896). HTTP APIs are skipped: they have no route selection expression.
enum CloudFormationRoutes {
    /// Whether a document looks like a CloudFormation template.
    static func matches(_ root: ConfigNode) -> Bool {
        root["Resources"] != nil || root["AWSTemplateFormatVersion"] != nil
    }

    /// Everything the template says about one `AWS::ApiGatewayV2::Api`.
    private struct API {
        var logicalID: String
        var isWebSocket: Bool
        var name: String
        var expression: String?
        var notes: [String]
    }

    /// A route or stage: its value and the API it belongs to.
    private struct Member {
        var value: String
        /// The API's logical id when `ApiId` refers to a resource in the template, else its text (an API made
        /// elsewhere, e.g. `!ImportValue ChatApiId` or a literal id).
        var apiReference: String
        var isLocal: Bool
        var notes: [String]
    }

    private static let apiType = "AWS::ApiGatewayV2::Api"
    private static let routeType = "AWS::ApiGatewayV2::Route"
    private static let stageType = "AWS::ApiGatewayV2::Stage"

    /// Reads every WebSocket API the template declares, plus one configuration per API outside the template that
    /// routes here attach to.
    ///
    /// - Throws: `RouteConfigError` for a malformed template (naming the key path), or when it declares no
    ///   WebSocket API at all.
    static func load(_ root: ConfigNode, fileName: String) throws(RouteConfigError) -> [RouteConfiguration] {
        guard root.entries != nil else {
            throw RouteConfigError.wrongType(fileName, at: .root, expected: "a mapping", found: root)
        }
        let resourcesPath = ConfigPath("Resources")
        guard let resources = root["Resources"] else {
            throw RouteConfigError.content(fileName, at: resourcesPath, "missing; a template declares its API there")
        }
        guard let entries = resources.entries else {
            throw RouteConfigError.wrongType(fileName, at: resourcesPath, expected: "a mapping", found: resources)
        }
        let intrinsics = CloudFormationIntrinsics(template: root, fileName: fileName)
        var apis: [API] = []
        var routes: [Member] = []
        var stages: [Member] = []
        for (logicalID, resource) in entries {
            let path = resourcesPath.appending(logicalID)
            guard resource.entries != nil else {
                throw RouteConfigError.wrongType(fileName, at: path, expected: "a mapping", found: resource)
            }
            guard let typeNode = resource["Type"] else {
                throw RouteConfigError.content(fileName, at: path.appending("Type"), "missing")
            }
            guard let type = typeNode.scalarText else {
                throw RouteConfigError.wrongType(
                    fileName, at: path.appending("Type"), expected: "a string", found: typeNode)
            }
            guard [apiType, routeType, stageType].contains(type) else { continue }
            let propertiesPath = path.appending("Properties")
            guard let properties = resource["Properties"] else {
                throw RouteConfigError.content(fileName, at: propertiesPath, "missing (\(type) needs properties)")
            }
            guard properties.entries != nil else {
                throw RouteConfigError.wrongType(fileName, at: propertiesPath, expected: "a mapping", found: properties)
            }
            var notes: [String] = []
            if let condition = resource["Condition"]?.scalarText {
                notes.append("\(logicalID) exists only when the template condition \(condition) holds")
            }
            let reader = PropertyReader(
                properties: properties, path: propertiesPath, intrinsics: intrinsics, fileName: fileName
            )
            switch type {
            case apiType:
                apis.append(try readAPI(logicalID: logicalID, reader: reader, notes: notes))
            case routeType:
                routes.append(try readMember(reader: reader, key: "RouteKey", notes: notes))
            default:
                stages.append(try readMember(reader: reader, key: "StageName", notes: notes))
            }
        }
        return try assemble(apis: apis, routes: routes, stages: stages, fileName: fileName)
    }

    private static func readAPI(
        logicalID: String, reader: PropertyReader, notes: [String]
    ) throws(RouteConfigError) -> API {
        var api = API(logicalID: logicalID, isWebSocket: false, name: logicalID, notes: notes)
        // ProtocolType is required unless the API is imported from OpenAPI (`Body`), which only HTTP APIs allow.
        if let protocolType = try reader.text("ProtocolType") {
            api.isWebSocket = protocolType.text.uppercased() == "WEBSOCKET"
        }
        if let name = try reader.text("Name") {
            if name.isComplete {
                api.name = name.text
            } else {
                api.notes.append(
                    "the API's Name is \(name.text), known only after deployment; it is called \(logicalID) here"
                )
            }
        }
        if let expression = try reader.text("RouteSelectionExpression") {
            api.expression = expression.text
            if !expression.isComplete {
                api.notes.append(
                    "RouteSelectionExpression is \(expression.text), which only CloudFormation can resolve; "
                        + "it is kept as written"
                )
            }
        } else if api.isWebSocket {
            // AWS: "For WebSocket APIs, there is no default value"; CloudFormation rejects the API without one.
            api.notes.append("\(logicalID) has no RouteSelectionExpression, which a WebSocket API requires")
        }
        return api
    }

    private static func readMember(
        reader: PropertyReader, key: String, notes: [String]
    ) throws(RouteConfigError) -> Member {
        guard let value = try reader.text(key) else {
            throw RouteConfigError.content(reader.fileName, at: reader.path.appending(key), "missing")
        }
        guard let apiID = reader.properties["ApiId"] else {
            throw RouteConfigError.content(reader.fileName, at: reader.path.appending("ApiId"), "missing")
        }
        var member = Member(value: value.text, apiReference: "", isLocal: false, notes: notes)
        if !value.isComplete {
            member.notes.append(
                "\(reader.path.appending(key)) is \(value.text), which only CloudFormation can resolve; "
                    + "it is kept as written"
            )
        }
        if let logicalID = CloudFormationIntrinsics.referencedLogicalID(apiID),
            reader.intrinsics.parameters[logicalID] == nil
        {
            member.apiReference = logicalID
            member.isLocal = true
        } else {
            member.apiReference = try reader.intrinsics.text(of: apiID, at: reader.path.appending("ApiId")).text
        }
        return member
    }

    private static func assemble(
        apis: [API], routes: [Member], stages: [Member], fileName: String
    ) throws(RouteConfigError) -> [RouteConfiguration] {
        var configurations: [RouteConfiguration] = []
        let localIDs = Set(apis.map(\.logicalID))
        for api in apis where api.isWebSocket {
            let ownRoutes = routes.filter { $0.isLocal && $0.apiReference == api.logicalID }
            let ownStages = stages.filter { $0.isLocal && $0.apiReference == api.logicalID }
            configurations.append(
                RouteConfiguration(
                    apiName: api.name, expression: api.expression,
                    routeKeys: RouteConfiguration.union(ownRoutes.map(\.value), []),
                    stages: RouteConfiguration.union(ownStages.map(\.value), []), source: fileName,
                    notes: RouteConfiguration.union(api.notes, (ownRoutes + ownStages).flatMap(\.notes))
                )
            )
        }
        // Routes whose ApiId names no API resource here belong to an API created elsewhere (another stack, the
        // console); they are still worth reporting, grouped by how the template names that API.
        let foreignRoutes = routes.filter { !localIDs.contains($0.apiReference) }
        let foreignAPIs = RouteConfiguration.union(foreignRoutes.map(\.apiReference), [])
        for reference in foreignAPIs {
            let ownRoutes = foreignRoutes.filter { $0.apiReference == reference }
            let ownStages = stages.filter { $0.apiReference == reference }
            let origin =
                "the routes belong to an API not declared in this file (ApiId: \(reference)), "
                + "so its route selection expression is unknown here"
            configurations.append(
                RouteConfiguration(
                    apiName: nil, expression: nil, routeKeys: RouteConfiguration.union(ownRoutes.map(\.value), []),
                    stages: RouteConfiguration.union(ownStages.map(\.value), []), source: fileName,
                    notes: RouteConfiguration.union([origin], (ownRoutes + ownStages).flatMap(\.notes))
                )
            )
        }
        guard configurations.isEmpty else { return configurations }
        let httpAPIs = apis.filter { !$0.isWebSocket }.map(\.name)
        throw RouteConfigError.noWebSocketAPI(
            fileName, httpAPIs: httpAPIs,
            detail: "the template declares no \(apiType) with ProtocolType WEBSOCKET and no \(routeType) "
                + "(SAM has no WebSocket resource type; WebSocket APIs use the AWS::ApiGatewayV2 resources)"
        )
    }
}

/// Reads string properties of one resource, resolving intrinsics and naming the key path in errors.
private struct PropertyReader {
    let properties: ConfigNode
    let path: ConfigPath
    let intrinsics: CloudFormationIntrinsics
    let fileName: String

    /// The property's text, or `nil` when it is absent or `!Ref AWS::NoValue`.
    func text(_ key: String) throws(RouteConfigError) -> CloudFormationIntrinsics.Text? {
        guard let node = properties[key] else { return nil }
        if let (name, argument) = CloudFormationIntrinsics.function(of: node), name == "Ref",
            argument.scalarText == "AWS::NoValue"
        {
            return nil
        }
        return try intrinsics.text(of: node, at: path.appending(key))
    }
}
