/// Lint: two connections sent the same value for a parameter, encoded differently, and the gateway decodes the two
/// encodings to different text.
///
/// This is the missing-subscription bug: a browser subscribes with `cacheKey=…T19:37:55.612063+00:00` (raw `+`),
/// a worker publishes with `cacheKey=…T19%3A37%3A55.612063%2B00%3A00`; the backend stores `… 00:00` for one and
/// looks up `…+00:00` for the other, so they never meet. Values are compared by what the senders meant (every escape
/// level decoded, a raw `+` read as a literal plus) over the shorter value's length, so a value that is also cut
/// off still shows its encoding difference here (and `prefix-truncated` reports the cut).
public struct SameKeyDifferentBytes: CrossConnectionRule {
    /// `same-key-different-bytes`.
    public static let code = "same-key-different-bytes"

    /// Creates the rule.
    public init() {}

    /// An error when the gateway's bytes differ anywhere both sides meant the same byte.
    public func finding(for comparison: ValueComparison) -> Finding? {
        guard !comparison.differences.isEmpty else { return nil }
        let leftName = comparison.label(comparison.left)
        let rightName = comparison.label(comparison.right)
        var descriptions: [String] = []
        for difference in comparison.differences {
            let text = Self.describe(difference, left: leftName, right: rightName)
            if !descriptions.contains(text) { descriptions.append(text) }
        }
        let sameLength = comparison.left.value.comparableUnits.count == comparison.right.value.comparableUnits.count
        let scope = sameLength ? "the same value" : "the same value (as far as the shorter one goes)"
        let fixes = [comparison.left, comparison.right].compactMap { side -> String? in
            guard side.value.gatewayText != side.value.intendedText else { return nil }
            return
                "\(comparison.label(side)) should send `\(PercentEscaping.componentEncoded(side.value.intendedText))`"
        }
        return Finding(
            code: Self.code, severity: .error,
            message: "`\(comparison.parameter)` carries \(scope) on \(leftName) and \(rightName), but encoded "
                + "differently, and the gateway decodes them to different text: \(descriptions.joined(separator: "; "))"
                + ". A backend that stores one and looks up the other never finds it.",
            parameter: comparison.parameter, raw: comparison.rawLines, decoded: comparison.decodedLines,
            fix: "Percent-encode the value exactly once, the same way on every side (`encodeURIComponent`)"
                + (fixes.isEmpty ? "." : ": " + fixes.joined(separator: "; ") + "."),
            connections: comparison.connections
        )
    }

    /// One difference in words, such as "`+` became a space for c1 (sent raw `+`) but stayed `+` for c2 (sent `%2B`)".
    static func describe(_ difference: ValueComparison.EncodingDifference, left: String, right: String) -> String {
        let meant = String(decoding: [difference.intended], as: UTF8.self)
        func received(_ unit: IntendedValue.Unit) -> String { String(decoding: unit.gateway, as: UTF8.self) }
        func sent(_ unit: IntendedValue.Unit) -> String { unit.raw == meant ? "raw `\(unit.raw)`" : "`\(unit.raw)`" }
        let pairs = [
            (difference.left, left, difference.right, right), (difference.right, right, difference.left, left),
        ]
        for (changed, changedName, kept, keptName) in pairs where received(kept) == meant {
            if changed.raw == "+", received(changed) == " " {
                return "`+` became a space for \(changedName) (sent raw `+`) but stayed `+` for \(keptName) "
                    + "(sent \(sent(kept)))"
            }
            if received(changed).hasPrefix("%") {
                return "`\(meant)` arrived still encoded as `\(received(changed))` for \(changedName) (sent "
                    + "double-encoded `\(changed.raw)`) but as `\(meant)` for \(keptName) (sent \(sent(kept)))"
            }
        }
        return "\(left) received `\(received(difference.left))` (sent \(sent(difference.left))) where \(right) "
            + "received `\(received(difference.right))` (sent \(sent(difference.right)))"
    }
}
