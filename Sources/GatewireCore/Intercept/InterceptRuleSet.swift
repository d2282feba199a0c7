/// The interception rules of a session, in order: the first rule that matches a message decides what happens to
/// it.
///
/// The relay calls `firstMatch(_:)` on its event loop for every data message, so matching reads each payload at
/// most once as text and once as JSON, and only when a rule needs it; `needsRouteKey` tells the relay whether to
/// resolve route keys at all.
public struct InterceptRuleSet: Hashable, Sendable {
    /// The rules, in order; ids are unique.
    public private(set) var rules: [InterceptRule] {
        didSet { needsRouteKey = rules.contains { $0.match.needsRouteKey } }
    }
    /// Whether any rule matches on the route key, so the caller resolves route keys only then.
    public private(set) var needsRouteKey: Bool

    /// Creates an empty rule set.
    public init() {
        rules = []
        needsRouteKey = false
    }

    /// Creates a rule set holding `rules`, in that order.
    ///
    /// - Throws: `InterceptRuleError` `duplicate-name` when two rules share an id.
    public init(_ rules: [InterceptRule]) throws(InterceptRuleError) {
        var seen: Set<String> = []
        for rule in rules where !seen.insert(rule.id).inserted {
            throw InterceptRuleError(.duplicateName, "two rules are named \(JSONStringLiteral.quote(rule.id))")
        }
        self.rules = rules
        self.needsRouteKey = rules.contains { $0.match.needsRouteKey }
    }

    /// Whether the set holds no rule.
    public var isEmpty: Bool { rules.isEmpty }

    /// The first rule that matches the message, or `nil`.
    public func firstMatch(_ candidate: InterceptCandidate) -> InterceptRule? {
        var contents = CandidateContents(candidate)
        for rule in rules where rule.match.matches(&contents) { return rule }
        return nil
    }

    /// The rule with this id, or `nil`.
    public func rule(id: String) -> InterceptRule? {
        rules.first { $0.id == id }
    }

    /// The id a new rule gets when none is given: `rN` for the smallest N ≥ 1 no rule uses.
    public var nextFreeID: String {
        let used = Set(rules.map(\.id))
        var number = 1
        while used.contains("r\(number)") { number += 1 }
        return "r\(number)"
    }

    /// Appends a rule, so it is tried after the others.
    ///
    /// - Throws: `InterceptRuleError` `duplicate-name` when a rule with its id is already in the set.
    public mutating func add(_ rule: InterceptRule) throws(InterceptRuleError) {
        guard self.rule(id: rule.id) == nil else {
            throw InterceptRuleError(
                .duplicateName, "a rule named \(JSONStringLiteral.quote(rule.id)) already exists; replace or remove it")
        }
        rules.append(rule)
    }

    /// Replaces the rule with the same id, keeping its place in the order.
    ///
    /// - Returns: the rule replaced.
    /// - Throws: `InterceptRuleError` `unknown-rule` when no rule has that id.
    @discardableResult
    public mutating func replace(_ rule: InterceptRule) throws(InterceptRuleError) -> InterceptRule {
        guard let index = rules.firstIndex(where: { $0.id == rule.id }) else {
            throw InterceptRuleError(.unknownRule, "no rule is named \(JSONStringLiteral.quote(rule.id))")
        }
        let old = rules[index]
        rules[index] = rule
        return old
    }

    /// Removes the rule with this id.
    ///
    /// - Returns: the rule removed.
    /// - Throws: `InterceptRuleError` `unknown-rule` when no rule has that id.
    @discardableResult
    public mutating func remove(id: String) throws(InterceptRuleError) -> InterceptRule {
        guard let index = rules.firstIndex(where: { $0.id == id }) else {
            throw InterceptRuleError(.unknownRule, "no rule is named \(JSONStringLiteral.quote(id))")
        }
        return rules.remove(at: index)
    }

    /// Removes every rule.
    public mutating func removeAll() {
        rules.removeAll()
    }
}
