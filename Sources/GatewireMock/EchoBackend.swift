import Foundation
import GatewireCore

/// A backend built into the mock: a message on one of its routes gets one member of its JSON body sent back to the
/// same connection, as the simple backend's Lambda (`examples/simple_backend.py`) does through `@connections`.
///
/// Everything else is the gateway's own doing, exactly as for Lambda integrations: `$connect` succeeds, a message
/// that matches no route (with no `$default`) gets `{"message": "Forbidden", …}`, a binary frame closes with 1003.
/// It lets `gatewire proxy` without an upstream answer every message as API Gateway would, with no process to run.
struct EchoBackend: MockBackend {
    let settings: EchoSettings

    func handshake(_ request: HandshakeRequest) async -> HandshakeDecision {
        .accept()
    }

    func serve(_ connection: MockConnection, messages: AsyncStream<RoutedMessage>) async {
        for await message in messages {
            let resolution = message.resolution
            switch resolution.outcome {
            case .rejected:
                if let reply = resolution.reply { await connection.send(payload: Array(reply.utf8)) }
            case .matched, .fellToDefault:
                guard let routeKey = resolution.routeKey, settings.routes.contains(routeKey) else { continue }
                await connection.send(payload: echo(of: message.payload))
            case .closed, .evaluated:
                continue
            }
        }
    }

    func disconnected(_ details: ConnectionDetails, close: CloseInfo) async {}

    /// The member's value: a string as its characters, anything else as its JSON text, nothing when absent (the
    /// simple backend posts `str(body.get("data", ""))`).
    private func echo(of payload: [UInt8]) -> [UInt8] {
        guard
            let object = (try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed]))
                as? [String: Any],
            let value = object[settings.member]
        else { return [] }
        if let text = value as? String { return Array(text.utf8) }
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys, .withoutEscapingSlashes])
        else { return [] }
        return Array(data)
    }
}
