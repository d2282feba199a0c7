import Foundation

/// Lint: the expression is wrapped in quote characters (`'$request.body.action'`).
///
/// Shell quoting that ends up inside the value is stored literally: the AWS CLI's own create-api example shows
/// `"RouteSelectionExpression": "'$request.body.action'"`. Every message then evaluates to `'join'` with the
/// quotes, and nothing matches.
enum QuotedExpression: RouteConfigRule {
    static let code = "quoted-expression"

    static func findings(in input: RouteConfigLintInput) -> [Finding] {
        guard let expression = input.expression else { return [] }
        let trimmed = expression.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let first = trimmed.first, trimmed.count >= 2, "'\"`".contains(first), trimmed.last == first
        else { return [] }
        let unquoted = String(trimmed.dropFirst().dropLast())
        return [
            Finding(
                code: code, severity: .error,
                message: "The route selection expression is wrapped in \(first) characters, which are part of the "
                    + "stored value, so every evaluated value carries them and matches no route key.",
                parameter: "routeSelectionExpression", raw: expression, decoded: unquoted,
                fix: "Store \(unquoted) without the quotes (in a shell, quote it once: --route-selection-expression "
                    + "'\(unquoted)')."
            )
        ]
    }
}
