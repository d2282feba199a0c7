/// The text frames API Gateway sends a client when it cannot deliver a message, byte for byte.
///
/// The spacing is irregular and must be kept exactly: `": "` after `"message"`, `":"` after the other keys and
/// `", "` between members, as captured from real gateways with wscat and browsers (aws-samples
/// simple-websockets-chat-app issues #24 and #46):
///
/// ```
/// {"message": "Forbidden", "connectionId":"XDmENcnwIE0CFEQ=", "requestId":"XDmGEE2RoE0FRdQ="}
/// ```
public enum GatewayErrorFrame {
    /// The connection id written when the caller does not know it.
    ///
    /// It follows AWS's own documentation, which writes unknown ids as `{connectionId}`; it cannot be mistaken
    /// for a real id, whose shape is 16 base64url characters ending in `=`.
    public static let unknownConnectionID = "{connectionId}"
    /// The request id written when the caller does not know it (see `unknownConnectionID`).
    public static let unknownRequestID = "{requestId}"

    /// The frame sent when no route matches and there is no `$default` (also when the route is not deployed).
    /// The connection stays open.
    ///
    /// - Parameters:
    ///   - connectionID: the connection's id, or `nil` for the `{connectionId}` placeholder.
    ///   - requestID: the message's request id, or `nil` for the `{requestId}` placeholder.
    public static func forbidden(connectionID: ConnectionID?, requestID: String?) -> String {
        frame(message: "Forbidden", connectionID: connectionID, requestID: requestID)
    }

    /// The frame sent when the integration fails (throws, returns an invalid response, is throttled), even on a
    /// one-way route. The connection stays open.
    ///
    /// - Parameters:
    ///   - connectionID: the connection's id, or `nil` for the `{connectionId}` placeholder.
    ///   - requestID: the message's request id, or `nil` for the `{requestId}` placeholder.
    public static func internalServerError(connectionID: ConnectionID?, requestID: String?) -> String {
        frame(message: "Internal server error", connectionID: connectionID, requestID: requestID)
    }

    private static func frame(message: String, connectionID: ConnectionID?, requestID: String?) -> String {
        let connection = JSONStringLiteral.quote(connectionID?.rawValue ?? unknownConnectionID)
        let request = JSONStringLiteral.quote(requestID ?? unknownRequestID)
        return "{\"message\": \(JSONStringLiteral.quote(message)), \"connectionId\":\(connection), "
            + "\"requestId\":\(request)}"
    }
}
