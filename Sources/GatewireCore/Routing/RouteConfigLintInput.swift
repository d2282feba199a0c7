/// What every route-configuration rule looks at, parsed once.
struct RouteConfigLintInput {
    /// The expression as written, or `nil` when none was given.
    var expression: String?
    /// The parsed expression, or the parse error; `nil` when no expression was given.
    var parsed: Result<RouteSelectionExpression, RouteSelectionExpressionError>?
    /// The configured route keys, reserved ones included.
    var routeKeys: [String]

    init(expression: String?, routeKeys: [String]) {
        self.expression = expression
        self.routeKeys = routeKeys
        self.parsed = expression.map { text in
            Result { () throws(RouteSelectionExpressionError) in try RouteSelectionExpression(text) }
        }
    }

    /// The parsed expression, when there is one and it parses.
    var parsedExpression: RouteSelectionExpression? { try? parsed?.get() }

    /// The parse error, when the expression does not parse.
    var parseError: RouteSelectionExpressionError? {
        guard case .failure(let error) = parsed else { return nil }
        return error
    }

    /// The route keys that are not one of AWS's three reserved keys.
    var customRouteKeys: [String] { routeKeys.filter { !RouteTable.reservedKeys.contains($0) } }
}
