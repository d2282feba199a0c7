/// One thing that happened in a WebSocket session, whatever its source: the live proxy, a pcap capture, a HAR
/// file or a recording.
///
/// Every consumer (log, recorder, analyzer, diagnosis, replay) reads this one stream, so sources only have to
/// produce it and consumers never care where traffic came from.
public enum SessionEvent: Hashable, Sendable {
    /// A handshake (`$connect`), accepted or rejected.
    case connect(ConnectEvent)
    /// A complete text or binary message, reassembled from its frames.
    case message(MessageEvent)
    /// A ping or pong.
    case control(ControlEvent)
    /// A close frame, or the end of the connection without one.
    case close(CloseEvent)
    /// A protocol violation, an upstream failure, or a gap in a capture.
    case error(ErrorEvent)

    /// When the event was observed.
    public var time: Timestamp {
        switch self {
        case .connect(let event): event.time
        case .message(let event): event.time
        case .control(let event): event.time
        case .close(let event): event.time
        case .error(let event): event.time
        }
    }

    /// The label of the connection the event belongs to (`nil` only for errors outside any connection).
    /// The findings the event carries: connects and messages carry them, the other kinds none.
    public var findings: [Finding] {
        switch self {
        case .connect(let event): event.findings
        case .message(let event): event.findings
        case .control, .close, .error: []
        }
    }

    public var connection: String? {
        switch self {
        case .connect(let event): event.connection
        case .message(let event): event.connection
        case .control(let event): event.connection
        case .close(let event): event.connection
        case .error(let event): event.connection
        }
    }
}

/// A WebSocket handshake as the gateway's `$connect` sees it.
public struct ConnectEvent: Hashable, Sendable {
    public var time: Timestamp
    /// The connection's label, unique within a session (`c1`, `c2`, …); events refer to it.
    public var connection: String
    /// The gateway-style connection id, when known (the mock assigns one; a real gateway's is not visible).
    public var connectionID: ConnectionID?
    /// The client's address as `host:port`.
    public var client: String?
    /// The upstream's address as `host:port`, when proxied.
    public var upstream: String?
    public var method: String
    /// The request path, exactly as sent (not decoded).
    public var path: String
    /// The query string exactly as sent, without the `?`; `nil` when the URL had no `?`.
    public var rawQuery: String?
    /// The query as the gateway would decode it.
    public var query: DecodedQuery?
    public var headers: [HTTPHeader]
    /// The subprotocol the server selected, if any.
    public var subprotocol: String?
    /// The handshake's HTTP status (101 when accepted), or `nil` when no response was seen.
    public var status: Int?
    public var findings: [Finding]

    /// Creates a connect event.
    public init(
        time: Timestamp, connection: String, connectionID: ConnectionID? = nil, client: String? = nil,
        upstream: String? = nil, method: String = "GET", path: String, rawQuery: String? = nil,
        query: DecodedQuery? = nil, headers: [HTTPHeader] = [], subprotocol: String? = nil, status: Int? = 101,
        findings: [Finding] = []
    ) {
        self.time = time
        self.connection = connection
        self.connectionID = connectionID
        self.client = client
        self.upstream = upstream
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.query = query
        self.headers = headers
        self.subprotocol = subprotocol
        self.status = status
        self.findings = findings
    }
}

/// A complete data message.
public struct MessageEvent: Hashable, Sendable {
    public var time: Timestamp
    public var connection: String
    public var direction: Direction
    /// `.text` or `.binary`: the opcode of the message's first frame.
    public var opcode: Opcode
    /// The whole (decompressed) payload.
    public var payload: [UInt8]
    /// How many frames carried it (more than one when fragmented).
    public var frameCount: Int
    /// The payload size of its largest frame as sent on the wire (the gateway's 32 KB limit is per frame);
    /// `nil` when the source does not know frames (HAR).
    public var largestFrameSize: Int?
    /// Whether it travelled compressed (permessage-deflate, RSV1 set); `payload` is always the inflated bytes.
    public var compressed: Bool
    /// Where the gateway would route it; only client messages are routed.
    public var resolution: RouteResolution?
    public var findings: [Finding]
    /// What Gatewire did to it (injected, dropped, held…), or `nil` when a peer sent it and it was relayed as is.
    public var intervention: Intervention?

    /// Creates a message event.
    public init(
        time: Timestamp, connection: String, direction: Direction, opcode: Opcode, payload: [UInt8],
        frameCount: Int = 1, largestFrameSize: Int? = nil, compressed: Bool = false,
        resolution: RouteResolution? = nil, findings: [Finding] = [], intervention: Intervention? = nil
    ) {
        self.time = time
        self.connection = connection
        self.direction = direction
        self.opcode = opcode
        self.payload = payload
        self.frameCount = frameCount
        self.largestFrameSize = largestFrameSize
        self.compressed = compressed
        self.resolution = resolution
        self.findings = findings
        self.intervention = intervention
    }

    /// Creates a text message event from a string.
    public init(
        time: Timestamp, connection: String, direction: Direction, text: String, frameCount: Int = 1,
        resolution: RouteResolution? = nil, findings: [Finding] = []
    ) {
        self.init(
            time: time, connection: connection, direction: direction, opcode: .text, payload: Array(text.utf8),
            frameCount: frameCount, resolution: resolution, findings: findings)
    }

    /// The payload size in bytes.
    public var size: Int { payload.count }

    /// The payload as text when it is a text message holding valid UTF-8.
    public var text: String? {
        guard opcode == .text else { return nil }
        return String(validating: payload, as: UTF8.self)
    }
}

/// A ping or a pong.
public struct ControlEvent: Hashable, Sendable {
    public var time: Timestamp
    public var connection: String
    public var direction: Direction
    /// `.ping` or `.pong`.
    public var opcode: Opcode
    public var payload: [UInt8]

    /// Creates a control event.
    public init(time: Timestamp, connection: String, direction: Direction, opcode: Opcode, payload: [UInt8] = []) {
        self.time = time
        self.connection = connection
        self.direction = direction
        self.opcode = opcode
        self.payload = payload
    }
}

/// The end of a connection: a close frame from one side, or the transport ending without one.
public struct CloseEvent: Hashable, Sendable {
    public var time: Timestamp
    public var connection: String
    /// The side whose close frame this is, or `nil` when the TCP connection ended without a close frame.
    public var direction: Direction?
    public var info: CloseInfo
    /// `injected` when Gatewire sent this close frame itself (the control API, a fault), else `nil`.
    public var intervention: Intervention?

    /// Creates a close event.
    public init(
        time: Timestamp, connection: String, direction: Direction?, info: CloseInfo,
        intervention: Intervention? = nil
    ) {
        self.time = time
        self.connection = connection
        self.direction = direction
        self.info = info
        self.intervention = intervention
    }
}

/// Something went wrong: a protocol violation by one peer, an unreachable upstream, a gap in a capture.
public struct ErrorEvent: Hashable, Sendable {
    public var time: Timestamp
    public var connection: String?
    /// The side that misbehaved or failed, when one did.
    public var side: Direction?
    /// A stable kebab-case code, for example `unmasked-client-frame` or `upstream-unreachable`.
    public var code: String
    /// One sentence for a person.
    public var message: String
    /// The close code sent because of it, if any.
    public var closeCode: UInt16?

    /// Creates an error event.
    public init(
        time: Timestamp, connection: String?, side: Direction? = nil, code: String, message: String,
        closeCode: UInt16? = nil
    ) {
        self.time = time
        self.connection = connection
        self.side = side
        self.code = code
        self.message = message
        self.closeCode = closeCode
    }
}
