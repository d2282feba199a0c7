/// Finds connections that mean the same subscription key but would not meet at the backend, and explains why.
///
/// Connections are grouped by the classes of their key values (``KeyValueClasses``): two connections belong
/// together when they share at least one key parameter and every key parameter both carry is in the same class. A
/// group is reported when, as the gateway decodes them, its members hand the backend different values for a key,
/// or when a member's key never reaches the backend because its whole query was encoded as one value (reported
/// even for a connection on its own, since such a key can match nothing).
struct SubscriptionDiagnosis: Sendable {
    var policy: QueryDecodingPolicy

    /// The reported groups, in order of their first connection.
    func groups(_ queries: [SubscriptionQuery], keys: [String]) -> [SubscriptionGroup] {
        guard !keys.isEmpty else { return [] }
        let classes = keys.map { KeyValueClasses(parameter: $0, queries: queries, policy: policy) }
        var cellIndex: [[Int?]: Int] = [:]
        var cells: [(tuple: [Int?], queries: [Int])] = []
        for index in queries.indices {
            let tuple = classes.map { $0.classOfQuery[index] }
            guard tuple.contains(where: { $0 != nil }) else { continue }
            if let cell = cellIndex[tuple] {
                cells[cell].queries.append(index)
            } else {
                cellIndex[tuple] = cells.count
                cells.append((tuple, [index]))
            }
        }
        var components = UnionFind(count: cells.count)
        for first in cells.indices {
            for second in (first + 1)..<cells.count where Self.compatible(cells[first].tuple, cells[second].tuple) {
                components.union(first, second)
            }
        }
        var order: [Int] = []
        var members: [Int: [Int]] = [:]
        for (index, cell) in cells.enumerated() {
            let root = components.find(index)
            if members[root] == nil { order.append(root) }
            members[root, default: []] += cell.queries
        }
        return order.compactMap { root in
            let indices = (members[root] ?? []).sorted()
            return group(
                indices.map { queries[$0] }, keys: keys,
                classes: indices.map { index in classes.map { $0.classOfQuery[index] } })
        }
    }

    /// Whether two class tuples share a key and agree on every key both have.
    private static func compatible(_ first: [Int?], _ second: [Int?]) -> Bool {
        var shared = false
        for (left, right) in zip(first, second) {
            guard let left, let right else { continue }
            guard left == right else { return false }
            shared = true
        }
        return shared
    }

    /// The group for some connections, or `nil` when they all meet at the backend.
    private func group(_ queries: [SubscriptionQuery], keys: [String], classes: [[Int?]]) -> SubscriptionGroup? {
        var differences: [KeyDifference] = []
        var reportedEncoded: Set<Int> = []
        for (keyIndex, key) in keys.enumerated() {
            for (index, query) in queries.enumerated() where !reportedEncoded.contains(index) {
                guard let meant = query.meant[key], let carrier = meant.carriedBy, query.gatewayValue(key) == nil
                else { continue }
                reportedEncoded.insert(index)
                differences.append(wholeQueryEncoded(query, carrier: carrier, keys: keys))
            }
            differences += valueDifferences(
                key, queries: queries, classes: classes.map { $0[keyIndex] })
        }
        guard !differences.isEmpty else { return nil }
        let members = queries.map { query in
            SubscriptionMember(
                connection: query.connection, rawQuery: query.rawQuery,
                values: keys.compactMap { key in
                    query.meant[key].map {
                        SubscriptionKeyValue(
                            parameter: key, raw: $0.rawValue, gateway: query.gatewayValue(key),
                            meant: $0.value.intendedText, carriedBy: $0.carriedBy)
                    }
                })
        }
        let key = keys.compactMap { key -> SubscriptionGroup.KeyPart? in
            let values = queries.compactMap { $0.meant[key]?.value }
            guard let longest = values.max(by: { $0.comparableUnits.count < $1.comparableUnits.count }) else {
                return nil
            }
            return SubscriptionGroup.KeyPart(parameter: key, value: longest.intendedText)
        }
        return SubscriptionGroup(
            key: key, members: members, differences: differences,
            message: Self.message(members: members, key: key),
            fix: "Build the query the same way on every side: encode each name and value exactly once "
                + "(encodeURIComponent) and send the value whole: `\(Self.canonicalQuery(key))`.")
    }

    /// The differences between members' values for one key, pairing distinct raw values of the same class.
    private func valueDifferences(_ key: String, queries: [SubscriptionQuery], classes: [Int?]) -> [KeyDifference] {
        // One side per distinct raw value sent as an ordinary parameter, with the connections that sent it.
        var sides: [(side: ValueComparison.Side, valueClass: Int)] = []
        for (index, query) in queries.enumerated() {
            guard let meant = query.meant[key], meant.carriedBy == nil, let valueClass = classes[index] else {
                continue
            }
            if let existing = sides.firstIndex(where: { $0.side.value.raw == meant.rawValue }) {
                sides[existing].side.connections.append(query.connection.name)
            } else {
                sides.append(
                    (ValueComparison.Side(connections: [query.connection.name], value: meant.value), valueClass))
            }
        }
        var differences: [KeyDifference] = []
        for (offset, left) in sides.enumerated() {
            for right in sides[(offset + 1)...] where right.valueClass == left.valueClass {
                guard left.side.value.gatewayText != right.side.value.gatewayText else { continue }
                for difference in Self.compare(key, left.side, right.side)
                where !differences.contains(where: { $0.message == difference.message }) {
                    differences.append(difference)
                }
            }
        }
        return differences
    }

    /// What separates two sides the gateway decodes to different text.
    static func compare(_ key: String, _ left: ValueComparison.Side, _ right: ValueComparison.Side)
        -> [KeyDifference]
    {
        let leftName = left.connections.joined(separator: ", ")
        let rightName = right.connections.joined(separator: ", ")
        guard let comparison = ValueComparison(parameter: key, left: left, right: right) else {
            let fullText = left.value.intendedText.count >= right.value.intendedText.count ? left : right
            return [
                KeyDifference(
                    kind: .decodedDifferently, parameter: key, connections: left.connections + right.connections,
                    message: "the backend receives `\(left.value.gatewayText)` from \(leftName) (sent "
                        + "`\(left.value.raw)`) but `\(right.value.gatewayText)` from \(rightName) (sent "
                        + "`\(right.value.raw)`)",
                    fix: "Percent-encode `\(key)` exactly once, the same way on every side: "
                        + "`\(PercentEscaping.componentEncoded(fullText.value.intendedText))`.")
            ]
        }
        var differences: [KeyDifference] = []
        for difference in comparison.differences {
            let message = SameKeyDifferentBytes.describe(difference, left: leftName, right: rightName)
            guard !differences.contains(where: { $0.message == message }) else { continue }
            differences.append(encodingDifference(difference, key: key, left: left, right: right, message: message))
        }
        let leftCount = left.value.comparableUnits.count
        let rightCount = right.value.comparableUnits.count
        if leftCount != rightCount {
            differences.append(
                leftCount < rightCount
                    ? cutOff(key, short: left, long: right) : cutOff(key, short: right, long: left))
        }
        return differences
    }

    /// One position where both meant the same byte and the gateway decodes them differently.
    private static func encodingDifference(
        _ difference: ValueComparison.EncodingDifference, key: String, left: ValueComparison.Side,
        right: ValueComparison.Side, message: String
    ) -> KeyDifference {
        let meant = [difference.intended]
        let full = left.value.comparableUnits.count >= right.value.comparableUnits.count ? left : right
        let encoded = PercentEscaping.componentEncoded(full.value.intendedText)
        let pairs = [(difference.left, left, right), (difference.right, right, left)]
        for (unit, changed, kept) in pairs where unit.gateway != meant {
            let changedName = changed.connections.joined(separator: ", ")
            let connections = changed.connections + kept.connections
            if unit.raw == "+", unit.gateway == [UInt8(ascii: " ")] {
                return KeyDifference(
                    kind: .plusBecameSpace, parameter: key, connections: connections, message: message,
                    fix: "Encode `+` as `%2B` on \(changedName) (encodeURIComponent does): send `\(key)=\(encoded)`.")
            }
            if unit.gateway.first == UInt8(ascii: "%") {
                return KeyDifference(
                    kind: .doubleEncoded, parameter: key, connections: connections, message: message,
                    fix: "Encode the value once on \(changedName), not twice: send `\(key)=\(encoded)`.")
            }
        }
        return KeyDifference(
            kind: .decodedDifferently, parameter: key, connections: left.connections + right.connections,
            message: message,
            fix: "Percent-encode `\(key)` exactly once, the same way on every side: send `\(key)=\(encoded)`.")
    }

    /// The cut-off difference: which raw bytes end the short value and what they stand for in the long one.
    private static func cutOff(_ key: String, short: ValueComparison.Side, long: ValueComparison.Side)
        -> KeyDifference
    {
        let units = short.value.comparableUnits
        let bytes = units.map(\.intended)
        let tail = PrefixTruncated.tail(of: bytes)
        let tailCount = tail.utf8.count
        var rawTail = units.suffix(tailCount).map(\.raw).joined()
        if short.value.endsInsideEscape { rawTail += short.value.units[units.endIndex...].map(\.raw).joined() }
        let longBytes = long.value.intendedBytes
        let longTail = String(decoding: longBytes[(bytes.count - tailCount)...], as: UTF8.self)
        let missing = String(decoding: longBytes.dropFirst(bytes.count), as: UTF8.self)
        let shortName = short.connections.joined(separator: ", ")
        let longName = long.connections.joined(separator: ", ")
        let escapeNote = short.value.endsInsideEscape ? " (cut inside a percent-escape)" : ""
        return KeyDifference(
            kind: .prefixTruncated, parameter: key, connections: short.connections + long.connections,
            message: "`\(rawTail)` (\(shortName)) is a cut-off prefix of `\(longTail)` (\(longName)): the value from "
                + "\(shortName) stops after `\(tail)`\(escapeNote), and `\(missing)` is missing",
            fix: "Send the whole value from \(shortName): `\(key)="
                + "\(PercentEscaping.componentEncoded(long.value.intendedText))`; look for where it is cut (a length "
                + "limit, a substring, a split at `%` or `+`).")
    }

    /// The difference for a connection whose key parameters were encoded into another parameter.
    private func wholeQueryEncoded(_ query: SubscriptionQuery, carrier: String, keys: [String]) -> KeyDifference {
        let missing = keys.filter { query.meant[$0]?.carriedBy != nil && query.gatewayValue($0) == nil }
        let carried = query.names.filter { query.meant[$0]?.carriedBy == carrier }
        let intended = carried.compactMap { name in
            query.meant[name].map { "\(name)=\(PercentEscaping.componentEncoded($0.value.intendedText))" }
        }
        let carrierValue = query.gateway[carrier].map { $0.isEmpty ? "an empty value" : "the value `\($0)`" }
        let name = query.connection.name
        // A carrier whose decoded name holds `=` or `&` is a whole query sent as a name; otherwise the query was
        // nested in an ordinary parameter's value.
        let isWholeQuery = carrier.contains("=") || carrier.contains("&")
        let what =
            isWholeQuery
            ? "sent the whole query encoded as one value, so `=` and `&` vanished: the backend receives one "
                + "parameter named `\(carrier)` with \(carrierValue ?? "no value")"
            : "sent a query string encoded into the value of `\(carrier)`: the backend receives it as one value"
        return KeyDifference(
            kind: .wholeQueryEncoded, parameter: missing.first ?? keys[0], connections: [name],
            message: "\(name) \(what), and no \(Self.list(missing.map { "`\($0)`" }, conjunction: "or")) parameter",
            fix: "Send `\(intended.joined(separator: "&"))` from \(name): encode each name and value on its own, never "
                + "the joined query string.")
    }

    private static func message(members: [SubscriptionMember], key: [SubscriptionGroup.KeyPart]) -> String {
        let keyText = key.map { "\($0.parameter) `\($0.value)`" }.joined(separator: ", ")
        let names = list(members.map(\.connection.name))
        guard members.count > 1 else {
            return "\(names) means the key \(keyText), but the key never reaches the backend as sent, so no "
                + "subscription can match it."
        }
        let received = Set(members.map { member in key.map { member.value(of: $0.parameter)?.gateway } })
        return "\(names) mean the same key (\(keyText)), but the backend receives \(received.count) different "
            + "values for it, so what is stored under one is never found under another."
    }

    /// A query sending the key with every value encoded once.
    static func canonicalQuery(_ key: [SubscriptionGroup.KeyPart]) -> String {
        key.map { "\($0.parameter)=\(PercentEscaping.componentEncoded($0.value))" }.joined(separator: "&")
    }

    /// `a`, `a and b`, `a, b and c` (or with another conjunction).
    static func list(_ items: [String], conjunction: String = "and") -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items[items.count - 1]
    }
}
