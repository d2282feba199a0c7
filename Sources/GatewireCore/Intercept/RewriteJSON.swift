/// A JSON value a rewrite writes into messages: a merge patch, or the value of a `set`.
///
/// It keeps what the rule's author wrote: numbers as their text (`1.50` stays `1.50`) and object members in
/// their order, so the rewritten message holds exactly those.
public struct RewriteJSON: Hashable, Sendable, CustomStringConvertible {
    /// The parsed value.
    let value: JSONValue

    /// Wraps a parsed value.
    init(_ value: JSONValue) {
        self.value = value
    }

    /// Parses JSON text (RFC 8259, any value: object, array, string, number, `true`, `false`, `null`).
    ///
    /// - Throws: `InterceptRuleError` `invalid-argument` with the parser's reason and column.
    public init(parsing text: String) throws(InterceptRuleError) {
        do {
            value = try JSONParser().parse(Array(text.utf8))
        } catch {
            throw InterceptRuleError(
                .invalidArgument,
                "\(JSONStringLiteral.quote(text)) is not JSON (column \(error.column): \(error.message)); strings "
                    + "need their double quotes")
        }
    }

    /// The value as compact JSON text.
    public var text: String { value.compactText }

    /// The value as compact JSON text.
    public var description: String { text }
}
