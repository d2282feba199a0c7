extension QueryLintContext.DecodedParameter {
    /// The parameter as a finding names it: its decoded name, which is the key the backend looks up.
    var findingName: String { name.decoded.text }

    /// Where a component sits, for messages: "the value of `cacheKey`" or "the name `cache+Key`".
    func place(of component: QueryLintContext.Component) -> String {
        switch component.part {
        case .name: "the name `\(component.raw)`"
        case .value: "the value of `\(findingName)`"
        }
    }
}
