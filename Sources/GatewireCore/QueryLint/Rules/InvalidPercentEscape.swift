/// Lint: a `%` not followed by two hex digits (`%zz`, `%2` at the end, a trailing `%`).
///
/// AWS does not say what the gateway does with such escapes: keep them, drop the parameter or refuse the handshake.
/// The decoding policy keeps them literally; the finding shows that result and how to send a literal `%`.
public struct InvalidPercentEscape: QueryLintRule {
    /// `invalid-percent-escape`.
    public static let code = "invalid-percent-escape"

    /// Creates the rule.
    public init() {}

    /// One warning per name or value holding an invalid escape.
    public func findings(in context: QueryLintContext) -> [Finding] {
        context.parameters.flatMap { parameter in
            parameter.components.compactMap { component -> Finding? in
                let invalid = component.decoded.invalidEscapes
                guard !invalid.isEmpty else { return nil }
                let offsets = Set(invalid.map(\.offset))
                var fixed: [UInt8] = []
                for (offset, byte) in component.raw.utf8.enumerated() {
                    if offsets.contains(offset) { fixed.append(contentsOf: "%25".utf8) } else { fixed.append(byte) }
                }
                let listed = invalid.map { "`\($0.text)`" }.joined(separator: ", ")
                let verb = invalid.count == 1 ? "is not a valid escape" : "are not valid escapes"
                return Finding(
                    code: Self.code, severity: .warning,
                    message: "\(listed) in \(parameter.place(of: component)) \(verb) (`%` must be followed by two hex "
                        + "digits). What the gateway does with it is undocumented; kept literally, the backend "
                        + "receives `\(component.decoded.text)`.",
                    parameter: parameter.findingName, raw: component.raw, decoded: component.decoded.text,
                    fix: "Send a literal `%` as `%25`: `\(String(decoding: fixed, as: UTF8.self))`."
                )
            }
        }
    }
}
