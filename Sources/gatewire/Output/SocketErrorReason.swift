import Foundation

/// Why a socket could not listen or connect, in words a user acts on rather than a raw `bind(…) errno: 98` or a
/// NIO connection-error dump.
enum SocketErrorReason {
    /// The reason for a socket failure: the system's message for the errno found in `error`'s text, with what to do
    /// for the common ones; the text itself when it names no errno.
    static func reason(_ error: Any) -> String {
        let text = "\(error)"
        guard let range = text.range(of: "errno: "),
            let code = Int32(text[range.upperBound...].prefix { $0.isNumber })
        else { return text }
        switch code {
        case EADDRINUSE: return "the address is already in use (another program listens there; pick another port)"
        case EACCES: return "permission denied (ports below 1024 need root; pick a higher port)"
        case EADDRNOTAVAIL: return "the address is not one of this machine's"
        case ECONNREFUSED: return "connection refused (nothing listens there)"
        case ETIMEDOUT: return "the connection timed out"
        case EHOSTUNREACH, ENETUNREACH: return "no route to that host"
        default: return String(cString: strerror(code))
        }
    }
}
