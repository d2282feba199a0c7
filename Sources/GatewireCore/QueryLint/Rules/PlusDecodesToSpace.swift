/// Lint: a raw `+` in the query, which the gateway decodes to a space.
///
/// Form decoding (`+` means space) is inferred from REST v1 behaviour: `?sort=-+createdAt` arrives as `- createdAt`
/// (aws-cdk#19827). A timestamp such as `…T19:37:55.612063+00:00` therefore reaches the backend as
/// `…T19:37:55.612063 00:00`. Only fires when the policy decodes `+` as a space.
public struct PlusDecodesToSpace: QueryLintRule {
    /// `plus-decodes-to-space`.
    public static let code = "plus-decodes-to-space"

    /// Creates the rule.
    public init() {}

    /// One warning per name or value holding a raw `+`.
    public func findings(in context: QueryLintContext) -> [Finding] {
        guard context.policy.plusAsSpace else { return [] }
        return context.parameters.flatMap { parameter in
            parameter.components.filter { $0.raw.contains("+") }.map { component in
                let fixed = PercentEscaping.escaping(component.raw) { $0 == UInt8(ascii: "+") }
                let count = component.raw.filter { $0 == "+" }.count
                return Finding(
                    code: Self.code, severity: .warning,
                    message: "\(count == 1 ? "A raw `+`" : "\(count) raw `+`") in \(parameter.place(of: component)) "
                        + "decode\(count == 1 ? "s" : "") to a space: the backend receives "
                        + "`\(component.decoded.text)`.",
                    parameter: parameter.findingName, raw: component.raw, decoded: component.decoded.text,
                    fix: "Send `\(fixed)` (encode `+` as `%2B`; if a space was meant, send `%20`)."
                )
            }
        }
    }
}
