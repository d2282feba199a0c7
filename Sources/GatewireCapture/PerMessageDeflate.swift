import Foundation

/// The permessage-deflate parameters a server accepted (RFC 7692 §7.1), which say how to inflate each direction.
public struct PerMessageDeflate: Hashable, Sendable {
    /// Whether the server resets its compression context after every message (no shared window).
    public var serverNoContextTakeover: Bool
    /// Whether the client resets its compression context after every message.
    public var clientNoContextTakeover: Bool
    /// The server's LZ77 window, as a base-2 logarithm (8–15; 15 when not given).
    public var serverMaxWindowBits: Int
    /// The client's LZ77 window, as a base-2 logarithm (8–15; 15 when not given).
    public var clientMaxWindowBits: Int

    /// Creates parameters; the defaults are those of an offer accepted without parameters.
    public init(
        serverNoContextTakeover: Bool = false, clientNoContextTakeover: Bool = false, serverMaxWindowBits: Int = 15,
        clientMaxWindowBits: Int = 15
    ) {
        self.serverNoContextTakeover = serverNoContextTakeover
        self.clientNoContextTakeover = clientNoContextTakeover
        self.serverMaxWindowBits = serverMaxWindowBits
        self.clientMaxWindowBits = clientMaxWindowBits
    }

    /// Reads the `Sec-WebSocket-Extensions` header of a 101 response.
    ///
    /// - Returns: `nil` when the header does not accept `permessage-deflate`.
    public init?(extensionHeader: String) {
        // Extensions are comma-separated; the server accepts at most one permessage-deflate (RFC 7692 §5).
        for element in extensionHeader.split(separator: ",") {
            let parts = element.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.first?.lowercased() == "permessage-deflate" else { continue }
            self.init()
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map {
                    $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                }
                let bits = pair.count == 2 ? Int(pair[1]).map { min(max($0, 8), 15) } : nil
                switch pair[0].lowercased() {
                case "server_no_context_takeover": serverNoContextTakeover = true
                case "client_no_context_takeover": clientNoContextTakeover = true
                case "server_max_window_bits": serverMaxWindowBits = bits ?? 15
                case "client_max_window_bits": clientMaxWindowBits = bits ?? 15
                default: break
                }
            }
            return
        }
        return nil
    }
}
