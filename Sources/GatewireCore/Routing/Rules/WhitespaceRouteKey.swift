import Foundation

/// Lint: a route key has leading or trailing whitespace.
///
/// Matching is exact, so `"sendmessage "` never matches a client sending `sendmessage`.
enum WhitespaceRouteKey: RouteConfigRule {
    static let code = "whitespace-route-key"

    static func findings(in input: RouteConfigLintInput) -> [Finding] {
        input.routeKeys.compactMap { key in
            let trimmed = key.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed != key, !trimmed.isEmpty else { return nil }
            return Finding(
                code: code, severity: .warning,
                message: "The route key \"\(key)\" has whitespace around it; matching is exact, so clients sending "
                    + "\"\(trimmed)\" miss it.",
                parameter: key, raw: key, decoded: trimmed,
                fix: "Rename the route to \(trimmed)."
            )
        }
    }
}
