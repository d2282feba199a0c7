/// One connection's `$connect` query read two ways: the parameters the backend receives, and the parameters the
/// sender meant, recovered when the whole query (or a query nested in a value) was encoded as one value.
///
/// Recovery decodes the carrying text once, as plain RFC 3986 (a raw `+` stays a `+`), and splits it again: a
/// client that sent `encodeURIComponent("serviceName=a&cacheKey=…")` meant `serviceName` and `cacheKey`, although
/// the gateway sees one parameter whose name is the whole text.
struct SubscriptionQuery: Sendable {
    /// A parameter as the sender meant it.
    struct MeantParameter: Sendable {
        /// The raw value text, inside the carrier when recovered.
        var rawValue: String
        /// The value read as meant and as the gateway decodes it.
        var value: IntendedValue
        /// The gateway-decoded name of the parameter that carried it, when it was encoded into another one.
        var carriedBy: String?
    }

    var connection: DiagnosedConnection
    var rawQuery: String
    /// `queryStringParameters` as the gateway builds it.
    var gateway: [String: String]
    /// Meant name to meant parameter, the last duplicate winning as at the gateway.
    var meant: [String: MeantParameter]
    /// Meant names in order of first appearance.
    var names: [String]

    init(connection: DiagnosedConnection, rawQuery: String, policy: QueryDecodingPolicy) {
        self.connection = connection
        self.rawQuery = rawQuery
        let query = QueryString(rawQuery)
        gateway = query.decoded(policy: policy).queryStringParameters
        meant = [:]
        names = []
        for parameter in query.parameters {
            let gatewayName = parameter.decodedName(policy: policy).text
            if !EncodedDelimiters.encodedDelimiters(in: parameter.rawName).isEmpty {
                // The name holds `%3D`/`%26`: the whole query was encoded as one value.
                var inner = PercentDecoding.decode(parameter.rawName, plusAsSpace: false).text
                if parameter.hasEqualsSign { inner += "=" + parameter.rawValue }
                recover(inner, carriedBy: gatewayName, policy: policy)
                continue
            }
            add(
                name: Self.meantName(parameter.rawName, policy: policy), rawValue: parameter.rawValue,
                carriedBy: nil, policy: policy)
            let decodedValue = PercentDecoding.decode(parameter.rawValue, plusAsSpace: false).text
            if EncodedDelimiters.encodedDelimiters(in: parameter.rawValue).contains("%3D"),
                EncodedDelimiters.readsAsQueryString(decodedValue)
            {
                // A query nested in a value: the gateway sees only the outer parameter.
                recover(decodedValue, carriedBy: gatewayName, policy: policy)
            }
        }
    }

    /// Whether any parameter was recovered from an encoded query.
    var hasRecoveredParameters: Bool { meant.values.contains { $0.carriedBy != nil } }

    /// The gateway's value for a meant name, or `nil` when the backend does not receive it.
    func gatewayValue(_ name: String) -> String? { gateway[name] }

    private mutating func recover(_ text: String, carriedBy: String, policy: QueryDecodingPolicy) {
        let inner = text.hasPrefix("?") ? String(text.dropFirst()) : text
        for parameter in QueryString(inner).parameters {
            add(
                name: Self.meantName(parameter.rawName, policy: policy), rawValue: parameter.rawValue,
                carriedBy: carriedBy, policy: policy)
        }
    }

    private mutating func add(name: String, rawValue: String, carriedBy: String?, policy: QueryDecodingPolicy) {
        guard !name.isEmpty else { return }
        if meant[name] == nil { names.append(name) }
        meant[name] = MeantParameter(
            rawValue: rawValue, value: IntendedValue(raw: rawValue, policy: policy), carriedBy: carriedBy)
    }

    private static func meantName(_ raw: String, policy: QueryDecodingPolicy) -> String {
        IntendedValue(raw: raw, policy: policy).intendedText
    }
}
