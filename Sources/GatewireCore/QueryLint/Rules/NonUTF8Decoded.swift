/// Lint: a name or value decodes to bytes that are not UTF-8 (for example Latin-1 `%E9` for `é`).
///
/// The gateway's event is JSON text, so such bytes cannot arrive as sent; the decoding policy assumes they become
/// U+FFFD replacement characters (undocumented).
public struct NonUTF8Decoded: QueryLintRule {
    /// `non-utf8-decoded`.
    public static let code = "non-utf8-decoded"

    /// Creates the rule.
    public init() {}

    /// One warning per name or value whose decoded bytes are not UTF-8.
    public func findings(in context: QueryLintContext) -> [Finding] {
        context.parameters.flatMap { parameter in
            parameter.components.filter { !$0.decoded.isValidUTF8 }.map { component in
                Finding(
                    code: Self.code, severity: .warning,
                    message: "\(parameter.place(of: component).capitalizedFirst) decodes to bytes that are not UTF-8; "
                        + "the backend most likely receives replacement characters: `\(component.decoded.text)`.",
                    parameter: parameter.findingName, raw: component.raw, decoded: component.decoded.text,
                    fix: "Encode text as UTF-8 before percent-encoding (`é` is `%C3%A9`, not `%E9`)."
                )
            }
        }
    }
}

extension String {
    /// The text with its first character upper-cased, to start a sentence.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
