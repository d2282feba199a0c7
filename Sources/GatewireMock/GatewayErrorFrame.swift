import GatewireCore

/// The error frames API Gateway sends to a client, byte for byte as captured (reference §1.3): note the
/// irregular spacing, `": "` after `message` and `":"` after the other keys.
enum GatewayErrorFrame {
    /// No route matched and there is no `$default`; the connection stays open.
    static func forbidden(connectionID: ConnectionID, requestID: String) -> String {
        frame(message: "Forbidden", connectionID: connectionID, requestID: requestID)
    }

    /// The integration failed (threw, timed out, answered garbage); sent even on one-way routes, and the
    /// connection stays open.
    static func internalServerError(connectionID: ConnectionID, requestID: String) -> String {
        frame(message: "Internal server error", connectionID: connectionID, requestID: requestID)
    }

    private static func frame(message: String, connectionID: ConnectionID, requestID: String) -> String {
        #"{"message": "\#(message)", "connectionId":"\#(connectionID.rawValue)", "requestId":"\#(requestID)"}"#
    }
}
