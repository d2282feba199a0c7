/// Lint: the path continues after the stage segment.
///
/// A WebSocket API has no resources below the stage: `wss://id.execute-api…/Prod/hello` is answered 403 (observed,
/// robanderson.dev). A lone trailing slash (`/prod/`) is reported as a warning because its handling is unverified.
public struct ExtraPathAfterStage: QueryLintRule {
    /// `extra-path-after-stage`.
    public static let code = "extra-path-after-stage"

    /// Creates the rule.
    public init() {}

    /// One finding when something follows the stage segment.
    public func findings(in context: QueryLintContext) -> [Finding] {
        guard let stage = context.url.stage, let extra = context.url.extraPath else { return [] }
        let query = context.url.rawQuery.map { "?\($0)" } ?? ""
        if extra == "/" {
            return [
                Finding(
                    code: Self.code, severity: .warning,
                    message: "The path ends with a slash after stage `\(stage)`; the gateway may treat `/` as an "
                        + "extra path and answer 403 (unverified).",
                    raw: context.url.path, decoded: "/" + stage,
                    fix: "Drop the trailing slash: `/\(stage)\(query)`."
                )
            ]
        }
        return [
            Finding(
                code: Self.code, severity: .error,
                message: "`\(extra)` follows stage `\(stage)`; a WebSocket API has no paths below the stage, so the "
                    + "gateway answers 403 and `$connect` never runs.",
                raw: context.url.path, decoded: "/" + stage,
                fix: "Connect to `/\(stage)\(query)` and pass `\(extra)` as a query parameter instead."
            )
        ]
    }
}
