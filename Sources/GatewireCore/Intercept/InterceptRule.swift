/// One interception rule: which messages it catches and what it does to them.
///
/// Rules are written in two syntaxes: the flag syntax of `--rule` and `--break` (`init(parsing:id:)`,
/// `specText`) and the JSON of the control API (`init(json:id:)`, `jsonText`). Each reads back what the other
/// writes.
public struct InterceptRule: Hashable, Sendable, Identifiable {
    /// The rule's name: `r1`, `r2`, … when none was given, or the user's (`name=slow`). Interventions name it
    /// (`rule slow`), and the control API addresses it by it.
    public var id: String
    /// Which messages the rule catches.
    public var match: MessageMatch
    /// What the rule does to them.
    public var action: InterceptAction

    /// Creates a rule.
    ///
    /// - Throws: `InterceptRuleError` for a name that `isValidName` refuses or an action that `validate()` refuses.
    public init(id: String, match: MessageMatch = MessageMatch(), action: InterceptAction) throws(InterceptRuleError) {
        try InterceptRule.validateName(id)
        try action.validate()
        self.id = id
        self.match = match
        self.action = action
    }

    /// The longest name a rule may have.
    public static let maximumNameLength = 64

    /// Whether a name can name a rule: 1 to 64 ASCII letters, digits, `-`, `_` and `.`, so it needs no quoting in
    /// a URL path, a shell or an event line.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= maximumNameLength
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
    }

    /// Throws unless `isValidName(name)`.
    static func validateName(_ name: String) throws(InterceptRuleError) {
        guard isValidName(name) else {
            throw InterceptRuleError(
                .invalidValue,
                "\(JSONStringLiteral.quote(name)) cannot name a rule; expected 1 to \(maximumNameLength) letters, "
                    + "digits, '-', '_' or '.'")
        }
    }
}
