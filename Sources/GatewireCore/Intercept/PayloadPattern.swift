import Foundation

/// A rule's regular expression, compiled once when the rule is made and searched in each message's text.
///
/// Two patterns are equal when their source text is; the compiled expression is immutable and
/// `NSRegularExpression` is documented as safe to use from several threads, hence `@unchecked Sendable`.
final class PayloadPattern: Hashable, @unchecked Sendable {
    /// The expression as written.
    let source: String
    private let expression: NSRegularExpression

    /// Compiles `source`.
    ///
    /// - Throws: `InterceptRuleError` `invalid-pattern` with Foundation's reason.
    init(_ source: String) throws(InterceptRuleError) {
        guard !source.isEmpty else {
            throw InterceptRuleError(.invalidPattern, "the regular expression is empty")
        }
        do {
            expression = try NSRegularExpression(pattern: source)
        } catch {
            throw InterceptRuleError(
                .invalidPattern, "\(JSONStringLiteral.quote(source)) is not a valid regular expression")
        }
        self.source = source
    }

    /// Whether the expression occurs anywhere in `text`.
    func occurs(in text: String) -> Bool {
        let range = NSRange(text.startIndex..<text.endIndex, in: text)
        return expression.firstMatch(in: text, options: [], range: range) != nil
    }

    static func == (lhs: PayloadPattern, rhs: PayloadPattern) -> Bool { lhs.source == rhs.source }

    func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
