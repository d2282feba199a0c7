/// Lint: a route key is empty.
///
/// An empty key would catch every message whose selected property is missing (a missing path evaluates to `""`),
/// hiding the mistake that `$default` would otherwise reveal; it is almost always a template variable that
/// expanded to nothing, such as an unquoted `$default` in a shell.
enum EmptyRouteKey: RouteConfigRule {
    static let code = "empty-route-key"

    static func findings(in input: RouteConfigLintInput) -> [Finding] {
        guard input.routeKeys.contains("") else { return [] }
        return [
            Finding(
                code: code, severity: .warning,
                message: "A route key is empty; in a shell, an unquoted $default expands to nothing.",
                parameter: "", raw: "",
                fix: "Quote reserved keys in shells ('$default') and give every custom route a name."
            )
        ]
    }
}
