/// Lint: `%25XX`, a percent-escape encoded a second time.
///
/// The gateway decodes once, so `%253A` reaches the backend as the three characters `%3A` instead of `:`. Typical
/// causes: encoding an already encoded value, or an SDK encoding a URL it was handed encoded.
public struct DoubleEncoded: QueryLintRule {
    /// `double-encoded`.
    public static let code = "double-encoded"

    /// Creates the rule.
    public init() {}

    /// One warning per name or value holding `%25` followed by two hex digits.
    public func findings(in context: QueryLintContext) -> [Finding] {
        context.parameters.flatMap { parameter in
            parameter.components.compactMap { component -> Finding? in
                let (fixed, escapes) = Self.undoubled(component.raw)
                guard !escapes.isEmpty else { return nil }
                let intended = PercentDecoding.decode(fixed, plusAsSpace: context.policy.plusAsSpace).text
                return Finding(
                    code: Self.code, severity: .warning,
                    message:
                        "\(escapes.map { "`\($0)`" }.joined(separator: ", ")) in \(parameter.place(of: component)) "
                        + "\(escapes.count == 1 ? "is" : "are") encoded twice: the gateway decodes once, so the "
                        + "backend receives `\(component.decoded.text)` instead of `\(intended)`.",
                    parameter: parameter.findingName, raw: component.raw, decoded: component.decoded.text,
                    fix: "Encode once: send `\(fixed)`."
                )
            }
        }
    }

    /// `raw` with every `%25XX` turned into `%XX`, and the doubled escapes found (each once, in order).
    static func undoubled(_ raw: String) -> (String, [String]) {
        let bytes = Array(raw.utf8)
        var output: [UInt8] = []
        var found: [String] = []
        var index = 0
        while index < bytes.count {
            if PercentDecoding.escapedByte(in: bytes, at: index) == UInt8(ascii: "%"), index + 4 < bytes.count,
                HexDigit.value(of: bytes[index + 3]) != nil, HexDigit.value(of: bytes[index + 4]) != nil
            {
                let escape = String(decoding: bytes[index..<(index + 5)], as: UTF8.self).uppercased()
                if !found.contains(escape) { found.append(escape) }
                output.append(UInt8(ascii: "%"))
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return (String(decoding: output, as: UTF8.self), found)
    }
}
