/// A failure API Gateway produces on its own, which Gatewire can inject into a live session (proxy and mock) so a
/// client or a backend can be tested against it. Each case behaves as the gateway does (see
/// `docs/intercept.md`, "What each fault looks like").
public enum GatewayFault: String, Hashable, Sendable, CaseIterable, Codable {
    /// A frame above 32 KB: the gateway closes the client with 1009.
    case frameTooLarge = "frame-too-large"
    /// A message above 128 KB: the gateway closes the client with 1009 "Message too big".
    case messageTooLarge = "message-too-large"
    /// The 10-minute idle timeout: the gateway closes the client with 1001 "Going away".
    case idleTimeout = "idle-timeout"
    /// The 2-hour connection limit: the gateway closes the client with 1001 "Going away".
    case connectionDuration = "connection-duration"
    /// No route for the message: the client gets the `Forbidden` frame and the message goes nowhere.
    case forbidden
    /// The integration failed: the client gets the `Internal server error` frame and the message goes nowhere.
    case internalServerError = "internal-server-error"
    /// `@connections` calls for the connection answer 410 `GoneException`.
    case gone
    /// `@connections` calls for the connection answer 429 `LimitExceededException`.
    case throttled

    /// How the fault reaches the client.
    public enum Effect: Hashable, Sendable {
        /// The gateway closes the client's connection with this code and reason; the backend sees `$disconnect`.
        case close(code: UInt16, reason: String)
        /// The gateway answers the client's message with an error frame instead of delivering it.
        case errorFrame(message: String)
        /// The gateway answers `@connections` calls with this HTTP status and error type.
        case managementAPIError(status: Int, errorType: String, message: String)
    }

    /// What the gateway does.
    public var effect: Effect {
        switch self {
        case .frameTooLarge: .close(code: 1009, reason: "")
        case .messageTooLarge: .close(code: 1009, reason: "Message too big")
        case .idleTimeout, .connectionDuration: .close(code: 1001, reason: "Going away")
        case .forbidden: .errorFrame(message: "Forbidden")
        case .internalServerError: .errorFrame(message: "Internal server error")
        case .gone: .managementAPIError(status: 410, errorType: "GoneException", message: "Gone")
        case .throttled:
            .managementAPIError(status: 429, errorType: "LimitExceededException", message: "Too Many Requests")
        }
    }

    /// Whether the fault answers a message (and so can be a rule's action) rather than closing the connection or
    /// affecting `@connections` calls.
    public var answersMessage: Bool {
        if case .errorFrame = effect { return true }
        return false
    }

    /// The client-side error frame for an `errorFrame` fault, byte for byte as the gateway sends it.
    ///
    /// - Returns: `nil` for the faults that are not error frames.
    public func errorFrame(connectionID: ConnectionID?, requestID: String?) -> String? {
        switch self {
        case .forbidden: GatewayErrorFrame.forbidden(connectionID: connectionID, requestID: requestID)
        case .internalServerError:
            GatewayErrorFrame.internalServerError(connectionID: connectionID, requestID: requestID)
        default: nil
        }
    }
}
