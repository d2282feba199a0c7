/// What a close frame said and who sent it first.
public struct CloseInfo: Codable, Hashable, Sendable {
    /// The status code (RFC 6455 §7.4), or `nil` when the close frame had an empty body (reported as 1005).
    public var code: UInt16?
    /// The UTF-8 reason text, possibly empty.
    public var reason: String
    /// The peer that sent the first close frame, or `nil` when the TCP connection ended without one.
    public var initiator: Direction?

    /// Creates close information.
    public init(code: UInt16?, reason: String = "", initiator: Direction?) {
        self.code = code
        self.reason = reason
        self.initiator = initiator
    }
}
