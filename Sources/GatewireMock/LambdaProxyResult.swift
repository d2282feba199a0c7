public import Foundation

/// What a Lambda-style integration answered: `statusCode`, `headers` and `body`, as a Lambda proxy result.
public struct LambdaProxyResult: Sendable, Hashable {
    /// The status; a missing `statusCode` counts as 200, since a WebSocket Lambda may return nothing.
    public var statusCode: Int
    /// Response headers (on `$connect`, `Sec-WebSocket-Protocol` selects the subprotocol).
    public var headers: [String: String]
    /// The body, sent back to the client on a two-way route.
    public var body: String?

    /// Creates a result.
    public init(statusCode: Int = 200, headers: [String: String] = [:], body: String? = nil) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(statusCode) }

    /// A header's value, the name compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.lowercased() == name.lowercased() }?.value
    }

    /// Parses the JSON an integration endpoint returned.
    ///
    /// An empty body or `null` is a Lambda that returned nothing (200). A JSON object is read for its fields;
    /// a non-string `body` is sent as its JSON text, as Lambda's runtime serializes it.
    ///
    /// - Throws: `IntegrationError` when the text is not JSON or not an object.
    public init(json data: Data) throws {
        let trimmed = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "null" {
            self.init()
            return
        }
        guard let object = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw IntegrationError(
                code: "invalid-integration-response", message: "the integration's answer is not JSON")
        }
        guard let dictionary = object as? [String: Any] else {
            throw IntegrationError(
                code: "invalid-integration-response", message: "the integration's answer is not a JSON object")
        }
        var status = 200
        if let number = dictionary["statusCode"] as? NSNumber {
            status = number.intValue
        } else if let text = dictionary["statusCode"] as? String, let number = Int(text) {
            status = number
        }
        var headers: [String: String] = [:]
        for (name, value) in dictionary["headers"] as? [String: Any] ?? [:] {
            headers[name] = value as? String ?? "\(value)"
        }
        var body: String?
        switch dictionary["body"] {
        case nil, is NSNull: body = nil
        case let text as String: body = text
        case let other?:
            body = (try? JSONSerialization.data(withJSONObject: other, options: [.fragmentsAllowed]))
                .map { String(decoding: $0, as: UTF8.self) }
        }
        self.init(statusCode: status, headers: headers, body: body)
    }
}

/// An integration could not be called or answered something unusable; the gateway then sends
/// `Internal server error` (messages) or 502 (`$connect`).
public struct IntegrationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable kebab-case code: `integration-unreachable`, `integration-failed`, `integration-timeout`,
    /// `integration-response-too-large`, `invalid-integration-response`.
    public var code: String
    /// One sentence for a person.
    public var message: String

    /// Creates an integration error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
