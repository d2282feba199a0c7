/// Why the proxy could not start or could not be configured.
///
/// Problems on the wire never surface as `ProxyError`: they become `error` events and close codes, and the proxy
/// keeps running.
public struct ProxyError: Error, Hashable, Sendable, CustomStringConvertible {
    private enum Kind: Hashable, Sendable {
        case invalidUpstreamURL
        case tlsConfiguration
        case bindFailed
    }

    private let kind: Kind
    /// One sentence for a person, naming the value at fault.
    public let description: String

    private init(_ kind: Kind, _ description: String) {
        self.kind = kind
        self.description = description
    }

    /// The `--upstream` URL is not `ws://` or `wss://` with a host.
    public static func invalidUpstreamURL(_ text: String, reason: String) -> ProxyError {
        ProxyError(.invalidUpstreamURL, "invalid upstream URL '\(text)': \(reason)")
    }

    /// A certificate, key or trust file could not be loaded.
    public static func tlsConfiguration(_ reason: String) -> ProxyError {
        ProxyError(.tlsConfiguration, "TLS configuration: \(reason)")
    }

    /// The listening socket could not be opened.
    public static func bindFailed(host: String, port: Int, reason: String) -> ProxyError {
        ProxyError(.bindFailed, "cannot listen on \(host):\(port): \(reason)")
    }

    /// Whether two errors are of the same kind, whatever their details.
    public func isSameKind(as other: ProxyError) -> Bool { kind == other.kind }
}
