/// One lint rule comparing two connections' values for the same parameter; one file per rule, named after its code.
public protocol CrossConnectionRule: Sendable {
    /// The stable kebab-case code every finding of this rule carries.
    static var code: String { get }

    /// The finding for one compared pair, or `nil` when the rule does not apply.
    func finding(for comparison: ValueComparison) -> Finding?
}
