import Foundation
import GatewireCore

/// The `@connections` management API at `/{stage}/@connections/{id}` (reference §4.1): `POST` sends the body to
/// the client, `GET` describes the connection, `DELETE` closes it.
///
/// SigV4 `Authorization` headers are accepted and not verified: the mock has no credentials to check them against.
struct ConnectionsController: Sendable {
    let registry: ConnectionRegistry
    /// `PostToConnection`'s `Data` maximum: 131072 bytes (botocore model), the gateway's message size.
    let maxPostSize: Int

    /// Answers one request addressed to a connection.
    ///
    /// - Parameters:
    ///   - body: the request body, possibly cut at `maxPostSize`.
    ///   - bodySize: the body's full size in bytes.
    func respond(method: String, stage: String, id: String, body: [UInt8], bodySize: Int) async -> HTTPAnswer {
        let connectionID = ConnectionID(rawValue: id)
        if method == "POST", bodySize > maxPostSize {
            return .message(
                413, "Request entity too large: \(bodySize) bytes, the maximum is \(maxPostSize)",
                errorType: "PayloadTooLargeException")
        }
        // An injected `gone` or `throttled` fault answers the call before it reaches the connection.
        if ["POST", "GET", "DELETE"].contains(method), let connection = await registry.connection(connectionID),
            await connection.isOpen,
            let fault = await connection.takeManagementFault(posting: method == "POST" ? body : nil),
            case .managementAPIError(let status, let errorType, let message) = fault.effect
        {
            return .message(status, message, errorType: errorType)
        }
        switch method {
        case "POST":
            guard let connection = await registry.connection(connectionID),
                await connection.send(opcode: .text, payload: body)
            else { return .gone(id) }
            return .empty(200)
        case "GET":
            guard let connection = await registry.connection(connectionID), await connection.isOpen else {
                return .gone(id)
            }
            let details = connection.details
            let lastActiveAt = await connection.lastActiveAt
            var identity: [String: String] = ["sourceIp": details.sourceIP]
            if let userAgent = details.userAgent { identity["userAgent"] = userAgent }
            let object: [String: any Sendable] = [
                "connectedAt": details.connectedAt.iso8601Milliseconds,
                "identity": identity,
                "lastActiveAt": lastActiveAt.iso8601Milliseconds,
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            return HTTPAnswer(status: 200, headers: ["Content-Type": "application/json"], body: Array(data))
        case "DELETE":
            // The client sees close 1000; `$disconnect` reports "Connection Closed Normally" (reference §2.4).
            guard let connection = await registry.connection(connectionID),
                await connection.close(code: 1000, disconnectReason: "Connection Closed Normally")
            else { return .gone(id) }
            return .empty(204)
        default:
            return .message(
                403, "No method found matching route \(stage)/@connections/\(id) for http method \(method)",
                errorType: "ForbiddenException")
        }
    }

    /// Injects a gateway fault into a connection, now or after `afterSeconds` (Gatewire's own endpoint at
    /// `/{stage}/@gatewire/faults/{id}`, next to `@connections`; the body is a `GatewayFaultRequest`).
    ///
    /// Answers 202 with what will happen, 400 for a body that is not a fault request, 404 for an unknown fault name,
    /// 410 `GoneException` for a connection that is not open.
    func injectFault(method: String, stage: String, id: String, body: [UInt8]) async -> HTTPAnswer {
        guard method == "POST" else {
            return .message(
                403, "No method found matching route \(stage)/@gatewire/faults/\(id) for http method \(method)",
                errorType: "ForbiddenException")
        }
        let request: GatewayFaultRequest
        switch GatewayFaultRequest.parse(body) {
        case .success(let parsed): request = parsed
        case .failure(let refusal): return refusal.answer
        }
        let (fault, after, count) = (request.fault, request.afterSeconds, request.count)
        guard let connection = await registry.connection(ConnectionID(rawValue: id)), await connection.isOpen else {
            return .gone(id)
        }
        if after > 0 {
            await connection.schedule(fault, after: after, count: count)
        } else if await !connection.inject(fault, count: count) {
            return .gone(id)
        }
        return request.accepted(connectionID: id)
    }
}
