/// Lint: raw bytes that a URL cannot carry as they are: non-ASCII (≥ 0x80), spaces and control characters.
///
/// Clients disagree about them: browsers percent-encode them, some libraries send the bytes raw (a raw space breaks
/// the HTTP request line), others refuse the URL. Only the percent-encoded form reaches the gateway reliably.
public struct NonASCIIRaw: QueryLintRule {
    /// `non-ascii-raw`.
    public static let code = "non-ascii-raw"

    /// Creates the rule.
    public init() {}

    /// One warning per name or value holding such bytes.
    public func findings(in context: QueryLintContext) -> [Finding] {
        context.parameters.flatMap { parameter in
            parameter.components.compactMap { component -> Finding? in
                guard component.raw.utf8.contains(where: Self.needsEscaping) else { return nil }
                let fixed = PercentEscaping.escaping(component.raw, where: Self.needsEscaping)
                return Finding(
                    code: Self.code, severity: .warning,
                    message: "\(parameter.place(of: component).capitalizedFirst) contains "
                        + "\(Self.describe(component.raw)), unencoded; clients encode, send or reject these "
                        + "differently.",
                    parameter: parameter.findingName, raw: component.raw, decoded: component.decoded.text,
                    fix: "Percent-encode them as UTF-8: `\(fixed)`."
                )
            }
        }
    }

    /// Bytes that must be percent-encoded before they can go in a request line.
    static func needsEscaping(_ byte: UInt8) -> Bool { byte >= 0x80 || byte <= 0x20 || byte == 0x7F }

    private static func describe(_ raw: String) -> String {
        var names: [String] = []
        for scalar in raw.unicodeScalars {
            let name: String
            switch scalar.value {
            case 0x20: name = "a space"
            case 0x09: name = "a tab"
            case 0x0A, 0x0D: name = "a line break"
            case 0x00..<0x20, 0x7F: name = "control character U+\(String(scalar.value, radix: 16, uppercase: true))"
            case 0x80...: name = "`\(scalar)`"
            default: continue
            }
            if !names.contains(name) { names.append(name) }
        }
        guard let last = names.popLast() else { return "" }
        return names.isEmpty ? last : names.joined(separator: ", ") + " and " + last
    }
}
