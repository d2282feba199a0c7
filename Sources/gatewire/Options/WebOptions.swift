import ArgumentParser

/// `--web [HOST:]PORT`: serve the live web view while traffic flows (`proxy`, `mock`, `replay`) or for the files
/// given (`view`).
struct WebOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve the web view on this port (0 picks a free one), on 127.0.0.1 unless a host is given. On any "
                + "other address the printed URL carries a random access token; requests without it get 403.",
            valueName: "[host:]port"))
    var web: String?

    func validate() throws {
        if let web { _ = try Self.parse(web, flag: "--web") }
    }

    /// The host and port of `--web`, or `nil` without it.
    func endpoint() throws -> (host: String, port: Int)? {
        try web.map { try Self.parse($0, flag: "--web") }
    }

    /// Parses `PORT`, `HOST:PORT` or `[IPv6]:PORT`, the value of `flag`.
    static func parse(_ text: String, flag: String) throws -> (host: String, port: Int) {
        var host = "127.0.0.1"
        var portText = Substring(text)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            portText = text[text.index(after: close)...].drop { $0 == ":" }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty, let port = Int(portText), (0...65535).contains(port) else {
            throw ValidationError("\(flag) needs PORT or HOST:PORT with a port from 0 to 65535, got '\(text)'")
        }
        return (host, port)
    }
}
