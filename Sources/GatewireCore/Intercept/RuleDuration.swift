/// The durations of the command line: `200ms`, `1.5s`, `2m`, or a plain number in the option's own unit
/// (milliseconds for a rule's `delay`, seconds for `hold`, `--fault …:after=` and `--latency`).
public enum RuleDuration {
    /// The units a duration may carry.
    enum Unit: String {
        case milliseconds = "ms"
        case seconds = "s"
        case minutes = "m"
    }

    /// Reads a duration in milliseconds, a number without a unit being milliseconds.
    ///
    /// - Throws: `InterceptRuleError` `invalid-argument` naming the token.
    static func milliseconds(_ text: String, for action: String) throws(InterceptRuleError) -> Double {
        let (number, unit) = try read(text, for: action)
        switch unit ?? .milliseconds {
        case .milliseconds: return number
        case .seconds: return number * 1000
        case .minutes: return number * 60_000
        }
    }

    /// Reads a duration in seconds, a number without a unit being seconds.
    ///
    /// - Throws: `InterceptRuleError` `invalid-argument` naming the token.
    static func seconds(_ text: String, for action: String) throws(InterceptRuleError) -> Double {
        let (number, unit) = try read(text, for: action)
        switch unit ?? .seconds {
        case .milliseconds: return number / 1000
        case .seconds: return number
        case .minutes: return number * 60
        }
    }

    /// Reads a duration in seconds, a number without a unit being seconds, or `nil` when it is not one.
    public static func seconds(_ text: String) -> Double? {
        try? seconds(text, for: "")
    }

    /// Splits `1.5s` into its number and unit.
    private static func read(_ text: String, for action: String) throws(InterceptRuleError) -> (Double, Unit?) {
        let unitStart = text.lastIndex(where: { !$0.isLetter }).map(text.index(after:)) ?? text.startIndex
        let number = text[..<unitStart]
        let unitText = text[unitStart...]
        let unit = Unit(rawValue: String(unitText))
        guard unitText.isEmpty || unit != nil, !number.isEmpty,
            number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value.isFinite
        else {
            throw InterceptRuleError(
                .invalidArgument,
                "\(JSONStringLiteral.quote(text)) is not a duration for \(action); expected a number with ms, s or m "
                    + "(200ms, 1.5s, 2m)")
        }
        return (value, unit)
    }

    /// Seconds as the flag syntax writes them: `30s`, `1.5s`.
    static func secondsText(_ seconds: Double) -> String {
        numberText(seconds) + "s"
    }

    /// A number as short decimal text: `30` rather than `30.0`, `1.5`.
    static func numberText(_ value: Double) -> String {
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
