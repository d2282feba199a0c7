/// Lint: a parameter has a value but no name (`=value`).
///
/// The backend can only find it under the empty name `""` (what the gateway does is undocumented; this is what the
/// decoding policy assumes), so the name was most likely lost when the URL was built.
public struct EmptyParameterName: QueryLintRule {
    /// `empty-parameter-name`.
    public static let code = "empty-parameter-name"

    /// Creates the rule.
    public init() {}

    /// One warning per parameter with an empty raw name.
    public func findings(in context: QueryLintContext) -> [Finding] {
        context.parameters.filter { $0.parameter.rawName.isEmpty }.map { parameter in
            Finding(
                code: Self.code, severity: .warning,
                message: "Parameter \(parameter.parameter.index + 1) (`\(parameter.parameter.rawSegment)`) has no "
                    + "name; the backend can only read it as `queryStringParameters[\"\"]`.",
                parameter: "", raw: parameter.parameter.rawSegment, decoded: parameter.value.decoded.text,
                fix: "Add the missing name (`name\(parameter.parameter.rawSegment)`), or remove the parameter."
            )
        }
    }
}
