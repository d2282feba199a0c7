/// One URL prepared for the rules: its parts, its parameters decoded once under the configured policy.
public struct QueryLintContext: Sendable {
    /// Which half of a parameter a component is.
    public enum Part: String, Hashable, Sendable {
        /// The part before the first `=`.
        case name
        /// The part after the first `=`.
        case value
    }

    /// One half of a parameter: the raw text and what the policy decodes it to.
    public struct Component: Sendable {
        /// Whether this is the name or the value.
        public var part: Part
        /// The text as sent.
        public var raw: String
        /// The text as the gateway decodes it.
        public var decoded: PercentDecoding.Result
    }

    /// A parameter with both halves decoded.
    public struct DecodedParameter: Sendable {
        /// The parameter as sent.
        public var parameter: QueryString.Parameter
        /// The decoded name, which is how the backend looks the parameter up.
        public var name: Component
        /// The decoded value.
        public var value: Component

        /// Name first, then value.
        public var components: [Component] { [name, value] }
    }

    /// The URL being linted.
    public let url: ConnectURL
    /// Its query.
    public let query: QueryString
    /// The configuration in force.
    public let configuration: QueryLintConfiguration
    /// Every parameter, decoded under `configuration.policy`, in order.
    public let parameters: [DecodedParameter]

    /// Prepares a URL for linting.
    public init(url: ConnectURL, configuration: QueryLintConfiguration) {
        self.url = url
        self.configuration = configuration
        let query = url.query
        self.query = query
        let policy = configuration.policy
        self.parameters = query.parameters.map { parameter in
            DecodedParameter(
                parameter: parameter,
                name: Component(part: .name, raw: parameter.rawName, decoded: parameter.decodedName(policy: policy)),
                value: Component(part: .value, raw: parameter.rawValue, decoded: parameter.decodedValue(policy: policy))
            )
        }
    }

    /// The policy in force.
    public var policy: QueryDecodingPolicy { configuration.policy }
}
