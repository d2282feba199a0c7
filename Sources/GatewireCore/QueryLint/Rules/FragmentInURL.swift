/// Lint: the URL contains `#`, so everything after it is a fragment that never reaches the gateway.
///
/// RFC 6455 §3: fragment identifiers are meaningless in WebSocket URIs and must not be used; browsers throw a
/// `SyntaxError` for them and other clients silently drop the fragment. A `#` inside a value must be sent as `%23`.
public struct FragmentInURL: QueryLintRule {
    /// `fragment-in-url`.
    public static let code = "fragment-in-url"

    /// Creates the rule.
    public init() {}

    /// One error when the URL has a fragment.
    public func findings(in context: QueryLintContext) -> [Finding] {
        guard let fragment = context.url.fragment else { return [] }
        return [
            Finding(
                code: Self.code, severity: .error,
                message: "Everything after `#` (`#\(fragment)`) is a fragment: browsers reject the URL and other "
                    + "clients drop it, so the gateway never receives it.",
                raw: "#" + fragment,
                decoded: context.url.requestTarget,
                fix: "If `#` is part of a value, send it as `%23`; otherwise remove `#\(fragment)`."
            )
        ]
    }
}
