/// One connection of a subscription group, with the key parameters it sent.
public struct SubscriptionMember: Codable, Hashable, Sendable {
    /// The connection.
    public var connection: DiagnosedConnection
    /// Its `$connect` query exactly as sent, without the `?`.
    public var rawQuery: String
    /// Its key parameters, in key order; a key it did not send is left out.
    public var values: [SubscriptionKeyValue]

    /// Creates a member.
    public init(connection: DiagnosedConnection, rawQuery: String, values: [SubscriptionKeyValue]) {
        self.connection = connection
        self.rawQuery = rawQuery
        self.values = values
    }

    /// The member's value for one key parameter, if it sent one.
    public func value(of parameter: String) -> SubscriptionKeyValue? {
        values.first { $0.parameter == parameter }
    }
}
