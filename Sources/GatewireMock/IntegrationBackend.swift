import Foundation
import GatewireCore

/// Answers routes with Lambda-style HTTP integrations: each route's event is POSTed to its endpoint, and the
/// result is applied as API Gateway applies a Lambda proxy result.
struct IntegrationBackend: MockBackend {
    let settings: IntegrationSettings
    let client: IntegrationClient
    let events: EventEmitter

    func handshake(_ request: HandshakeRequest) async -> HandshakeDecision {
        // "Setting up an integration for $connect is optional" (AWS): without one, every handshake succeeds.
        guard let endpoint = settings.endpoint(for: "$connect") else { return .accept() }
        let event = LambdaProxyEvent.connect(
            request.details, requestID: request.requestID, time: .now, forwardedPort: request.listenPort)
        do {
            let result = try await client.invoke(endpoint, event: LambdaProxyEvent.data(event))
            guard result.isSuccess else {
                // Any non-2xx status becomes the handshake's status (AWS subprotocol sample: 400).
                return HandshakeDecision(
                    status: result.statusCode, subprotocol: nil, body: result.body ?? "", error: nil)
            }
            // The gateway never negotiates: only a protocol the integration echoes is selected (reference §5.2).
            return .accept(subprotocol: result.header("Sec-WebSocket-Protocol"))
        } catch {
            // A $connect Lambda that throws gives the client 502 (reference §2.2).
            return HandshakeDecision(
                status: 502, subprotocol: nil, body: #"{"message": "Internal server error"}"#,
                error: error as? IntegrationError
                    ?? IntegrationError(code: "integration-failed", message: "\(error)"))
        }
    }

    func serve(_ connection: MockConnection, messages: AsyncStream<RoutedMessage>) async {
        let details = connection.details
        for await message in messages {
            let resolution = message.resolution
            switch resolution.outcome {
            case .rejected:
                if let reply = resolution.reply { await connection.send(payload: Array(reply.utf8)) }
                continue
            case .closed, .evaluated:
                // `.evaluated` needs unknown route keys, which a mock gateway never has: it declares its routes.
                continue
            case .matched, .fellToDefault:
                break
            }
            guard let routeKey = resolution.routeKey, let endpoint = settings.endpoint(for: routeKey) else { continue }
            let event = LambdaProxyEvent.message(
                details, routeKey: routeKey, body: String(decoding: message.payload, as: UTF8.self),
                messageID: message.messageID, requestID: message.requestID, time: message.time)
            do {
                let result = try await client.invoke(endpoint, event: LambdaProxyEvent.data(event))
                // Only a two-way route sends the body back; a non-2xx result sends nothing (reference §1.3, §2.5).
                if settings.isTwoWay(routeKey), result.isSuccess, let body = result.body {
                    await connection.send(payload: Array(body.utf8))
                }
            } catch {
                report(error, connection: details.label, route: routeKey)
                // The integration failed: the client gets `Internal server error`, even on a one-way route, and
                // the connection stays open (reference §1.3).
                let frame = GatewayErrorFrame.internalServerError(
                    connectionID: details.id, requestID: message.requestID)
                await connection.send(payload: Array(frame.utf8))
            }
        }
    }

    func disconnected(_ details: ConnectionDetails, close: CloseInfo) async {
        guard let endpoint = settings.endpoint(for: "$disconnect") else { return }
        let event = LambdaProxyEvent.disconnect(
            details, statusCode: close.code, reason: close.reason, requestID: GatewayIdentifier.make(), time: .now)
        do {
            _ = try await client.invoke(endpoint, event: LambdaProxyEvent.data(event))
        } catch {
            report(error, connection: details.label, route: "$disconnect")
        }
    }

    private func report(_ error: any Error, connection: String, route: String) {
        let integrationError = error as? IntegrationError
        events.emit(
            .error(
                ErrorEvent(
                    time: .now, connection: connection, side: .server,
                    code: integrationError?.code ?? "integration-failed",
                    message: "Integration of route \(route) failed: \(integrationError?.message ?? "\(error)")")))
    }
}
