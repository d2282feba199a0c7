/// Lint: the route selection expression does not parse (an unclosed `${`, a stray `$`, a malformed JSONPath).
///
/// Variables that are not `request.body` are reported by `non-body-variable` instead.
enum InvalidExpression: RouteConfigRule {
    static let code = "invalid-expression"

    static func findings(in input: RouteConfigLintInput) -> [Finding] {
        guard let error = input.parseError, error.code != .unsupportedVariable else { return [] }
        return [
            Finding(
                code: code, severity: .error,
                message:
                    "The route selection expression does not parse at column \(error.offset + 1): \(error.message).",
                parameter: "routeSelectionExpression", raw: error.expression,
                fix: "Use $request.body.<path> or ${request.body.<path>}, with \\$ for a literal dollar."
            )
        ]
    }
}
