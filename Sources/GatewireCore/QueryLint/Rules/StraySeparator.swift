/// Lint: the query has empty segments (`a=1&&b=2`, a leading or trailing `&`).
///
/// They carry no parameter and are skipped when decoding; harmless on their own, but they usually mean a value was
/// left out when the query was joined together.
public struct StraySeparator: QueryLintRule {
    /// `stray-separator`.
    public static let code = "stray-separator"

    /// Creates the rule.
    public init() {}

    /// One informational finding when the query has empty segments.
    public func findings(in context: QueryLintContext) -> [Finding] {
        let offsets = context.query.emptySegmentOffsets
        guard !offsets.isEmpty else { return [] }
        let cleaned = context.query.parameters.map(\.rawSegment).joined(separator: "&")
        let positions = offsets.map { "byte \($0)" }.joined(separator: ", ")
        return [
            Finding(
                code: Self.code, severity: .info,
                message:
                    "The query has \(offsets.count) empty segment\(offsets.count == 1 ? "" : "s") (at \(positions)): "
                    + "a doubled, leading or trailing `&`; nothing is sent there.",
                raw: context.query.raw, decoded: cleaned,
                fix: "Check whether a parameter went missing; otherwise send `\(cleaned)`."
            )
        ]
    }
}
