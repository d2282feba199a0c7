/// Lint: `%3D` (`=`), `%26` (`&`) or `%3F` (`?`) appear where raw delimiters are expected.
///
/// This is the mark of a whole query string encoded as one value (`encodeURIComponent("a=1&b=2")`): the gateway
/// then sees a single parameter whose *name* is `a=1&b=2`, with an empty value, and none of the intended parameters.
/// In a name this is an error. In a value it is a warning only when the decoded value itself reads as a query
/// string (`k=v&k2=v2`), since an encoded nested URL (`redirect=https%3A%2F%2F…%3Fa%3D1`) is correct.
public struct EncodedDelimiters: QueryLintRule {
    /// `encoded-delimiters`.
    public static let code = "encoded-delimiters"

    /// Creates the rule.
    public init() {}

    /// Findings for names holding encoded delimiters and for values that decode to a query string.
    public func findings(in context: QueryLintContext) -> [Finding] {
        context.parameters.compactMap { parameter in
            if !Self.encodedDelimiters(in: parameter.name.raw).isEmpty {
                return nameFinding(parameter, policy: context.policy)
            }
            return valueFinding(parameter)
        }
    }

    private func nameFinding(_ parameter: QueryLintContext.DecodedParameter, policy: QueryDecodingPolicy) -> Finding {
        let found = Self.encodedDelimiters(in: parameter.name.raw)
        var intended = parameter.name.decoded.text
        if parameter.parameter.hasEqualsSign { intended += "=" + parameter.value.raw }
        if intended.hasPrefix("?") { intended.removeFirst() }
        let intendedNames = QueryString(intended).parameters.map { "`\($0.decodedName(policy: policy).text)`" }
        let missing =
            intendedNames.count <= 1
            ? intendedNames.joined()
            : intendedNames.dropLast().joined(separator: ", ") + " or " + intendedNames[intendedNames.count - 1]
        let listed = found.map { "`\($0)`" }.joined(separator: ", ")
        let value = parameter.value.decoded.text
        let valueWords = value.isEmpty ? "an empty value" : "the value `\(value)`"
        let received = "{\"\(parameter.name.decoded.text)\": \"\(parameter.value.decoded.text)\"}"
        return Finding(
            code: Self.code, severity: .error,
            message: "The name contains encoded delimiters (\(listed)): the whole query string was encoded as one "
                + "value. The backend receives ONE parameter named `\(parameter.name.decoded.text)` with \(valueWords) "
                + "(`queryStringParameters` = \(received)), and no \(missing) parameter.",
            parameter: parameter.findingName, raw: parameter.parameter.rawSegment, decoded: parameter.name.decoded.text,
            fix: "Send `\(intended)`: encode each name and value on its own, never the joined query string."
        )
    }

    private func valueFinding(_ parameter: QueryLintContext.DecodedParameter) -> Finding? {
        let found = Self.encodedDelimiters(in: parameter.value.raw)
        let decoded = parameter.value.decoded.text
        guard found.contains("%3D"), Self.readsAsQueryString(decoded) else { return nil }
        let inner = decoded.hasPrefix("?") ? String(decoded.dropFirst()) : decoded
        return Finding(
            code: Self.code, severity: .warning,
            message: "The value of `\(parameter.findingName)` contains encoded delimiters "
                + "(\(found.map { "`\($0)`" }.joined(separator: ", "))) and decodes to the query string "
                + "`\(decoded)`: the backend receives it as one value of `\(parameter.findingName)`, not as "
                + "separate parameters.",
            parameter: parameter.findingName, raw: parameter.value.raw, decoded: decoded,
            fix: "If these were meant as parameters, send `\(inner)` unencoded in the query; if the backend parses "
                + "the value itself, nothing needs to change."
        )
    }

    /// The encoded delimiters in `raw`, upper-cased, each once, in the order `%3D`, `%26`, `%3F`.
    static func encodedDelimiters(in raw: String) -> [String] {
        let upper = raw.uppercased()
        return ["%3D", "%26", "%3F"].filter { upper.contains($0) }
    }

    /// Whether text reads as `name=value&name=value` (two pairs or more, optionally after `?`, not a URL).
    static func readsAsQueryString(_ text: String) -> Bool {
        guard !text.contains("://") else { return false }
        let body = text.hasPrefix("?") ? text.dropFirst() : Substring(text)
        let pairs = body.split(separator: "&", omittingEmptySubsequences: false)
        guard pairs.count >= 2 || text.hasPrefix("?") else { return false }
        return pairs.allSatisfy { pair in
            guard let equals = pair.firstIndex(of: "=") else { return false }
            let name = pair[..<equals]
            return !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || "_-.[]".contains($0) }
        }
    }
}
