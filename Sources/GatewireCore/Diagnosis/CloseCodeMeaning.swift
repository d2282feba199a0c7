/// What a WebSocket close code says about how a connection ended (RFC 6455 §7.4.1), and which codes mean that
/// something went wrong.
///
/// 1000 (normal), 1001 (going away: a tab closed, a server restarting) and 1005 (no code given) are ordinary ends,
/// and 3000–4999 belong to applications, which choose their own meanings. The other registered codes report a
/// failure; 1003 and 1009 are what API Gateway itself sends for a binary frame and an oversized frame or message.
public enum CloseCodeMeaning {
    /// Whether the code reports a failure rather than an ordinary end.
    public static func isAbnormal(_ code: UInt16) -> Bool {
        switch code {
        case 1002, 1003, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015: true
        default: false
        }
    }

    /// The code's name and, where the gateway is the likely sender, why it sends it.
    public static func explanation(_ code: UInt16) -> String {
        switch code {
        case 1002: "1002 protocol error: a peer broke the WebSocket protocol"
        case 1003:
            "1003 unsupported data: API Gateway closes with 1003 when a client sends a binary frame"
        case 1006:
            "1006 abnormal closure: the connection ended without a close frame (network failure, a killed process, "
                + "or a timeout)"
        case 1007: "1007 invalid payload: a text message was not valid UTF-8"
        case 1008: "1008 policy violation"
        case 1009:
            "1009 message too big: API Gateway closes with 1009 when a frame exceeds 32 KB or a message 128 KB"
        case 1010: "1010 mandatory extension: the client required an extension the server did not accept"
        case 1011: "1011 internal error: the server hit an unexpected condition"
        case 1012: "1012 service restart"
        case 1013: "1013 try again later"
        case 1014: "1014 bad gateway"
        case 1015: "1015 TLS handshake failure"
        default: "\(code)"
        }
    }
}
