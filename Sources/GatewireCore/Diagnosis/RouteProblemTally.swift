/// Counts client messages that fell to `$default` or were refused, grouped by the value their route selection
/// expression produced (with the outcome and reason, so one value refused for two reasons makes two groups).
///
/// Falling to `$default` counts only when the API has other routes a message could have meant: with `$default`
/// as the only route, that is the design.
struct RouteProblemTally: Sendable {
    private struct GroupKey: Hashable {
        var value: String?
        var outcome: RouteResolution.Outcome
        var reason: RouteResolution.Reason
    }

    /// The longest example text kept.
    static let exampleLength = 200

    private var order: [GroupKey] = []
    private var groups: [GroupKey: RouteProblem] = [:]

    /// Counts one analyzed message if its route is a problem.
    ///
    /// - Parameters:
    ///   - message: an analyzed client message (others are ignored).
    ///   - connection: the connection it was sent on.
    ///   - routes: the route keys known for its input, to suggest keys in the fix.
    mutating func count(_ message: MessageEvent, connection: DiagnosedConnection, routes: RouteConfiguration?) {
        guard message.direction == .client, let resolution = message.resolution,
            resolution.outcome == .rejected
                || (resolution.outcome == .fellToDefault && Self.hasCustomRoutes(routes))
        else { return }
        let key = GroupKey(value: resolution.value, outcome: resolution.outcome, reason: resolution.reason)
        if var group = groups[key] {
            group.count += 1
            if !group.connections.contains(where: {
                $0.input == connection.input && $0.connection == connection.connection
            }) {
                group.connections.append(connection)
            }
            groups[key] = group
            return
        }
        order.append(key)
        let text = message.text ?? "(\(message.size) bytes, not UTF-8)"
        groups[key] = RouteProblem(
            value: resolution.value, outcome: resolution.outcome, reason: resolution.reason,
            severity: resolution.outcome == .rejected ? .error : .warning, count: 1, connections: [connection],
            firstSeen: message.time, expression: resolution.expression,
            expressionAssumed: resolution.expressionAssumed, explanation: resolution.explanation,
            hints: resolution.hints, fix: Self.fix(for: resolution, routes: routes),
            example: text.count > Self.exampleLength ? String(text.prefix(Self.exampleLength - 1)) + "…" : text,
            reply: resolution.reply)
    }

    /// Whether the API has a route besides `$default` that a message can select; when `$default` is the only one,
    /// every message goes there by design and falling to it is no problem.
    static func hasCustomRoutes(_ routes: RouteConfiguration?) -> Bool {
        guard let routes else { return false }
        let table = RouteTable(configuration: routes)
        return table.selectableKeys.contains { $0 != RouteTable.default }
            || !table.undeployedRouteKeys.filter { !RouteTable.reservedKeys.contains($0) }.isEmpty
    }

    /// The groups in order of their first message.
    var problems: [RouteProblem] { order.compactMap { groups[$0] } }

    /// What to change: the first hint's advice when there is one, otherwise what the reason calls for.
    static func fix(for resolution: RouteResolution, routes: RouteConfiguration?) -> String {
        let keys = (routes?.routeKeys ?? []).filter { !$0.hasPrefix("$") }
        let someKeys = keys.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
        let choose = keys.isEmpty ? "" : " (route keys: \(someKeys)\(keys.count > 5 ? ", …" : ""))"
        if let hint = resolution.hints.first {
            let key = "\"\(hint.routeKey)\""
            switch hint.kind {
            case .leadingDollar:
                return "Send \(key) without the leading `$`: custom route keys never start with `$`."
            case .unicodeForm:
                return "Send \(key) in the same Unicode normal form as the route key, byte for byte (normalise "
                    + "both to NFC, for example with String.prototype.normalize in JavaScript)."
            case .caseOnly:
                return "Send \(key) with exactly this case: route keys match case-sensitively."
            case .whitespace:
                return "Send \(key) without the surrounding whitespace."
            case .quoted:
                return "Store the route selection expression without the shell's quote characters, so values are "
                    + "not wrapped in them."
            case .editDistance:
                return "Send \(key) (check the spelling), or add a route for the value sent."
            case .otherProperty:
                return "Make the client and the expression \(resolution.expression) agree on the field that carries "
                    + "the route key (\(key))."
            case .notDeployed:
                return "Redeploy the API so that the stage has the route \(key)."
            }
        }
        switch resolution.reason {
        case .notJSON, .notObject:
            return "Send a JSON object carrying the route key where \(resolution.expression) reads it\(choose), or "
                + "handle such messages on $default on purpose."
        case .propertyMissing:
            return "Add the field \(resolution.expression) reads to the message\(choose)."
        case .staticExpression:
            return "Put `$` before the variable in the route selection expression (for example "
                + "`$request.body.action`); without it every message gets the same static text."
        case .noSuchKey:
            let value = resolution.value.map { "\"\($0)\"" } ?? "this value"
            return "Send one of the API's route keys\(choose), or add a route for \(value) and deploy it."
        case .matched, .binaryFrame, .routesUnknown:
            return "Nothing to change."
        }
    }
}
