import Foundation

/// Lint: the expression uses a variable other than `request.body…` (`$request.header.x`, `$context.routeKey`), or
/// `$default` without the backslash that makes it literal text.
///
/// A WebSocket message has no headers, query string or context of its own, and AWS documents route selection only
/// as `$request.body.{path_to_body_element}`; header variables belong to the API-key selection expression.
enum NonBodyVariable: RouteConfigRule {
    static let code = "non-body-variable"

    static func findings(in input: RouteConfigLintInput) -> [Finding] {
        guard let error = input.parseError, error.code == .unsupportedVariable else { return [] }
        let isDefault = error.expression.trimmingCharacters(in: .whitespacesAndNewlines) == "$default"
        return [
            Finding(
                code: code, severity: .error,
                message: "The route selection expression reads something other than the message body at column "
                    + "\(error.offset + 1): \(error.message).",
                parameter: "routeSelectionExpression", raw: error.expression,
                fix: isDefault
                    ? "Write \\$default to send every message to the $default route."
                    : "Put the value in the message's JSON body and select it with $request.body.<path>."
            )
        ]
    }
}
