/// The values sent for one key parameter, sorted into classes of values that mean the same key.
///
/// Two values are in one class when the gateway decodes them to the same text, when their senders meant the same
/// text (every escape level decoded, a raw `+` read as a plus), or when one is a cut-off copy of the other as
/// ``PrefixTruncated`` judges it (the cut looks accidental). Classes are closed under these relations, so a raw
/// `…+00:00`, an encoded `…%2B00%3A00` and a cut-off `…%2B00%3A` share one class.
struct KeyValueClasses: Sendable {
    /// The class of each query that carries the parameter, by the query's index.
    private(set) var classOfQuery: [Int: Int] = [:]

    init(parameter: String, queries: [SubscriptionQuery], policy: QueryDecodingPolicy) {
        var rawIndex: [String: Int] = [:]
        var values: [IntendedValue] = []
        var queryValue: [Int: Int] = [:]
        for (queryIndex, query) in queries.enumerated() {
            guard let meant = query.meant[parameter] else { continue }
            if let index = rawIndex[meant.rawValue] {
                queryValue[queryIndex] = index
            } else {
                rawIndex[meant.rawValue] = values.count
                queryValue[queryIndex] = values.count
                values.append(meant.value)
            }
        }
        var classes = UnionFind(count: values.count)
        var byMeant: [[UInt8]: Int] = [:]
        var byGateway: [String: Int] = [:]
        for (index, value) in values.enumerated() {
            let meant = value.comparableUnits.map(\.intended)
            if let other = byMeant[meant] { classes.union(index, other) } else { byMeant[meant] = index }
            if let other = byGateway[value.gatewayText] {
                classes.union(index, other)
            } else {
                byGateway[value.gatewayText] = index
            }
        }
        // A cut-off copy: look up every shorter prefix of each meant value.
        for (index, value) in values.enumerated() {
            let meant = value.comparableUnits.map(\.intended)
            guard meant.count > 1 else { continue }
            for length in 1..<meant.count {
                guard let shorter = byMeant[Array(meant[..<length])],
                    Self.isCutOff(parameter: parameter, values[shorter], of: value)
                else { continue }
                classes.union(index, shorter)
            }
        }
        for (query, value) in queryValue { classOfQuery[query] = classes.find(value) }
    }

    /// Whether `short` looks like an accidental cut of `long`, as the `prefix-truncated` lint decides.
    static func isCutOff(parameter: String, _ short: IntendedValue, of long: IntendedValue) -> Bool {
        let left = ValueComparison.Side(connections: ["a"], value: short)
        let right = ValueComparison.Side(connections: ["b"], value: long)
        guard let comparison = ValueComparison(parameter: parameter, left: left, right: right) else { return false }
        return PrefixTruncated().finding(for: comparison) != nil
    }
}
