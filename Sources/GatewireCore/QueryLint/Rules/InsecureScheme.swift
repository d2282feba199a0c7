/// Lint: an `execute-api` endpoint is addressed without TLS.
///
/// API Gateway WebSocket APIs accept TLS 1.2 and 1.3 only ("Create WebSocket APIs in API Gateway"), so `ws://` or
/// `http://` to `{api-id}.execute-api.{region}.amazonaws.com` cannot connect.
public struct InsecureScheme: QueryLintRule {
    /// `insecure-scheme`.
    public static let code = "insecure-scheme"

    /// Creates the rule.
    public init() {}

    /// One error for `ws` or `http` on an `execute-api` host.
    public func findings(in context: QueryLintContext) -> [Finding] {
        guard context.url.isExecuteAPIHost, let scheme = context.url.scheme, scheme == "ws" || scheme == "http" else {
            return []
        }
        return [
            Finding(
                code: Self.code, severity: .error,
                message: "`\(scheme)://` has no TLS, but the gateway only accepts TLS 1.2 or 1.3 connections.",
                raw: scheme + "://",
                fix: "Use `wss://\(context.url.host ?? "")…`."
            )
        ]
    }
}
