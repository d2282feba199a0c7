/// Something on one connection that the real gateway refuses, cuts off or is about to cut off.
public struct GatewayTrouble: Codable, Hashable, Sendable {
    /// What kind of trouble; the raw values are stable kebab-case codes for scripts.
    public enum Kind: String, Codable, Hashable, Sendable, CaseIterable {
        /// The handshake was answered with a status other than 101 (403 for a wrong stage, 401/403 from an
        /// authorizer, the `$connect` integration's own status, 502 when it threw).
        case handshakeRejected = "handshake-rejected"
        /// A frame above 32 KB: the gateway closes the connection with 1009.
        case frameTooLarge = "frame-too-large"
        /// A message above 128 KB: the gateway closes with 1009 (or refuses the `@connections` post with 413).
        case messageTooLarge = "message-too-large"
        /// A binary message from the client: the gateway never routes binary and closes with 1003.
        case binaryFrame = "binary-frame"
        /// A close with a code that means something broke (1002, 1003, 1006, 1007, 1008, 1009, 1010, 1011, …).
        case abnormalClose = "abnormal-close"
        /// A silence close to the 10-minute idle timeout.
        case idleNearLimit = "idle-near-limit"
        /// A silence longer than the idle timeout: the gateway would have closed the connection.
        case idleTimeout = "idle-timeout"
        /// A connection close to the 2-hour maximum duration.
        case durationNearLimit = "duration-near-limit"
        /// A connection older than the maximum duration: the gateway would have closed it.
        case durationExceeded = "connection-duration-exceeded"
        /// A protocol violation or transport failure reported on the connection.
        case protocolError = "protocol-error"
    }

    public var kind: Kind
    public var severity: Finding.Severity
    /// The connection concerned.
    public var connection: DiagnosedConnection
    /// When it (first) happened.
    public var time: Timestamp
    /// How many times it happened on this connection (messages over a limit, binary messages).
    public var count: Int
    /// What happened and what the gateway does about it, in plain words.
    public var message: String
    /// What to change, when there is something to change.
    public var fix: String?
    /// The handshake's HTTP status, for rejected handshakes.
    public var status: Int?
    /// The close code (1006 for a connection that ended without a close frame), for closes.
    public var closeCode: UInt16?
    /// The size in bytes (the largest, when several), for frames and messages over a limit.
    public var size: Int?
    /// The length of the silence or of the connection in seconds, for the time limits.
    public var seconds: Double?
    /// The error event's code, for protocol errors.
    public var code: String?

    /// Creates a trouble item.
    public init(
        kind: Kind, severity: Finding.Severity, connection: DiagnosedConnection, time: Timestamp, count: Int = 1,
        message: String, fix: String? = nil, status: Int? = nil, closeCode: UInt16? = nil, size: Int? = nil,
        seconds: Double? = nil, code: String? = nil
    ) {
        self.kind = kind
        self.severity = severity
        self.connection = connection
        self.time = time
        self.count = count
        self.message = message
        self.fix = fix
        self.status = status
        self.closeCode = closeCode
        self.size = size
        self.seconds = seconds
        self.code = code
    }
}
