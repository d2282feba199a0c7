/// API Gateway's fixed WebSocket quotas, the ones that change what happens on the wire.
///
/// Values are from AWS's "Quotas for configuring and running a WebSocket API" page, none of them raisable. They
/// are fields, not constants, so a user can check traffic against other numbers (a future quota, a stricter own
/// budget) and tests can scale time limits down.
public struct GatewayLimits: Codable, Hashable, Sendable {
    /// Largest frame payload the gateway accepts: 32 KB. "A message larger than 32 KB must be split into multiple
    /// frames, each 32 KB or smaller … If a larger message (or larger frame size) is received, the connection is
    /// closed with code 1009." The same limit applies to `@connections` posts.
    public var maxFrameSize: Int
    /// Largest message payload: 128 KB, also the `Data` maximum of `PostToConnection` (131072 bytes).
    public var maxMessageSize: Int
    /// Seconds without activity after which the gateway closes a connection: 10 minutes. AWS does not define
    /// "activity"; Gatewire counts any data or control frame in either direction.
    public var idleTimeout: Double
    /// Seconds after which the gateway closes any connection: 2 hours.
    public var maxConnectionDuration: Double
    /// Longest `$connect` URL: 4096 characters.
    public var maxURLLength: Int

    /// The gateway's published limits.
    public static let apiGateway = GatewayLimits(
        maxFrameSize: 32 * 1024, maxMessageSize: 128 * 1024, idleTimeout: 600, maxConnectionDuration: 7200,
        maxURLLength: 4096)

    /// Creates limits; every value must be positive.
    public init(
        maxFrameSize: Int, maxMessageSize: Int, idleTimeout: Double, maxConnectionDuration: Double,
        maxURLLength: Int
    ) {
        self.maxFrameSize = maxFrameSize
        self.maxMessageSize = maxMessageSize
        self.idleTimeout = idleTimeout
        self.maxConnectionDuration = maxConnectionDuration
        self.maxURLLength = maxURLLength
    }
}
