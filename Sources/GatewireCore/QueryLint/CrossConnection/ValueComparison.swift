/// Two connections' values for one parameter, lined up by what their senders meant.
///
/// Built only for values whose meant bytes agree over the shorter one's length, that is equal values or one a
/// prefix of the other; unrelated values are not compared at all.
public struct ValueComparison: Sendable {
    /// One side: the connections that sent exactly this raw value, and the value read both ways.
    public struct Side: Sendable {
        /// Labels of the connections that sent this raw value.
        public var connections: [String]
        /// The value.
        public var value: IntendedValue
    }

    /// A position where both sides meant the same byte but the gateway decodes them differently.
    public struct EncodingDifference: Hashable, Sendable {
        /// What both meant.
        public var intended: UInt8
        /// How the left side sent it and what the gateway made of it.
        public var left: IntendedValue.Unit
        /// How the right side sent it and what the gateway made of it.
        public var right: IntendedValue.Unit
    }

    /// The decoded parameter name.
    public var parameter: String
    /// The first side (in input order).
    public var left: Side
    /// The second side.
    public var right: Side
    /// Positions over the common length where the gateway's bytes differ.
    public var differences: [EncodingDifference]

    /// Lines two sides up, or returns `nil` when their meant values disagree before the shorter one ends.
    init?(parameter: String, left: Side, right: Side) {
        let leftUnits = left.value.comparableUnits
        let rightUnits = right.value.comparableUnits
        var differences: [EncodingDifference] = []
        for (leftUnit, rightUnit) in zip(leftUnits, rightUnits) {
            guard leftUnit.intended == rightUnit.intended else { return nil }
            if leftUnit.gateway != rightUnit.gateway {
                differences.append(EncodingDifference(intended: leftUnit.intended, left: leftUnit, right: rightUnit))
            }
        }
        self.parameter = parameter
        self.left = left
        self.right = right
        self.differences = differences
    }

    /// Every connection label involved, left side first.
    public var connections: [String] { left.connections + right.connections }

    /// `c1, c2: `raw`` lines, one per side, for a finding's `raw` field.
    var rawLines: String { line(left, left.value.raw) + "\n" + line(right, right.value.raw) }
    /// The same for what the gateway decodes.
    var decodedLines: String { line(left, left.value.gatewayText) + "\n" + line(right, right.value.gatewayText) }

    /// A side's name for messages (`c1` or `c1, c3`).
    func label(_ side: Side) -> String { side.connections.joined(separator: ", ") }

    private func line(_ side: Side, _ text: String) -> String { "\(label(side)): \(text)" }
}
