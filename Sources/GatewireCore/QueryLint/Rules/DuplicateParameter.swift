/// Lint: a name appears more than once.
///
/// On a WebSocket `$connect`, `?path=one&path=two&path=three` gives `multiValueQueryStringParameters.path =
/// ["one","two","three"]` but `queryStringParameters.path = "three"` (observed, robanderson.dev): a backend reading
/// the single-value map silently loses all but the last value. Identical repeats are informational.
public struct DuplicateParameter: QueryLintRule {
    /// `duplicate-parameter`.
    public static let code = "duplicate-parameter"

    /// Creates the rule.
    public init() {}

    /// One finding per repeated decoded name, in order of first appearance.
    public func findings(in context: QueryLintContext) -> [Finding] {
        var order: [String] = []
        var groups: [String: [QueryLintContext.DecodedParameter]] = [:]
        for parameter in context.parameters {
            if groups[parameter.findingName] == nil { order.append(parameter.findingName) }
            groups[parameter.findingName, default: []].append(parameter)
        }
        return order.compactMap { name -> Finding? in
            guard let group = groups[name], group.count > 1, let last = group.last else { return nil }
            let values = group.map(\.value.decoded.text)
            let allSame = Set(values).count == 1
            let listed = values.map { "`\($0)`" }.joined(separator: ", ")
            return Finding(
                code: Self.code, severity: allSame ? .info : .warning,
                message: "`\(name)` appears \(group.count) times: `queryStringParameters` keeps only the last value "
                    + "(`\(last.value.decoded.text)`); `multiValueQueryStringParameters` has all of them: [\(listed)].",
                parameter: name, raw: group.map(\.parameter.rawSegment).joined(separator: "&"),
                decoded: last.value.decoded.text,
                fix: allSame
                    ? "Send `\(name)` once."
                    : "Send `\(name)` once, or read `multiValueQueryStringParameters[\"\(name)\"]` in the backend."
            )
        }
    }
}
