/// One end of a TCP connection.
public struct Endpoint: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    /// Creates an endpoint.
    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    public static func < (lhs: Endpoint, rhs: Endpoint) -> Bool {
        (lhs.address, lhs.port) < (rhs.address, rhs.port)
    }

    /// `host:port`, with IPv6 in brackets.
    public var description: String { address.withPort(port) }
}

/// Identifies a TCP connection whichever way a segment travels: the two endpoints in a fixed order.
public struct FlowKey: Hashable, Sendable, CustomStringConvertible {
    /// Which of the key's two endpoints sent a segment.
    public enum Side: Hashable, Sendable {
        case lower
        case higher

        /// The other side.
        public var opposite: Side { self == .lower ? .higher : .lower }
    }

    /// The endpoint that sorts first.
    public var lower: Endpoint
    /// The endpoint that sorts second.
    public var higher: Endpoint

    /// The key of the connection a segment from `source` to `destination` belongs to.
    public init(source: Endpoint, destination: Endpoint) {
        if source < destination {
            lower = source
            higher = destination
        } else {
            lower = destination
            higher = source
        }
    }

    /// The side that `endpoint` is.
    public func side(of endpoint: Endpoint) -> Side {
        endpoint == lower ? .lower : .higher
    }

    /// The endpoint on `side`.
    public func endpoint(_ side: Side) -> Endpoint {
        side == .lower ? lower : higher
    }

    public var description: String { "\(lower) <-> \(higher)" }
}
