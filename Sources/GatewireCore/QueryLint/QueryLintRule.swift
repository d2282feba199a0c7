/// One lint rule over a single `$connect` URL; each rule lives in its own file under `Rules/`, named after its code.
public protocol QueryLintRule: Sendable {
    /// The stable kebab-case code every finding of this rule carries.
    static var code: String { get }

    /// The findings of this rule for one URL, in parameter order; empty when the URL is clean for this rule.
    func findings(in context: QueryLintContext) -> [Finding]
}
