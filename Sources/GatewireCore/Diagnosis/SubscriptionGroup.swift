/// Connections that mean the same subscription key but would not meet at the backend as the gateway decodes them:
/// the missing-subscription bug, explained.
///
/// Members are grouped by what their senders meant (every escape level decoded, a cut-off value joined to the
/// value it was cut from), so a raw `…+00:00` and an encoded, cut-off `…%2B00%3A` land in one group; the
/// differences then say exactly where the gateway's decoding pulls them apart.
public struct SubscriptionGroup: Codable, Hashable, Sendable {
    /// The logical key the members share, one entry per key parameter, holding the longest value meant.
    public var key: [KeyPart]
    /// The connections, in order of connection.
    public var members: [SubscriptionMember]
    /// Every reason members do not meet, in key order.
    public var differences: [KeyDifference]
    /// One sentence saying what goes wrong.
    public var message: String
    /// What to change so that every member reaches the backend with the same key.
    public var fix: String

    /// One parameter of a logical key.
    public struct KeyPart: Codable, Hashable, Sendable {
        /// The parameter name.
        public var parameter: String
        /// The value the members meant.
        public var value: String

        /// Creates a key part.
        public init(parameter: String, value: String) {
            self.parameter = parameter
            self.value = value
        }
    }

    /// Creates a group.
    public init(
        key: [KeyPart], members: [SubscriptionMember], differences: [KeyDifference], message: String, fix: String
    ) {
        self.key = key
        self.members = members
        self.differences = differences
        self.message = message
        self.fix = fix
    }
}
