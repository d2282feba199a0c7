import GatewireCore

/// What stands behind the mock gateway's routes: Lambda-style integrations or a recording being replayed.
protocol MockBackend: Sendable {
    /// Decides the handshake while the upgrade is pending, as `$connect` does.
    func handshake(_ request: HandshakeRequest) async -> HandshakeDecision
    /// Serves an accepted connection until its messages end (the connection closed) or the task is cancelled.
    func serve(_ connection: MockConnection, messages: AsyncStream<RoutedMessage>) async
    /// Runs after the connection closed, as `$disconnect` does (best effort).
    func disconnected(_ details: ConnectionDetails, close: CloseInfo) async
}

/// A pending upgrade request, as `$connect` sees it.
struct HandshakeRequest: Sendable {
    var details: ConnectionDetails
    var requestID: String
    /// The subprotocols the client offered, in order (`Sec-WebSocket-Protocol`).
    var offeredSubprotocols: [String]
    /// The port the gateway listens on (for `X-Forwarded-Port`).
    var listenPort: Int
}

/// The outcome of `$connect`.
struct HandshakeDecision: Sendable {
    /// The HTTP status: 101 accepts, anything else is sent as the handshake's status.
    var status: Int
    /// The subprotocol to echo, when accepted.
    var subprotocol: String?
    /// The body of a rejection.
    var body: String
    /// Why it was rejected, for the event log.
    var error: IntegrationError?

    /// Accepts, optionally selecting a subprotocol.
    static func accept(subprotocol: String? = nil) -> HandshakeDecision {
        HandshakeDecision(status: 101, subprotocol: subprotocol, body: "", error: nil)
    }

    /// Whether the upgrade goes ahead.
    var accepts: Bool { status == 101 }
}

/// A complete client message with its route, handed to the backend.
struct RoutedMessage: Sendable {
    var time: Timestamp
    var opcode: Opcode
    var payload: [UInt8]
    var resolution: RouteResolution
    var requestID: String
    var messageID: String
}

/// Makes the gateway's 16-character request and message ids (the same shape as connection ids).
enum GatewayIdentifier {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return ConnectionID(bytes: (0..<11).map { _ in UInt8.random(in: .min ... .max, using: &generator) }).rawValue
    }

    static func makeConnectionID() -> ConnectionID { ConnectionID(rawValue: make()) }
}
