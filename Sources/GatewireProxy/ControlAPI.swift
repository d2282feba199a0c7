import Foundation
public import GatewireCore

/// The control API's requests and answers, shaped like API Gateway's management API so AWS SDKs work against it
/// unchanged (boto3's `apigatewaymanagementapi` with `endpoint_url` at the control address), plus Gatewire's own
/// requests under `/@gatewire/`:
///
/// | request | does |
/// |---|---|
/// | `POST /@connections/{id}` | sends the body to the client, as the backend would; 200, 410 for an unknown id |
/// | `GET /@connections/{id}` | `connectedAt`, `identity`, `lastActiveAt`; 410 for an unknown id |
/// | `DELETE /@connections/{id}` | closes the connection with 1000; 204, 410 for an unknown id |
/// | `GET /@gatewire/connections` | the live connections |
/// | `POST /@gatewire/connections/{id}/send?as=client` | sends the body to the upstream, as the client would |
/// | `POST /@gatewire/connections/{id}/close?code=N&reason=R&side=S` | closes the connection: `side` (`client`, `upstream` or `both`, the default) gets that code and reason, the other 1001 |
/// | `POST /@gatewire/faults/{id}` | injects a gateway fault (a `GatewayFaultRequest`: `{"fault": "idle-timeout"}`) |
/// | `GET /@gatewire/rules` | the rules in force, in order |
/// | `POST /@gatewire/rules` | adds a rule (JSON, as `InterceptRule(json:id:)` reads it); 201 with the rule |
/// | `DELETE /@gatewire/rules/{id}` | removes a rule; 204, 404 for an unknown id |
/// | `GET /@gatewire/held` | the messages breakpoints hold now |
/// | `POST /@gatewire/held/{id}/release` | sends a held message on; a non-empty body replaces its payload |
/// | `POST /@gatewire/held/{id}/drop` | drops a held message |
///
/// Any path prefix before `/@connections` or `/@gatewire` is accepted (a stage, as in a real endpoint URL), unless
/// the API has an access token: then the prefix must be that token.
public struct ControlAPI: Sendable {
    /// `PostToConnection`'s `Data` maximum: 131072 bytes, the gateway's message size.
    public static let maxPostSize = 131_072

    private let control: ProxyControl
    private let accessToken: String?
    private let loopback: Bool

    /// Creates the API over a proxy's control.
    ///
    /// - Parameters:
    ///   - accessToken: when set, every path must start with `/{accessToken}/`.
    ///   - loopback: whether the server listens on loopback only; then only requests addressed to a loopback name
    ///     are answered (`Loopback.isHostHeader`), which keeps DNS-rebinding pages out.
    public init(control: ProxyControl, accessToken: String?, loopback: Bool = true) {
        self.control = control
        self.accessToken = accessToken
        self.loopback = loopback
    }

    /// Whether a request may be answered at all, from its headers: SDKs and command-line tools send no `Origin`,
    /// browsers always do on a cross-site `POST`, and any web page could send one to a server on 127.0.0.1 without
    /// asking (a "simple" request needs no CORS preflight). So a request that says it comes from a web page is
    /// refused, and on loopback the `Host` must name loopback.
    ///
    /// - Returns: `nil` to go on, or the 403 to give.
    public func refusal(origin: String?, secFetchSite: String?, host: String?) -> HTTPAnswer? {
        if origin != nil || (secFetchSite.map { $0 != "none" } ?? false) {
            return .message(
                403, "the control API does not take requests from web pages (the request has an Origin)",
                errorType: "ForbiddenException")
        }
        if loopback, !Loopback.isHostHeader(host) {
            return .message(
                403, "the control API on loopback answers requests to localhost or 127.0.0.1 only",
                errorType: "ForbiddenException")
        }
        return nil
    }

    /// Answers one request.
    ///
    /// - Parameters:
    ///   - target: the request target, path and query, as sent.
    ///   - body: the request body (the server cuts it at `maxPostSize` + 1 bytes).
    public func respond(method: String, target: String, body: [UInt8]) async -> HTTPAnswer {
        guard let components = URLComponents(string: target) else {
            return .message(400, "the request target \(target) is not a URL path")
        }
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { _, last in last })
        var segments = components.path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let apiStart = segments.firstIndex(where: { $0 == "@connections" || $0 == "@gatewire" }) else {
            return .forbidden
        }
        if let accessToken {
            guard apiStart == 1, segments[0] == accessToken else { return .forbidden }
        }
        segments.removeFirst(apiStart)
        switch (method, segments.count, segments.first) {
        case (_, 2, "@connections"):
            return await connectionsCall(method: method, label: segments[1], body: body)
        case ("GET", 2, "@gatewire") where segments[1] == "connections":
            return await connectionList()
        case (_, 3, "@gatewire") where segments[1] == "faults":
            guard method == "POST" else { return .message(405, "faults take POST") }
            return await fault(label: segments[2], body: body)
        case ("POST", 4, "@gatewire") where segments[1] == "connections":
            return await action(segments[3], label: segments[2], query: query, body: body)
        case (_, 2, "@gatewire") where segments[1] == "rules",
            (_, 3, "@gatewire") where segments[1] == "rules":
            return rules(method: method, id: segments.count == 3 ? segments[2] : nil, body: body)
        case ("GET", 2, "@gatewire") where segments[1] == "held":
            return heldList()
        case ("POST", 4, "@gatewire") where segments[1] == "held":
            return resolveHeld(segments[2], action: segments[3], body: body)
        default:
            return .message(
                403, "No method found matching route \(components.path) for http method \(method)",
                errorType: "ForbiddenException")
        }
    }

    // MARK: @connections

    private func connectionsCall(method: String, label: String, body: [UInt8]) async -> HTTPAnswer {
        if let fault = control.takeManagementFault(for: label),
            case .managementAPIError(let status, let errorType, let message) = fault.effect
        {
            return .message(status, message, errorType: errorType)
        }
        switch method {
        case "POST":
            if body.count > Self.maxPostSize {
                return .message(
                    413, "Request entity too large: more than \(Self.maxPostSize) bytes",
                    errorType: "PayloadTooLargeException")
            }
            guard await control.send(to: label, payload: body, as: .server) else { return .gone(label) }
            return .empty(200)
        case "GET":
            guard let connection = await control.connection(label), connection.clientOpen else {
                return .gone(label)
            }
            var identity: [String: String] = [:]
            if let client = connection.client { identity["sourceIp"] = Self.host(of: client) }
            if let userAgent = connection.userAgent { identity["userAgent"] = userAgent }
            var object: [String: any Sendable] = ["identity": identity]
            if let connectedAt = connection.connectedAt { object["connectedAt"] = connectedAt.iso8601Milliseconds }
            if let lastActive = connection.lastActiveAt ?? connection.connectedAt {
                object["lastActiveAt"] = lastActive.iso8601Milliseconds
            }
            return Self.json(object)
        case "DELETE":
            // DeleteConnection cannot choose a code: the client sees 1000 (reference: disconnect status 1000,
            // "Connection Closed Normally").
            guard await control.close(label, code: 1000, reason: "") else { return .gone(label) }
            return .empty(204)
        default:
            return .message(
                403, "No method found matching route @connections/\(label) for http method \(method)",
                errorType: "ForbiddenException")
        }
    }

    // MARK: @gatewire

    private func connectionList() async -> HTTPAnswer {
        let list = await control.connections().map { connection -> [String: any Sendable] in
            var object: [String: any Sendable] = [
                "id": connection.label, "clientOpen": connection.clientOpen, "upstreamOpen": connection.upstreamOpen,
            ]
            if let client = connection.client { object["client"] = client }
            if let userAgent = connection.userAgent { object["userAgent"] = userAgent }
            if let connectedAt = connection.connectedAt { object["connectedAt"] = connectedAt.iso8601Milliseconds }
            if let lastActive = connection.lastActiveAt { object["lastActiveAt"] = lastActive.iso8601Milliseconds }
            return object
        }
        return Self.json(["connections": list])
    }

    private func action(_ name: String, label: String, query: [String: String], body: [UInt8]) async -> HTTPAnswer {
        switch name {
        case "send":
            let sender: Direction
            switch query["as"] ?? "server" {
            case "server": sender = .server
            case "client": sender = .client
            case let other: return .message(400, "as=\(other): expected as=server (to the client) or as=client")
            }
            let opcode: Opcode
            switch query["opcode"] ?? "text" {
            case "text":
                guard String(validating: body, as: UTF8.self) != nil else {
                    return .message(400, "the body is not UTF-8 text: send it with opcode=binary")
                }
                opcode = .text
            case "binary": opcode = .binary
            case let other: return .message(400, "opcode=\(other): expected text or binary")
            }
            guard body.count <= Self.maxPostSize else {
                return .message(413, "Request entity too large: more than \(Self.maxPostSize) bytes")
            }
            guard await control.send(to: label, opcode: opcode, payload: body, as: sender) else {
                return .gone(label)
            }
            return .empty(200)
        case "close":
            let code: UInt16
            switch CloseCodeArgument.parse(query["code"]) {
            case .success(let parsed): code = parsed
            case .failure(let error): return .message(400, error.message)
            }
            let reason = query["reason"] ?? ""
            guard reason.utf8.count <= 123 else {
                return .message(400, "reason= is \(reason.utf8.count) bytes: a close reason holds at most 123")
            }
            let peers: Set<Direction>
            switch query["side"] ?? "both" {
            case "both": peers = [.client, .server]
            case "client": peers = [.client]
            case "upstream": peers = [.server]
            case let other: return .message(400, "side=\(other): expected client, upstream or both")
            }
            guard await control.close(label, code: code, reason: reason, peers: peers) else { return .gone(label) }
            return .empty(204)
        default:
            return .message(404, "unknown action \(name): expected send or close")
        }
    }

    private func fault(label: String, body: [UInt8]) async -> HTTPAnswer {
        let request: GatewayFaultRequest
        switch GatewayFaultRequest.parse(body) {
        case .success(let parsed): request = parsed
        case .failure(let refusal): return refusal.answer
        }
        guard await control.inject(request, into: label) else { return .gone(label) }
        return request.accepted(connectionID: label)
    }

    // MARK: Rules and breakpoints

    private func rules(method: String, id: String?, body: [UInt8]) -> HTTPAnswer {
        let interceptor = control.interceptor
        switch (method, id) {
        case ("GET", nil):
            let list = interceptor.rules.rules.map(\.jsonText).joined(separator: ",")
            return HTTPAnswer(
                status: 200, headers: ["Content-Type": "application/json"], body: Array("{\"rules\":[\(list)]}".utf8))
        case ("POST", nil):
            do {
                // A rule without a "name" gets the next free id.
                let named = try InterceptRule(json: body, id: interceptor.nextRuleID)
                try interceptor.addRule(named)
                return HTTPAnswer(
                    status: 201, headers: ["Content-Type": "application/json"], body: Array(named.jsonText.utf8))
            } catch {
                return .message(400, error.description)
            }
        case ("DELETE", let id?):
            do {
                try interceptor.removeRule(id: id)
                return .empty(204)
            } catch {
                return .message(404, error.description)
            }
        default:
            return .message(405, "rules take GET and POST, and DELETE /@gatewire/rules/{id}")
        }
    }

    private func heldList() -> HTTPAnswer {
        HTTPAnswer(
            status: 200, headers: ["Content-Type": "application/json"],
            body: HeldMessage.listJSON(control.interceptor.held.messages, now: Timestamp(Date())))
    }

    private func resolveHeld(_ id: String, action: String, body: [UInt8]) -> HTTPAnswer {
        let outcome: HeldMessages.Outcome
        switch action {
        case "release": outcome = body.isEmpty ? .release(by: "control") : .replace(body, by: "control")
        case "drop": outcome = .drop(by: "control")
        default: return .message(404, "unknown action \(action): expected release or drop")
        }
        guard control.interceptor.held.resolve(id, outcome) else {
            return .message(404, "no message \(id) is held (released, dropped or timed out already?)")
        }
        return .empty(200)
    }

    // MARK: Helpers

    private static func json(_ object: [String: any Sendable], status: Int = 200) -> HTTPAnswer {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return HTTPAnswer(status: status, headers: ["Content-Type": "application/json"], body: Array(data))
    }

    /// The host of `host:port` (brackets removed for IPv6).
    private static func host(of address: String) -> String {
        guard let colon = address.lastIndex(of: ":") else { return address }
        return String(address[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
    }
}

/// A close code given to the control API: one an endpoint may send (RFC 6455 §7.4), 1000 when none is given.
enum CloseCodeArgument {
    static func parse(_ text: String?) -> Result<UInt16, CloseCodeError> {
        guard let text else { return .success(1000) }
        guard let code = UInt16(text), MessageAssembler.isSendableCloseCode(code) else {
            return .failure(
                CloseCodeError(
                    "code=\(text): a close frame may carry 1000-1003, 1007-1014, or 3000-4999 (RFC 6455 §7.4)"))
        }
        return .success(code)
    }
}

/// Why a close code argument was refused.
struct CloseCodeError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
