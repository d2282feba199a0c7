import Foundation

/// Lint: the expression has leading or trailing whitespace.
///
/// Whitespace outside a variable is literal text, so `$request.body.action ` evaluates to `join ` and matches no
/// route key; it usually comes from copying or templating.
enum WhitespaceExpression: RouteConfigRule {
    static let code = "whitespace-expression"

    static func findings(in input: RouteConfigLintInput) -> [Finding] {
        guard let expression = input.expression else { return [] }
        let trimmed = expression.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed != expression, !trimmed.isEmpty else { return [] }
        return [
            Finding(
                code: code, severity: .warning,
                message: "The route selection expression has whitespace around it, which becomes part of every "
                    + "evaluated value.",
                parameter: "routeSelectionExpression", raw: expression, decoded: trimmed,
                fix: "Remove the surrounding whitespace: \(trimmed)"
            )
        ]
    }
}
