import Foundation

/// A plain HTTP response the gateway gives outside a WebSocket: `@connections` answers, refused handshakes.
struct HTTPAnswer: Sendable, Equatable {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]

    /// A JSON answer.
    static func json(_ status: Int, _ text: String, errorType: String? = nil) -> HTTPAnswer {
        var headers = ["Content-Type": "application/json"]
        // botocore reads the error code of a rest-json service from this header (e.g. GoneException).
        if let errorType { headers["x-amzn-ErrorType"] = errorType }
        return HTTPAnswer(status: status, headers: headers, body: Array(text.utf8))
    }

    /// A JSON answer `{"message": text}`, the text escaped as JSON requires.
    static func message(_ status: Int, _ text: String, errorType: String? = nil) -> HTTPAnswer {
        let data = try? JSONSerialization.data(withJSONObject: ["message": text], options: [])
        return json(status, data.map { String(decoding: $0, as: UTF8.self) } ?? "{}", errorType: errorType)
    }

    /// An empty answer.
    static func empty(_ status: Int) -> HTTPAnswer {
        HTTPAnswer(status: status, headers: [:], body: [])
    }

    /// API Gateway's answer for a path that is no stage or resource: `403 {"message":"Forbidden"}`.
    static let forbidden = json(403, #"{"message":"Forbidden"}"#, errorType: "ForbiddenException")
}
