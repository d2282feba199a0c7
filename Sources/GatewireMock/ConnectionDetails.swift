public import GatewireCore

/// What the gateway knows about a connection from its handshake: the facts every Lambda proxy event and
/// `GET @connections` answer repeat.
public struct ConnectionDetails: Sendable, Hashable {
    /// The gateway-shaped id (`R1kmxc2VNjMCFIA=`).
    public var id: ConnectionID
    /// The session label used in events (`c1`, `c2`, …).
    public var label: String
    /// The stage the client connected to.
    public var stage: String
    /// `requestContext.apiId`.
    public var apiID: String
    /// `requestContext.domainName`: the `Host` the client used.
    public var domainName: String
    /// When the handshake arrived.
    public var connectedAt: Timestamp
    /// The client's IP address (`identity.sourceIp`).
    public var sourceIP: String
    /// The client's `User-Agent`, when it sent one (`identity.userAgent` is present only then).
    public var userAgent: String?
    /// The handshake's headers in arrival order.
    public var headers: [HTTPHeader]
    /// The request path, as sent.
    public var path: String
    /// The raw query, without `?`, or `nil` when there was none.
    public var rawQuery: String?
    /// The query as the gateway decodes it for `$connect`.
    public var query: DecodedQuery?

    /// Creates connection details.
    public init(
        id: ConnectionID, label: String, stage: String, apiID: String, domainName: String, connectedAt: Timestamp,
        sourceIP: String, userAgent: String?, headers: [HTTPHeader], path: String, rawQuery: String?,
        query: DecodedQuery?
    ) {
        self.id = id
        self.label = label
        self.stage = stage
        self.apiID = apiID
        self.domainName = domainName
        self.connectedAt = connectedAt
        self.sourceIP = sourceIP
        self.userAgent = userAgent
        self.headers = headers
        self.path = path
        self.rawQuery = rawQuery
        self.query = query
    }
}
