import Foundation
import GatewireCore
import NIOHTTP1

/// Who may read the view: the access token, and on loopback the `Host` header.
///
/// Loopback is served without a token, but only to requests addressed to a loopback name: a page on another site
/// that points its own domain at 127.0.0.1 (DNS rebinding) sends its own name as `Host` and is refused. Any other
/// address needs the token, given once as `?token=` in the printed URL and then sent back by the browser in a
/// cookie, as Jupyter does.
struct WebAccess: Sendable {
    /// The token every request must carry, `nil` for none.
    var token: String?
    /// Whether the server listens on loopback only.
    var loopback: Bool
    /// The cookie that carries the token after the first request, named after the port the server listens on, so
    /// two views on one host keep their own tokens.
    static func cookieName(port: Int) -> String { "gatewire-token-\(port)" }

    /// Whether a request may be answered, given its head, its `token` query parameter and the port it came to.
    func allows(_ head: HTTPRequestHead, queryToken: String?, port: Int) -> Bool {
        if loopback, !Loopback.isHostHeader(head.headers.first(name: "host")) { return false }
        guard let token else { return true }
        if let queryToken, Self.equal(queryToken, token) { return true }
        return cookieToken(head, name: Self.cookieName(port: port)).map { Self.equal($0, token) } ?? false
    }

    /// The `Set-Cookie` value that lets the page's later requests in without the token in their URL.
    func setCookie(port: Int) -> String? {
        token.map { "\(Self.cookieName(port: port))=\($0); Path=/; HttpOnly; SameSite=Strict" }
    }

    private func cookieToken(_ head: HTTPRequestHead, name: String) -> String? {
        for header in head.headers[canonicalForm: "cookie"] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
        }
        return nil
    }

    /// Compares in time independent of where the strings differ, so the token cannot be guessed byte by byte.
    private static func equal(_ lhs: String, _ rhs: String) -> Bool {
        let left = Array(lhs.utf8)
        let right = Array(rhs.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
