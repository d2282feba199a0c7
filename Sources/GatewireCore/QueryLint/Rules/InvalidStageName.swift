/// Lint: the stage segment cannot be a stage name.
///
/// Stage names are alphanumerics, `-` and `_`, at most 128 characters (AWS known issues), so any other byte in the
/// first path segment of an `execute-api` URL (including percent-encoding) means the handshake cannot match a stage.
public struct InvalidStageName: QueryLintRule {
    /// `invalid-stage-name`.
    public static let code = "invalid-stage-name"
    /// The longest stage name the gateway allows.
    public static let maxStageNameLength = 128

    /// Creates the rule.
    public init() {}

    /// One error for a malformed stage segment on an `execute-api` host.
    public func findings(in context: QueryLintContext) -> [Finding] {
        guard context.url.isExecuteAPIHost, let stage = context.url.stage else { return [] }
        let bad = stage.unicodeScalars.filter { !Self.isStageCharacter($0) }
        let tooLong = stage.count > Self.maxStageNameLength
        guard !bad.isEmpty || tooLong else { return [] }
        var problems: [String] = []
        if !bad.isEmpty {
            let listed = Array(Set(bad.map { "`\($0)`" })).sorted().joined(separator: " ")
            problems.append("contains \(listed), but stage names allow only letters, digits, `-` and `_`")
        }
        if tooLong {
            problems.append("is \(stage.count) characters long, over the limit of \(Self.maxStageNameLength)")
        }
        return [
            Finding(
                code: Self.code, severity: .error,
                message: "The stage segment `\(stage)` \(problems.joined(separator: " and ")); no stage can match it.",
                raw: stage,
                fix: "Use the stage name exactly as deployed (for example `/prod`)."
            )
        ]
    }

    private static func isStageCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_")
    }
}
