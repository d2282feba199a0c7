import Foundation

/// Why a listening socket could not be opened, in words a user acts on rather than a raw `bind(…) errno: 98`.
enum ListenError {
    /// The reason for a bind failure: the system's message for its errno, with what to do for the common ones.
    static func reason(_ error: any Error) -> String {
        let text = "\(error)"
        guard let range = text.range(of: "errno: "),
            let code = Int32(text[range.upperBound...].prefix { $0.isNumber })
        else { return text }
        switch code {
        case EADDRINUSE: return "the address is already in use (another program listens there; pick another port)"
        case EACCES: return "permission denied (ports below 1024 need root; pick a higher port)"
        case EADDRNOTAVAIL: return "the address is not one of this machine's"
        default: return String(cString: strerror(code))
        }
    }
}
