/// Lint: a custom route key starts with `$`.
///
/// AWS: "When you create a custom route, do not use the `$` prefix in the route key name. This prefix is reserved
/// for predefined routes" — only `$connect`, `$disconnect` and `$default` exist, and deploying `$getauthorized`
/// fails with "BadRequestException: The provided route key is not formatted properly" (serverless#9530). Clients
/// send the bare key (`{"action":"sendmessage"}`); the `$` belongs on the expression.
enum ReservedPrefixRouteKey: RouteConfigRule {
    static let code = "reserved-prefix-route-key"

    static func findings(in input: RouteConfigLintInput) -> [Finding] {
        input.customRouteKeys.filter { $0.hasPrefix("$") }.map { key in
            Finding(
                code: code, severity: .error,
                message: "The route key \"\(key)\" starts with \"$\", which AWS reserves for $connect, $disconnect "
                    + "and $default; deploying it fails.",
                parameter: key, raw: key,
                fix: "Name the route \(key.dropFirst()) and have clients send \"\(key.dropFirst())\" without the $."
            )
        }
    }
}
