/// Where the proxy forwards every connection: `ws[s]://host[:port][/base]`.
///
/// In reverse-proxy mode each client's request target is appended to `basePath` byte for byte, so the upstream
/// sees exactly the path and query the client sent (never decoded or re-encoded: query-string encoding is the
/// very thing Gatewire is there to show).
public struct UpstreamEndpoint: Hashable, Sendable, CustomStringConvertible {
    /// Whether the upstream speaks TLS (`wss`).
    public var secure: Bool
    /// The host name or address, without brackets for IPv6.
    public var host: String
    public var port: Int
    /// A path prefix put in front of every client's request target; empty when the URL had none.
    public var basePath: String

    /// Creates an endpoint from its parts.
    public init(secure: Bool, host: String, port: Int? = nil, basePath: String = "") {
        self.secure = secure
        self.host = host
        self.port = port ?? (secure ? 443 : 80)
        self.basePath = basePath
    }

    /// Parses `ws://host[:port][/base]` or `wss://…`.
    ///
    /// - Throws: `ProxyError.invalidUpstreamURL` for another scheme, a missing host, a bad port, or a query or
    ///   fragment (the query always comes from the client).
    public init(parsing text: String) throws {
        let lowered = text.lowercased()
        let rest: Substring
        if lowered.hasPrefix("ws://") {
            secure = false
            rest = text.dropFirst(5)
        } else if lowered.hasPrefix("wss://") {
            secure = true
            rest = text.dropFirst(6)
        } else {
            throw ProxyError.invalidUpstreamURL(text, reason: "the scheme must be ws:// or wss://")
        }
        if rest.contains("?") || rest.contains("#") {
            throw ProxyError.invalidUpstreamURL(text, reason: "the query comes from each client; leave it out")
        }
        let authority = rest.prefix { $0 != "/" }
        var base = String(rest.dropFirst(authority.count))
        while base.hasSuffix("/") { base.removeLast() }
        basePath = base
        if authority.contains("@") {
            throw ProxyError.invalidUpstreamURL(text, reason: "user information is not supported")
        }
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else {
                throw ProxyError.invalidUpstreamURL(text, reason: "an IPv6 address lacks its closing ']'")
            }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else {
                    throw ProxyError.invalidUpstreamURL(text, reason: "unexpected text after the IPv6 address")
                }
                portText = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            portText = authority[authority.index(after: colon)...]
        } else {
            host = String(authority)
        }
        guard !host.isEmpty else { throw ProxyError.invalidUpstreamURL(text, reason: "the host is missing") }
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw ProxyError.invalidUpstreamURL(text, reason: "'\(portText)' is not a port number")
            }
            port = number
        } else {
            port = secure ? 443 : 80
        }
    }

    /// The `Host` header for the upstream: the port is left out when it is the scheme's default (RFC 9110 §7.2).
    public var hostHeader: String {
        let name = host.contains(":") ? "[\(host)]" : host
        return port == (secure ? 443 : 80) ? name : "\(name):\(port)"
    }

    /// The request target sent upstream: the base path followed by the client's target, byte for byte.
    public func requestTarget(forClientTarget target: String) -> String {
        guard !basePath.isEmpty else { return target }
        return target.hasPrefix("/") ? basePath + target : basePath + "/" + target
    }

    /// The URL as text, for logs and events.
    public var description: String {
        "\(secure ? "wss" : "ws")://\(hostHeader)\(basePath)"
    }
}
