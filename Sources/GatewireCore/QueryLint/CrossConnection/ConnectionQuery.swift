/// One connection's `$connect` query, labelled so cross-connection findings can say which connections differ.
public struct ConnectionQuery: Hashable, Sendable {
    /// The label shown in findings (a connection label such as `c1`, a connection id, or the URL's position).
    public var connection: String
    /// The query as that connection sent it.
    public var query: QueryString

    /// Labels a query.
    public init(connection: String, query: QueryString) {
        self.connection = connection
        self.query = query
    }

    /// Labels the query of a parsed URL.
    public init(connection: String, url: ConnectURL) {
        self.init(connection: connection, query: url.query)
    }
}
