/// Lint: a raw character that `encodeURIComponent` would have escaped (`:` `/` `?` `@` `$` `,` `=` `[` `]` `;` `|`
/// and the characters RFC 3986 never allows raw: `"` `<` `>` `\` `^` `` ` `` `{` `}`).
///
/// Most of them pass the gateway unchanged, so on their own they are informational: they show the value was not
/// encoded, which is where `+` and `&` bugs come from. AWS's REST notes say an unencoded `;` "results in the data
/// being split" and an unencoded `|` is not supported, and the RFC-excluded characters may be encoded or rejected by
/// clients, so those are warnings. `+`, `%` and `&` have rules of their own.
public struct RawReservedCharacter: QueryLintRule {
    /// `raw-reserved-character`.
    public static let code = "raw-reserved-character"

    /// Characters that are passed through but show the value was not encoded.
    static let informational: Set<UInt8> = Set(":/?@$,=[]".utf8)
    /// Characters that AWS or RFC 3986 say are trouble when raw.
    static let troublesome: Set<UInt8> = Set(";|\"<>\\^`{}".utf8)

    /// Creates the rule.
    public init() {}

    /// One finding per name or value holding such characters; a warning when a troublesome one is among them.
    public func findings(in context: QueryLintContext) -> [Finding] {
        context.parameters.flatMap { parameter in
            parameter.components.compactMap { component -> Finding? in
                let found = Self.characters(in: component.raw)
                guard !found.isEmpty else { return nil }
                let serious = found.filter { Self.troublesome.contains($0) }
                let listed = found.map { "`\(Character(Unicode.Scalar($0)))`" }.joined(separator: " ")
                var notes: [String] = []
                if serious.contains(UInt8(ascii: ";")) {
                    notes.append("AWS notes that an unencoded `;` splits the data")
                }
                if serious.contains(UInt8(ascii: "|")) { notes.append("AWS lists an unencoded `|` as unsupported") }
                if serious.contains(where: { $0 != UInt8(ascii: ";") && $0 != UInt8(ascii: "|") }) {
                    notes.append("RFC 3986 does not allow some of them raw, so clients may encode or reject them")
                }
                if notes.isEmpty {
                    let pronoun = found.count == 1 ? "it passes" : "they pass"
                    notes.append(
                        "\(pronoun) through unchanged, but an encoder such as `encodeURIComponent` would "
                            + "have escaped \(found.count == 1 ? "it" : "them"), so this value was probably not encoded"
                    )
                }
                let fixed = PercentEscaping.escaping(component.raw) {
                    Self.informational.contains($0) || Self.troublesome.contains($0) || $0 == UInt8(ascii: "+")
                }
                return Finding(
                    code: Self.code, severity: serious.isEmpty ? .info : .warning,
                    message: "Raw \(listed) in \(parameter.place(of: component)): \(notes.joined(separator: "; ")).",
                    parameter: parameter.findingName, raw: component.raw, decoded: component.decoded.text,
                    fix: "Encode the value with `encodeURIComponent` (or equivalent): `\(fixed)`."
                )
            }
        }
    }

    /// The flagged characters in `raw`, each once, in order of appearance.
    static func characters(in raw: String) -> [UInt8] {
        var found: [UInt8] = []
        for byte in raw.utf8 where (informational.contains(byte) || troublesome.contains(byte)) && !found.contains(byte)
        {
            found.append(byte)
        }
        return found
    }
}
