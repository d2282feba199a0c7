/// Lint: the URL is longer than the gateway accepts.
///
/// "URL length for a WebSocket API" is a fixed quota of 4096 characters (AWS quotas page, not raisable); a longer
/// handshake never reaches `$connect`. The whole URL is counted as given, in UTF-8 bytes, because non-ASCII text
/// is sent percent-encoded and only grows on the wire.
public struct URLTooLong: QueryLintRule {
    /// `url-too-long`.
    public static let code = "url-too-long"

    /// Creates the rule.
    public init() {}

    /// One error when the URL exceeds `configuration.maxURLLength`.
    public func findings(in context: QueryLintContext) -> [Finding] {
        let length = context.url.raw.utf8.count
        let limit = context.configuration.maxURLLength
        guard length > limit else { return [] }
        let longest = context.parameters.max { $0.parameter.rawSegment.utf8.count < $1.parameter.rawSegment.utf8.count }
        let hint =
            longest.map {
                " The longest parameter is `\($0.name.decoded.text)` (\($0.parameter.rawSegment.utf8.count) bytes)."
            } ?? ""
        return [
            Finding(
                code: Self.code, severity: .error,
                message: "The URL is \(length) characters long; the gateway accepts at most \(limit).\(hint)",
                raw: String(context.url.raw.prefix(80)) + "…",
                fix: "Shorten the query: send large values in the first message after connecting, not in the URL."
            )
        ]
    }
}
