import Foundation

/// A plain HTTP response the gateway gives outside a WebSocket: `@connections` answers, refused handshakes, and
/// the answers of Gatewire's own control API, which speaks the same way.
public struct HTTPAnswer: Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// Header fields, beside those the server adds (`Content-Length`, `Connection`).
    public var headers: [String: String]
    /// The body.
    public var body: [UInt8]

    /// Creates an answer.
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON answer.
    public static func json(_ status: Int, _ text: String, errorType: String? = nil) -> HTTPAnswer {
        var headers = ["Content-Type": "application/json"]
        // botocore reads the error code of a rest-json service from this header (e.g. GoneException).
        if let errorType { headers["x-amzn-ErrorType"] = errorType }
        return HTTPAnswer(status: status, headers: headers, body: Array(text.utf8))
    }

    /// A JSON answer `{"message": text}`, the text escaped as JSON requires.
    public static func message(_ status: Int, _ text: String, errorType: String? = nil) -> HTTPAnswer {
        let data = try? JSONSerialization.data(withJSONObject: ["message": text], options: [])
        return json(status, data.map { String(decoding: $0, as: UTF8.self) } ?? "{}", errorType: errorType)
    }

    /// An empty answer.
    public static func empty(_ status: Int) -> HTTPAnswer {
        HTTPAnswer(status: status, headers: [:], body: [])
    }

    /// `@connections`' answer for an unknown or closed connection: 410 `GoneException`. The body is Gatewire's
    /// wording: AWS documents only the status.
    public static func gone(_ connectionID: String) -> HTTPAnswer {
        message(410, "Connection \(connectionID) is gone", errorType: "GoneException")
    }

    /// API Gateway's answer for a path that is no stage or resource: `403 {"message":"Forbidden"}`.
    public static let forbidden = json(403, #"{"message":"Forbidden"}"#, errorType: "ForbiddenException")
}
