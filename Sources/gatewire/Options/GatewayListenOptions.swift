import ArgumentParser
import Foundation

/// Where a local gateway (`gatewire mock`, `gatewire replay`) listens.
struct GatewayListenOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("Address to listen on as HOST:PORT (port 0 picks a free one).", valueName: "host:port"))
    var listen: String = "127.0.0.1:8080"

    /// The host and port `--listen` names.
    func address() throws -> (host: String, port: Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65_535).contains(port)
        else { throw ValidationError("--listen takes HOST:PORT, e.g. 127.0.0.1:8080; got '\(listen)'") }
        let host = String(listen[..<colon]).trimmingCharacters(in: ["[", "]"])
        return (host.isEmpty ? "127.0.0.1" : host, port)
    }

    /// Whether the address is reachable from other machines; the mock has no authentication at all.
    var isPublic: Bool {
        guard let host = try? address().host else { return false }
        return !(host == "127.0.0.1" || host == "localhost" || host == "::1")
    }
}
