import Foundation
import GatewireCore
import NIOHTTP1

/// The Held panel's endpoints, for a view that runs inside `gatewire proxy` with a ``HeldMessageControl``:
///
/// | request | answer |
/// |---|---|
/// | `GET /api/held` | `{"now": …, "held": [message…]}`, oldest first |
/// | `POST /api/held/{id}/release` | sends it on; a non-empty body replaces its payload (200, or 404 when not held) |
/// | `POST /api/held/{id}/drop` | drops it (200, or 404) |
///
/// A message is `{"id", "connection", "from", "opcode", "rule", "heldAt", "releaseAt", "ageSeconds",
/// "secondsLeft", "size"}` with its payload as `"text"` (valid UTF-8 text messages) or `"base64"`.
///
/// They change traffic, so besides the view's access check every request must carry `X-Gatewire-View: 1` (a
/// header a form or an image on another site cannot send, and a cross-site script may only send after a CORS
/// preflight this server refuses) and, when the browser says where it comes from (`Origin`, `Sec-Fetch-Site`),
/// come from the view's own origin; anything else is 403. Without a control every path answers 404.
enum HeldAPI {
    /// The path prefix the endpoints live under.
    static let prefix = "/api/held"
    /// The header every request must carry.
    static let header = "X-Gatewire-View"
    /// The largest body an edit may have: above API Gateway's 128 KiB message limit, so any message it relays can
    /// be edited.
    static let maxBodyBytes = 256 << 10

    /// An answer: a status and a body.
    struct Answer {
        var status: HTTPResponseStatus
        var contentType = "text/plain; charset=utf-8"
        var body: [UInt8]

        static func text(_ status: HTTPResponseStatus, _ text: String) -> Answer {
            Answer(status: status, body: Array((text + "\n").utf8))
        }
    }

    /// Whether a path is one of the endpoints'.
    static func handles(_ path: String) -> Bool {
        path == prefix || path.hasPrefix(prefix + "/")
    }

    /// Answers one request to the endpoints.
    static func answer(
        _ head: HTTPRequestHead, path: String, body: [UInt8], control: (any HeldMessageControl)?
    ) -> Answer {
        guard let control else { return .text(.notFound, "404 Not Found: no breakpoints here (gatewire proxy only)") }
        guard isSameOrigin(head) else {
            return .text(
                .forbidden, "403 Forbidden: the Held panel's requests carry \(header): 1 and come from the view itself")
        }
        let segments = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false)
            .dropFirst().map(String.init)
        switch (head.method, segments.count) {
        case (.GET, 0), (.HEAD, 0):
            return list(control.heldMessages())
        case (.POST, 2):
            let (id, action) = (segments[0], segments[1])
            let done: Bool
            switch action {
            case "release": done = control.release(id, replacement: body.isEmpty ? nil : body)
            case "drop": done = control.drop(id)
            default: return .text(.notFound, "404 Not Found: the actions are release and drop")
            }
            return done
                ? .text(.ok, "\(action == "drop" ? "dropped" : "released") \(id)")
                : .text(.notFound, "404 Not Found: no message \(id) is held (released, dropped or timed out already?)")
        case (.GET, _), (.HEAD, _), (.POST, _):
            return .text(.notFound, "404 Not Found")
        default:
            return .text(.methodNotAllowed, "405: GET \(prefix), POST \(prefix)/{id}/release or …/drop")
        }
    }

    /// Whether a request comes from the view's own page: the custom header, and a matching origin when the browser
    /// names one.
    static func isSameOrigin(_ head: HTTPRequestHead) -> Bool {
        guard head.headers.first(name: header)?.trimmingCharacters(in: .whitespaces) == "1" else { return false }
        if let site = head.headers.first(name: "Sec-Fetch-Site")?.lowercased(), site != "same-origin", site != "none" {
            return false
        }
        if let origin = head.headers.first(name: "Origin") {
            guard let host = head.headers.first(name: "Host"), origin.lowercased() == "http://\(host.lowercased())"
            else { return false }
        }
        return true
    }

    private static func list(_ messages: [HeldMessage]) -> Answer {
        Answer(
            status: .ok, contentType: "application/json", body: HeldMessage.listJSON(messages, now: Timestamp(Date())))
    }
}
