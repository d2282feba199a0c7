/// Lint: the URL has no stage segment where the gateway needs one.
///
/// On an `execute-api` endpoint the first path segment selects the stage; without it there is nothing to route to
/// and the gateway answers 403 Forbidden (also observed for `@connections` calls missing the stage). Custom domains
/// with an empty base path mapping legitimately have no stage segment, so the rule only fires for `execute-api`
/// hosts, or when stages are known.
public struct MissingStage: QueryLintRule {
    /// `missing-stage`.
    public static let code = "missing-stage"

    /// Creates the rule.
    public init() {}

    /// One error when the path names no stage.
    public func findings(in context: QueryLintContext) -> [Finding] {
        let url = context.url
        let known = context.configuration.knownStages ?? []
        guard url.stage == nil, url.isExecuteAPIHost || !known.isEmpty else { return [] }
        let example = known.first ?? "prod"
        return [
            Finding(
                code: Self.code, severity: .error,
                message: "The path `\(url.path.isEmpty ? "/" : url.path)` names no stage; the gateway answers 403.",
                raw: url.path,
                fix: "Put the stage first in the path: `/\(example)\(url.rawQuery.map { "?\($0)" } ?? "")`."
            )
        ]
    }
}
