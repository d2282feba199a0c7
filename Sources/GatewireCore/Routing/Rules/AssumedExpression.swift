/// Lint: a configuration without a route selection expression is resolved with an assumed one.
///
/// AWS requires the expression on a WebSocket API and has no default; CDK and the Serverless Framework fill in
/// `$request.body.action`. Gatewire assumes the same and says so, because the real API may use something else.
enum AssumedExpression: RouteConfigRule {
    static let code = "assumed-expression"

    static func findings(in input: RouteConfigLintInput) -> [Finding] {
        guard input.expression == nil else { return [] }
        return [
            Finding(
                code: code, severity: .info,
                message: "No route selection expression was given; assuming \(RouteSelectionExpression.assumedDefault)"
                    + ", the CDK and Serverless default (AWS itself has none).",
                parameter: "routeSelectionExpression",
                fix: "Pass the API's real expression (aws apigatewayv2 get-api shows RouteSelectionExpression)."
            )
        ]
    }
}
