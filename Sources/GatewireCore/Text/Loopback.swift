/// Loopback names, for the servers Gatewire binds to 127.0.0.1 by default (the proxy, the web view, the control
/// API).
public enum Loopback {
    /// Whether a listen address is loopback only: `localhost`, `127.x.y.z` or `::1`.
    public static func isAddress(_ host: String) -> Bool {
        let host = host.lowercased()
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Whether an HTTP `Host` header names a loopback address (with or without a port, IPv6 in brackets).
    ///
    /// A server on loopback answers only requests addressed to a loopback name: a page on another site that points
    /// its own domain at 127.0.0.1 (DNS rebinding) sends its own name as `Host` and is refused.
    public static func isHostHeader(_ value: String?) -> Bool {
        guard var host = value?.lowercased(), !host.isEmpty else { return false }
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return isAddress(host)
    }
}
