/// Lint: a value that looks like a base64 token (or a JWT-like dotted token) carries raw `+`, `/` or `=`.
///
/// Tokens in `$connect` URLs (auth tokens for a REQUEST authorizer, signed keys) are often standard base64. A raw
/// `+` becomes a space under the gateway's form decoding, so the token no longer verifies: a warning. Raw `/` and
/// `=` survive decoding but show the token was not encoded: informational. Base64url tokens (`-`, `_`, no padding)
/// are URL-safe and never fire.
public struct UnencodedBase64: QueryLintRule {
    /// `unencoded-base64`.
    public static let code = "unencoded-base64"
    /// Shorter values are too likely to be words or numbers to call them tokens.
    static let minimumTokenLength = 16

    /// Creates the rule.
    public init() {}

    /// One finding per value that looks like an unencoded base64 token.
    public func findings(in context: QueryLintContext) -> [Finding] {
        context.parameters.compactMap { parameter -> Finding? in
            let raw = parameter.value.raw
            guard Self.looksLikeBase64Token(raw) else { return nil }
            let plusBreaks = raw.contains("+") && context.policy.plusAsSpace
            let listed = ["+", "/", "="].filter { raw.contains($0) }.map { "`\($0)`" }.joined(separator: " ")
            let consequence =
                plusBreaks
                ? "the gateway turns `+` into a space, so the backend receives a token that no longer decodes or "
                    + "verifies: `\(parameter.value.decoded.text)`"
                : "they survive decoding, but the token was sent unencoded"
            return Finding(
                code: Self.code, severity: plusBreaks ? .warning : .info,
                message: "The value of `\(parameter.findingName)` looks like a base64 token with raw \(listed): "
                    + "\(consequence).",
                parameter: parameter.findingName, raw: raw, decoded: parameter.value.decoded.text,
                fix: "Send `\(PercentEscaping.componentEncoded(raw))` (encode the token with `encodeURIComponent`), "
                    + "or use base64url."
            )
        }
    }

    /// Whether `raw` is one base64 run, or dot-separated base64 runs, with a raw `+`, `/` or `=` and mixed case.
    static func looksLikeBase64Token(_ raw: String) -> Bool {
        guard raw.utf8.count >= minimumTokenLength,
            raw.contains(where: { $0 == "+" || $0 == "/" || $0 == "=" }),
            raw.contains(where: { $0.isASCII && $0.isUppercase }), raw.contains(where: { $0.isASCII && $0.isLowercase })
        else { return false }
        let segments = raw.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count == 1 || segments.count == 3 else { return false }
        return segments.allSatisfy(isBase64Run)
    }

    /// Standard base64 characters with padding only at the end.
    private static func isBase64Run(_ segment: Substring) -> Bool {
        let unpadded = segment.prefix { $0 != "=" }
        let padding = segment.dropFirst(unpadded.count)
        return !unpadded.isEmpty && padding.count <= 2 && padding.allSatisfy { $0 == "=" }
            && unpadded.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/") }
    }
}
