/// Lint: the expression has no `$` variable, so every message evaluates to the same static text.
///
/// AWS documents static values (`action`, `\$default`) as legitimate, so this is informational when the text names
/// a configured key. It is a warning when the text looks like a body path missing its `$` (`request.body.action`
/// routes nothing: the `$` belongs on the expression, not on the route keys) or when it matches no route key,
/// because then every message goes to `$default` or gets `Forbidden`.
enum StaticExpression: RouteConfigRule {
    static let code = "static-expression"

    static func findings(in input: RouteConfigLintInput) -> [Finding] {
        guard let expression = input.parsedExpression, let value = expression.staticValue else { return [] }
        let unquoted = value.trimmingQuotes()
        if unquoted.hasPrefix("request.") || unquoted.hasPrefix("{request.") {
            return [
                Finding(
                    code: code, severity: .warning,
                    message: "The route selection expression has no \"$\", so it is the static text \"\(value)\" "
                        + "for every message, not a path into the body.",
                    parameter: "routeSelectionExpression", raw: expression.source, decoded: value,
                    fix: "Add the dollar: $\(unquoted)"
                )
            ]
        }
        // Byte for byte, as the gateway matches keys (see `RouteTable.selects`).
        let matches = input.routeKeys.containsSameUTF8(as: value)
        return [
            Finding(
                code: code, severity: matches ? .info : .warning,
                message: matches
                    ? "The route selection expression is static: every message goes to the route \(value)."
                    : "The route selection expression is static: every message evaluates to \"\(value)\", which "
                        + "matches no route key.",
                parameter: "routeSelectionExpression", raw: expression.source, decoded: value,
                fix: matches ? nil : "Select a body field, e.g. \(RouteSelectionExpression.assumedDefault)."
            )
        ]
    }
}

extension String {
    /// The text without one pair of surrounding quote characters, so a quoted static path is still recognised.
    fileprivate func trimmingQuotes() -> String {
        guard let first, count >= 2, "'\"`".contains(first), last == first else { return self }
        return String(dropFirst().dropLast())
    }
}
