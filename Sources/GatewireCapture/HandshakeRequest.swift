public import GatewireCore

/// The HTTP request that opened a connection, as NIOHTTP1 parsed it from the client's byte stream.
public struct HandshakeRequest: Hashable, Sendable {
    public var method: String
    /// The request target exactly as sent: path and query, not decoded.
    public var uri: String
    public var headers: [HTTPHeader]

    /// Creates a request head.
    public init(method: String, uri: String, headers: [HTTPHeader]) {
        self.method = method
        self.uri = uri
        self.headers = headers
    }

    /// Whether it asks for a WebSocket upgrade (RFC 6455 §4.1: `Upgrade: websocket`).
    public var isWebSocketUpgrade: Bool {
        headers.first(named: "Upgrade")?.lowercased().contains("websocket") ?? false
    }

    /// The path part of the target, before any `?`.
    public var path: String {
        uri.firstIndex(of: "?").map { String(uri[..<$0]) } ?? uri
    }

    /// The query exactly as sent, without the `?`; `nil` when there is no `?`.
    public var rawQuery: String? {
        uri.firstIndex(of: "?").map { String(uri[uri.index(after: $0)...]) }
    }
}

/// The HTTP response to a handshake, as NIOHTTP1 parsed it from the server's byte stream.
public struct HandshakeResponse: Hashable, Sendable {
    public var status: Int
    public var headers: [HTTPHeader]

    /// Creates a response head.
    public init(status: Int, headers: [HTTPHeader]) {
        self.status = status
        self.headers = headers
    }

    /// The permessage-deflate parameters the server accepted, or `nil` when it did not accept the extension.
    public var perMessageDeflate: PerMessageDeflate? {
        guard status == 101, let value = headers.first(named: "Sec-WebSocket-Extensions") else { return nil }
        return PerMessageDeflate(extensionHeader: value)
    }
}
