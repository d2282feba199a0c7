import ArgumentParser
import GatewireCore

/// Where a server command listens: `--listen HOST:PORT`, loopback by default.
struct BindOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Address to listen on. Loopback by default; any other address exposes the traffic (and its secrets) "
                + "to the network.", valueName: "host:port"))
    var listen = "127.0.0.1:8080"

    /// The host and port of `--listen`; IPv6 hosts are written in brackets (`[::1]:8080`).
    func hostAndPort() throws -> (host: String, port: Int) {
        let text = listen
        let host: Substring
        let portText: Substring
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(after: close)...].drop { $0 == ":" }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        } else {
            throw ValidationError("--listen needs HOST:PORT, e.g. 127.0.0.1:8080")
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else {
            throw ValidationError("--listen needs HOST:PORT with a port from 0 to 65535, got '\(text)'")
        }
        return (String(host), port)
    }

    /// Whether the host is a loopback address, the only kind bound without a warning.
    var isLoopback: Bool {
        guard let host = try? hostAndPort().host else { return false }
        return Loopback.isAddress(host)
    }
}
