/// Lint: the stage in the path is not one of the API's stages.
///
/// The first path segment must name a deployed stage exactly (case-sensitive); anything else is refused with 403
/// before `$connect` runs. The finding suggests the nearest known stage by edit distance, preferring a case-only
/// difference.
public struct UnknownStage: QueryLintRule {
    /// `unknown-stage`.
    public static let code = "unknown-stage"

    /// Creates the rule.
    public init() {}

    /// One error when stages are known and the path's stage is not among them.
    public func findings(in context: QueryLintContext) -> [Finding] {
        guard let known = context.configuration.knownStages, !known.isEmpty, let stage = context.url.stage,
            !known.contains(stage)
        else { return [] }
        let nearest = Self.nearest(to: stage, in: known)
        let listed = known.map { "`\($0)`" }.joined(separator: ", ")
        var fixedTarget = "/" + nearest + (context.url.extraPath ?? "")
        if let query = context.url.rawQuery { fixedTarget += "?" + query }
        return [
            Finding(
                code: Self.code, severity: .error,
                message: "Stage `\(stage)` is not one of the known stages (\(listed)); the gateway answers 403. "
                    + "Did you mean `\(nearest)`?",
                raw: stage,
                fix: "Use stage `\(nearest)`: `\(fixedTarget)`."
            )
        ]
    }

    /// The known stage closest to `stage`: an exact case-insensitive match first, then the smallest Levenshtein
    /// distance (the first known stage wins a tie).
    static func nearest(to stage: String, in known: [String]) -> String {
        if let caseOnly = known.first(where: { $0.lowercased() == stage.lowercased() }) { return caseOnly }
        return known.min { EditDistance.levenshtein(stage, $0) < EditDistance.levenshtein(stage, $1) } ?? known[0]
    }
}
