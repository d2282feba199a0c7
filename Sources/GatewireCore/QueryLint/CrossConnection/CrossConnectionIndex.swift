/// The query values of earlier connections, indexed so that a new connection is compared only with the values
/// that can give a cross-connection finding.
///
/// `CrossConnectionLinter.lint(_:)` compares every pair of distinct values of a parameter; run again for each new
/// connection over all earlier ones, that is cubic, and a capture with 1 500 subscriptions took minutes. But both
/// rules need the two values to mean the same bytes as far as the shorter one goes (`ValueComparison`), so one
/// value's meaning is a prefix of the other's. Values are kept sorted by meaning, and a new value is compared with
/// those whose meaning is a prefix of its own or starts with it: a handful of binary searches instead of a scan.
///
/// `add(_:)` returns exactly what `CrossConnectionLinter(policy:).lint(earlier + [query])` returns for the pairs
/// that involve the new connection, in the same order, where `earlier` is every query added and not yet removed
/// (CrossConnectionIndexTests compares the two on generated sequences).
public struct CrossConnectionIndex: Sendable {
    /// How query bytes are decoded, as in `CrossConnectionLinter`.
    public let policy: QueryDecodingPolicy
    private var parameters: [String: ParameterValues] = [:]
    private var nextSequence = 0

    /// Creates an empty index.
    public init(policy: QueryDecodingPolicy = .gateway) {
        self.policy = policy
    }

    /// One distinct raw value of a parameter and the connections that sent it, in the order they were added.
    private struct Side: Sendable {
        var raw: String
        var value: IntendedValue
        /// The bytes the value means, as compared (`IntendedValue.comparableUnits`): the sort key.
        var meaning: [UInt8]
        /// The connections that sent it, each with when it was added and where the parameter stood in its query.
        var members: [(connection: String, sequence: Int, position: Int)]
        /// When the earliest connection still in the index sent it: the linter's order of first appearance.
        var firstSequence: Int { members[0].sequence }
        /// The earliest connection's sequence and the parameter's place in its query: where the linter first met the
        /// parameter's name among this side's connections.
        var firstAppearance: (Int, Int) { (members[0].sequence, members[0].position) }
    }

    /// Every side of one parameter, by raw value and sorted by meaning.
    private struct ParameterValues: Sendable {
        var sides: [Int: Side] = [:]
        var sideByRaw: [String: Int] = [:]
        var byMeaning: [(meaning: [UInt8], side: Int)] = []
        var nextSide = 0

        /// The first position in `byMeaning` whose meaning does not sort before `meaning`.
        func lowerBound(_ meaning: ArraySlice<UInt8>) -> Int {
            var low = 0
            var high = byMeaning.count
            while low < high {
                let middle = (low + high) / 2
                if byMeaning[middle].meaning.lexicographicallyPrecedes(meaning) {
                    low = middle + 1
                } else {
                    high = middle
                }
            }
            return low
        }

        /// The sides whose meaning is a non-empty prefix of `meaning` or starts with it, `except` excluded.
        func related(to meaning: [UInt8], except: Int) -> [Int] {
            // An empty value compares equal to every value as far as it goes, yet no rule reports it.
            guard !meaning.isEmpty else { return [] }
            var found: [Int] = []
            for length in 1..<max(meaning.count, 1) {
                let prefix = meaning[..<length]
                var position = lowerBound(prefix)
                while position < byMeaning.count, byMeaning[position].meaning.elementsEqual(prefix) {
                    found.append(byMeaning[position].side)
                    position += 1
                }
            }
            var position = lowerBound(meaning[...])
            while position < byMeaning.count, byMeaning[position].meaning.starts(with: meaning) {
                if byMeaning[position].side != except { found.append(byMeaning[position].side) }
                position += 1
            }
            return found
        }

        mutating func insert(
            _ connection: String, raw: String, sequence: Int, position: Int, policy: QueryDecodingPolicy
        ) -> Int {
            if let id = sideByRaw[raw] {
                if !sides[id]!.members.contains(where: { $0.connection == connection }) {
                    sides[id]!.members.append((connection, sequence, position))
                }
                return id
            }
            let value = IntendedValue(raw: raw, policy: policy)
            let meaning = value.comparableUnits.map(\.intended)
            let id = nextSide
            nextSide += 1
            sides[id] = Side(raw: raw, value: value, meaning: meaning, members: [(connection, sequence, position)])
            sideByRaw[raw] = id
            byMeaning.insert((meaning, id), at: lowerBound(meaning[...]))
            return id
        }

        mutating func remove(_ connection: String, raw: String) {
            guard let id = sideByRaw[raw], var side = sides[id] else { return }
            side.members.removeAll { $0.connection == connection }
            guard side.members.isEmpty else {
                sides[id] = side
                return
            }
            sides[id] = nil
            sideByRaw[raw] = nil
            var position = lowerBound(side.meaning[...])
            while position < byMeaning.count, byMeaning[position].side != id { position += 1 }
            if position < byMeaning.count { byMeaning.remove(at: position) }
        }

        /// Where the linter first meets this parameter's name: the earliest connection still in the index that sent
        /// it, and the name's place in that connection's query.
        var firstAppearance: (Int, Int)? { sides.values.lazy.map(\.firstAppearance).min { $0 < $1 } }
    }

    /// The parameter names and values the linter takes from a query: a repeated name's last value.
    private func values(of query: QueryString) -> [(name: String, raw: String)] {
        CrossConnectionLinter(policy: policy).comparedValues(of: query)
    }

    /// Adds a connection's query and returns the cross-connection findings that involve it.
    public mutating func add(_ query: ConnectionQuery) -> [Finding] {
        let sequence = nextSequence
        nextSequence += 1
        // The linter reports parameters in the order their names first appeared among the connections it was given.
        let named = values(of: query.query).enumerated().map { position, pair in
            (pair.name, pair.raw, position, parameters[pair.name]?.firstAppearance ?? (sequence, position))
        }
        var findings: [Finding] = []
        for (name, raw, position, _) in named.sorted(by: { $0.3 < $1.3 }) {
            // Mutated in place: a copy of the parameter's index per connection would cost as much as the scan.
            let id = parameters[name, default: ParameterValues()].insert(
                query.connection, raw: raw, sequence: sequence, position: position, policy: policy)
            let values = parameters[name]!
            let current = values.sides[id]!
            let others = values.related(to: current.meaning, except: id).compactMap { values.sides[$0] }
            for other in others.sorted(by: { $0.firstSequence < $1.firstSequence }) {
                let (left, right) = other.firstSequence < current.firstSequence ? (other, current) : (current, other)
                guard
                    let comparison = ValueComparison(
                        parameter: name, left: Self.comparisonSide(left), right: Self.comparisonSide(right))
                else { continue }
                findings += CrossConnectionLinter.rules.compactMap { $0.finding(for: comparison) }
            }
        }
        return findings
    }

    /// Removes a connection's query, added earlier; its values stay while other connections share them.
    public mutating func remove(_ query: ConnectionQuery) {
        for (name, raw) in values(of: query.query) {
            parameters[name]?.remove(query.connection, raw: raw)
            if parameters[name]?.sides.isEmpty == true { parameters[name] = nil }
        }
    }

    private static func comparisonSide(_ side: Side) -> ValueComparison.Side {
        ValueComparison.Side(connections: side.members.map(\.connection), value: side.value)
    }
}
