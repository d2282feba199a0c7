import Foundation
import GatewireCore
import GatewireMock

/// The gateway `gatewire proxy` fronts when no `--upstream` is given: the built-in mock on a free loopback port,
/// serving the simple backend's API (`captures/002-simple-backend/`) with the mock's echo backend standing in for
/// its Lambda, so the proxy can be tried on a machine with no AWS account and no backend.
///
/// It answers as API Gateway would for that API, whatever the client sends: `sendmessage` gets its `data` back (the
/// Lambda posts it through `@connections`), a message matching no route gets `{"message": "Forbidden", …}` (the API
/// has no `$default`), a binary frame is closed with 1003. The bundled recording supplies what it recorded: the
/// API (expression and route keys), the stage, and the example message to send. Replaying the recording instead
/// would answer only the recorded messages, in the recorded order, which no gateway does.
struct EmbeddedGateway {
    /// The bundled recording's file name inside the binary's resources.
    static let recordingName = "default-session.jsonl"
    /// The same recording in a clone of the repository, used when the resources are not next to the binary.
    static let repositoryCopy = "captures/002-simple-backend/session.jsonl"
    /// What the simple backend's Lambda does: `sendmessage` posts the body's `data` back to the sender.
    static let backend = EchoSettings(routes: ["sendmessage"], member: "data")

    let gateway: MockGateway
    /// The stage clients connect to.
    let stage: String
    /// The recording's header: the API (expression and routes) the traffic is judged against.
    let header: RecordingHeader
    /// The first message the recorded client sent, as an example of what to send.
    let exampleMessage: String?
    /// Where the recording came from, to tell the user.
    let source: String

    /// Starts the mock on `127.0.0.1` with a free port, serving the bundled recording's API.
    static func start() async throws -> EmbeddedGateway {
        let url = try locateRecording()
        let loaded = try RecordingReader().read(try Data(contentsOf: url))
        let script = ReplayScript(events: loaded.events)
        let api = loaded.header.api
        let stages = script.stages.isEmpty ? ["prod"] : script.stages
        let configuration = MockGatewayConfiguration(
            host: "127.0.0.1", port: 0, stages: stages,
            routeSelectionExpression: api.flatMap { $0.expressionAssumed ? nil : $0.expression },
            routeKeys: api?.routeKeys ?? [], backend: .echo(backend))
        let gateway = try await MockGateway.build(configuration: configuration)
        let example = script.connections.lazy.flatMap(\.steps).compactMap { step -> String? in
            guard case .client(.text, let payload, _) = step else { return nil }
            return String(decoding: payload, as: UTF8.self)
        }.first
        return EmbeddedGateway(
            gateway: gateway, stage: stages[0], header: loaded.header, exampleMessage: example,
            source: url.path.hasSuffix(repositoryCopy) ? repositoryCopy : "the recording bundled with gatewire")
    }

    /// The bundled recording: in the resources SwiftPM places next to the executable, or else in the repository the
    /// command runs from.
    static func locateRecording() throws -> URL {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("Gatewire_gatewire.resources/\(recordingName)"),
            executable.deletingLastPathComponent().appendingPathComponent(
                "Gatewire_gatewire.resources/\(recordingName)"),
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(repositoryCopy),
        ]
        guard let found = candidates.first(where: { FileManager.default.isReadableFile(atPath: $0.path) }) else {
            throw CommandFailure(
                description: "no --upstream given, and the bundled recording for the built-in mock gateway is "
                    + "missing (looked for \(candidates.map(\.path).joined(separator: ", "))); pass --upstream "
                    + "ws[s]://HOST[:PORT]",
                exitCode: ExitCodes.noInput)
        }
        return found
    }

    /// Lines telling the user what to connect to, for the proxy listening at `proxyURL`.
    func banner(proxyURL: String) -> [String] {
        let client = "\(proxyURL)/\(stage)"
        var lines = [
            "gatewire: no --upstream: fronting the built-in mock gateway at \(gateway.url(stage: stage)), which "
                + "serves the simple backend's API from \(source): sendmessage echoes data, anything else gets "
                + "Forbidden, as API Gateway would answer",
            "gatewire: connect a WebSocket client to \(client)",
        ]
        if let exampleMessage {
            lines.append("gatewire: and send \(exampleMessage)   e.g.  python3 -m websockets \(client)")
        }
        return lines
    }
}
