/// Checks a route selection expression and route keys for the mistakes that make messages miss their route.
///
/// Each rule is its own type in `Rules/`, named after its finding code. Findings come in rule order: expression
/// rules first, then route-key rules in key order.
public enum RouteConfigLinter {
    /// Every rule, in the order their findings are reported.
    static let rules: [any RouteConfigRule.Type] = [
        AssumedExpression.self,
        InvalidExpression.self,
        NonBodyVariable.self,
        QuotedExpression.self,
        WhitespaceExpression.self,
        StaticExpression.self,
        ReservedPrefixRouteKey.self,
        EmptyRouteKey.self,
        WhitespaceRouteKey.self,
    ]

    /// The stable codes of every rule (`static-expression`, `quoted-expression`, …).
    public static var codes: [String] { rules.map { $0.code } }

    /// Lints an expression and its route keys.
    ///
    /// - Parameters:
    ///   - expression: the route selection expression as written, or `nil` when the configuration has none.
    ///   - routeKeys: the configured route keys, reserved ones included.
    /// - Returns: the findings, empty when everything looks right.
    public static func lint(expression: String?, routeKeys: [String]) -> [Finding] {
        let input = RouteConfigLintInput(expression: expression, routeKeys: routeKeys)
        return rules.flatMap { $0.findings(in: input) }
    }

    /// Lints a loaded route configuration's expression and configured keys.
    public static func lint(configuration: RouteConfiguration) -> [Finding] {
        lint(expression: configuration.expression, routeKeys: configuration.routeKeys)
    }
}
