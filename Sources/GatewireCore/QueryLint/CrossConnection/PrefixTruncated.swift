/// Lint: one connection's value for a parameter is a cut-off copy of another's.
///
/// `cacheKey=…612063%2B00%3A` means `…+00:`, the start of `…+00:00` sent by another connection: the value was cut
/// (a length limit, a substring, a split at `%` or `+`). Compared by what the senders meant, so differently encoded
/// copies still match. To avoid flagging ordinary distinct values (`room=1` vs `room=12`), the rule fires only when
/// the cut looks accidental: the shorter value ends on punctuation or inside a percent-escape, or the two also
/// differ in encoding.
public struct PrefixTruncated: CrossConnectionRule {
    /// `prefix-truncated`.
    public static let code = "prefix-truncated"

    /// Creates the rule.
    public init() {}

    /// A warning when one meant value is a strict prefix of the other and the cut looks accidental.
    public func finding(for comparison: ValueComparison) -> Finding? {
        let leftCount = comparison.left.value.comparableUnits.count
        let rightCount = comparison.right.value.comparableUnits.count
        guard leftCount != rightCount else { return nil }
        let (short, long) =
            leftCount < rightCount
            ? (comparison.left, comparison.right) : (comparison.right, comparison.left)
        let shortBytes = short.value.comparableUnits.map(\.intended)
        guard let last = shortBytes.last else { return nil }
        let endsOnPunctuation = !Self.isAlphanumeric(last)
        guard endsOnPunctuation || short.value.endsInsideEscape || !comparison.differences.isEmpty else { return nil }

        let shortText = String(decoding: shortBytes, as: UTF8.self)
        let longText = long.value.intendedText
        let missing = String(decoding: long.value.intendedBytes.dropFirst(shortBytes.count), as: UTF8.self)
        let escapeNote = short.value.endsInsideEscape ? " (cut inside a percent-escape)" : ""
        let shortName = comparison.label(short)
        let longName = comparison.label(long)
        return Finding(
            code: Self.code, severity: .warning,
            message: "`\(comparison.parameter)` from \(shortName) is a cut-off copy of the one from \(longName): value "
                + "is cut off after `\(Self.tail(of: shortBytes))`\(escapeNote), missing `\(missing)`. \(shortName) "
                + "means `\(shortText)`, \(longName) means `\(longText)`.",
            parameter: comparison.parameter, raw: comparison.rawLines, decoded: comparison.decodedLines,
            fix: "Send the whole value from \(shortName): `\(PercentEscaping.componentEncoded(longText))`; look for "
                + "where it is cut (a length limit, a substring, a split at `%` or `+`).",
            connections: comparison.connections
        )
    }

    /// The last token of a value, for "cut off after …": trailing punctuation, the word before it, and the
    /// punctuation before that (`+00:` in `…612063+00:`), at most 12 characters.
    static func tail(of bytes: [UInt8]) -> String {
        var start = bytes.endIndex
        while start > bytes.startIndex, !isAlphanumeric(bytes[start - 1]) { start -= 1 }
        while start > bytes.startIndex, isAlphanumeric(bytes[start - 1]) { start -= 1 }
        while start > bytes.startIndex, !isAlphanumeric(bytes[start - 1]) { start -= 1 }
        return String(decoding: bytes[max(start, bytes.endIndex - 12)...], as: UTF8.self)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), 0x80...:
            true
        default: false
        }
    }
}
