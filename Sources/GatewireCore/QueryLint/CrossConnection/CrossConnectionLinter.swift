/// Compares `$connect` queries across connections, finding values that were meant to be equal but reach the backend
/// differently: the missing-subscription bug, where one side subscribes under a key and the other publishes under a
/// differently encoded (or cut-off) copy of it.
public struct CrossConnectionLinter: Sendable {
    /// How the gateway is assumed to decode; see ``QueryDecodingPolicy``.
    public var policy: QueryDecodingPolicy

    /// Every cross-connection rule, in the order they run.
    public static let rules: [any CrossConnectionRule] = [SameKeyDifferentBytes(), PrefixTruncated()]

    /// The codes of ``rules``, in order.
    public static var codes: [String] { rules.map { type(of: $0).code } }

    /// Creates a linter.
    public init(policy: QueryDecodingPolicy = .gateway) {
        self.policy = policy
    }

    /// The parameters a query is compared by, in order of first appearance, each with the raw value
    /// `queryStringParameters` holds for it (the last of duplicates).
    func comparedValues(of query: QueryString) -> [(name: String, raw: String)] {
        var lastValues: [String: String] = [:]
        var order: [String] = []
        for parameter in query.parameters {
            let name = parameter.decodedName(policy: policy).text
            if lastValues[name] == nil { order.append(name) }
            lastValues[name] = parameter.rawValue
        }
        return order.map { ($0, lastValues[$0]!) }
    }

    /// Lints every pair of distinct raw values sent for the same parameter by different connections.
    ///
    /// For each connection the value compared is the one `queryStringParameters` holds (the last duplicate).
    /// Connections that sent byte-identical values are grouped into one side.
    /// - Parameter inputs: the labelled queries, in the order findings should follow.
    /// - Returns: findings in parameter order of first appearance, then pair order.
    public func lint(_ inputs: [ConnectionQuery]) -> [Finding] {
        var names: [String] = []
        // name -> raw value -> connections, both in order of first appearance
        var sides: [String: [(raw: String, connections: [String])]] = [:]
        for input in inputs {
            for (name, raw) in comparedValues(of: input.query) {
                if sides[name] == nil { names.append(name) }
                var list = sides[name, default: []]
                if let index = list.firstIndex(where: { $0.raw == raw }) {
                    if !list[index].connections.contains(input.connection) {
                        list[index].connections.append(input.connection)
                    }
                } else {
                    list.append((raw, [input.connection]))
                }
                sides[name] = list
            }
        }
        var findings: [Finding] = []
        for name in names {
            let list = (sides[name] ?? []).map {
                ValueComparison.Side(connections: $0.connections, value: IntendedValue(raw: $0.raw, policy: policy))
            }
            for (i, left) in list.enumerated() {
                for right in list[(i + 1)...] {
                    guard let comparison = ValueComparison(parameter: name, left: left, right: right) else { continue }
                    findings += Self.rules.compactMap { $0.finding(for: comparison) }
                }
            }
        }
        return findings
    }
}
