/// One route-configuration lint rule: a stable code and a check.
protocol RouteConfigRule: Sendable {
    /// The stable kebab-case finding code, equal to the rule's file name in kebab case.
    static var code: String { get }
    /// The findings of this rule; empty when it does not fire.
    static func findings(in input: RouteConfigLintInput) -> [Finding]
}
