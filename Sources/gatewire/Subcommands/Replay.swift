import ArgumentParser
import Foundation
import GatewireCore
import GatewireMock
import GatewireProxy

extension GatewireCommand {
    /// `gatewire replay`: serves a recording to real clients, or (`--client`) drives a real backend with it.
    struct Replay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a recording: as the server to live clients, or with --client against a live backend.",
            discussion: """
                Server side (default): a local gateway on --listen matches each incoming connection to a recorded \
                one (same path and query first, then recorded order), waits for each recorded client message, \
                reports how the live client differs (a readable diff; --strict closes it with 1008), and sends the \
                recorded server messages with their original spacing (--speed 2 is twice as fast, --speed 0 as \
                fast as possible). Recorded handshake rejections and close codes replay too.

                Client side (--client --target ws[s]://HOST:PORT[/PATH]): opens every recorded connection against \
                the target, sends the recorded client messages and checks each server message. Exit code 0 when \
                the backend answered exactly as recorded, 1 when a message differs or is missing, 69 when no \
                connection to the target could be opened. Server side: 0 stopped by a signal; 69 cannot listen; 73 \
                --record names an existing file or a missing folder; 74 the recording could not be written. Both: \
                64 usage error; 65 a file that is not a recording; 66 a file that cannot be opened. A wss:// target is \
                verified against the system trust store with SNI, like the proxy's upstream; --ca FILE trusts \
                other roots, --insecure skips verification (test servers only).

                Examples:
                  gatewire replay session.jsonl --listen 127.0.0.1:8080 --speed 0
                  gatewire replay --client session.jsonl --target ws://127.0.0.1:9000
                  gatewire replay --client session.jsonl --target wss://abc123.execute-api.eu-west-1.amazonaws.com/prod
                """)

        @Argument(help: ArgumentHelp("The recording to replay.", valueName: "recording"))
        var recording: String

        @OptionGroup var listen: GatewayListenOptions

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Speed factor for recorded delays; 0 sends as fast as possible.", valueName: "factor"))
        var speed: Double = 1

        @Flag(name: .long, help: "Close a client that deviates from the recording with 1008.")
        var strict = false

        @Flag(name: .long, help: "Serve any number of clients: start over once every recorded connection is used.")
        var `repeat` = false

        @Flag(name: .long, help: "Drive a live backend (--target) with the recorded client messages.")
        var client = false

        @Option(
            name: .long, help: ArgumentHelp("The backend for --client: ws[s]://HOST[:PORT][/PATH].", valueName: "url"))
        var target: String?

        @Flag(name: .long, help: "Do not verify a wss:// target's TLS certificate. For test servers only.")
        var insecure = false

        @Option(
            name: .long,
            help: ArgumentHelp("Trust the CA certificates in this PEM file for a wss:// target.", valueName: "file"))
        var ca: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Seconds to wait for each server message with --client.",
                valueName: "seconds"))
        var timeout: Double = 5

        @Option(
            name: .customLong("ignore-field"),
            help: ArgumentHelp(
                "With --client, do not compare this JSON member of server messages (repeatable; dotted for nested "
                    + "members: requestContext.requestId). The connectionId and requestId of the gateway's "
                    + "Forbidden and Internal server error replies are always ignored.", valueName: "name"))
        var ignoredFields: [String] = []

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Write every event of the server-side replay to a recording.",
                valueName: "file"))
        var record: String?

        @OptionGroup var redaction: RedactionOptions

        @OptionGroup var filter: EventFilterOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var web: WebOptions

        func validate() throws {
            if speed < 0 { throw ValidationError("--speed must be 0 (as fast as possible) or positive") }
            for name in ignoredFields where IgnoredFields.parse(name) == nil {
                throw ValidationError("--ignore-field needs a member name such as connectionId or a.b; got '\(name)'")
            }
            if client {
                guard web.web == nil else {
                    throw ValidationError("--web shows the local gateway's traffic; not with --client")
                }
                guard let target else { throw ValidationError("--client needs --target ws://HOST:PORT") }
                _ = try Self.parseTarget(target)
            } else {
                if target != nil { throw ValidationError("--target applies to --client") }
                _ = try listen.address()
            }
        }

        static func parseTarget(_ text: String) throws -> (host: String, port: Int, path: String?, secure: Bool) {
            guard let url = URL(string: text), let host = url.host, !host.isEmpty else {
                throw ValidationError("--target must be ws[s]://HOST[:PORT][/PATH]; got '\(text)'")
            }
            guard url.scheme == "ws" || url.scheme == "wss" else {
                throw ValidationError("--target must use ws:// or wss://; got '\(text)'")
            }
            let secure = url.scheme == "wss"
            return (host, url.port ?? (secure ? 443 : 80), url.path.isEmpty || url.path == "/" ? nil : url.path, secure)
        }

        func run() async throws {
            try await ExitCodes.run {
                let loaded = try RecordingReader(skipsMalformedLines: true).read(InputFile.read(recording))
                for issue in loaded.issues { Terminal.printError("gatewire: warning: \(recording): \(issue)") }
                // Where Gatewire intervened, the client side is replayed as the backend saw it, the server side as
                // the client saw it.
                let script = ReplayScript(events: loaded.events, perspective: client ? .backend : .client)
                let pace: Double? = speed == 0 ? nil : speed
                if client {
                    try await runClient(script, speed: pace)
                } else {
                    let (host, port) = try listen.address()
                    let api = loaded.header.api
                    let configuration = MockGatewayConfiguration(
                        host: host, port: port, stages: script.stages.isEmpty ? ["prod"] : script.stages,
                        routeSelectionExpression: api.flatMap { $0.expressionAssumed ? nil : $0.expression },
                        routeKeys: api?.routeKeys ?? [],
                        backend: .replay(script, ReplayOptions(speed: pace, strict: strict, repeats: `repeat`)))
                    let header = RecordingHeader(
                        creator: .gatewire, startedAt: Timestamp(Date()), source: .mock,
                        api: api)
                    try await GatewayRunner(
                        configuration: configuration, record: record, header: header, output: output,
                        filter: filter.filter, redaction: redaction, warnsPublic: listen.isPublic,
                        web: try web.endpoint()
                    ).run()
                }
            }
        }

        private func runClient(_ script: ReplayScript, speed: Double?) async throws {
            let (host, port, path, secure) = try Self.parseTarget(target ?? "")
            var configuration = ReplayClient.Configuration(
                host: host, port: port, path: path, speed: speed, replyTimeout: timeout)
            configuration.ignoredFields = IgnoredFields(paths: ignoredFields)
            if secure {
                if let ca { try PEMFile.check(ca, holds: .certificates, for: "--ca") }
                // The proxy's upstream TLS: system trust, verification and SNI unless --ca or --insecure.
                do {
                    configuration.tlsContext = try ProxyConfiguration.UpstreamTLS(insecure: insecure, caFile: ca)
                        .makeContext()
                } catch {
                    throw CommandFailure(description: "\(error)", exitCode: ExitCodes.noInput)
                }
            }
            let report = await ReplayClient(configuration: configuration).run(script)
            // Not one connection could be opened: the target is unavailable, which is not a difference in answers.
            let failed = report.differences.filter { $0.kind == "connection-failed" }
            if report.connections > 0, failed.count >= report.connections, report.matchedMessages == 0 {
                throw CommandFailure(
                    description: "cannot connect to \(target ?? ""): \(SocketErrorReason.reason(failed[0].detail))",
                    exitCode: ExitCodes.unavailable)
            }
            if output.json {
                let object: [String: Any] = [
                    "matched": report.matched, "connections": report.connections,
                    "matchedMessages": report.matchedMessages,
                    "differences": report.differences.map {
                        ["connection": $0.connection, "kind": $0.kind, "detail": $0.detail]
                    },
                ]
                let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
                Terminal.print([String(decoding: data, as: UTF8.self)])
            } else if !output.quiet || !report.matched {
                let style = output.style
                Terminal.print(report.differences.map { "\(style.red("✗")) \($0)" })
                Terminal.print([
                    report.matched
                        ? style.green(
                            "✓ \(report.connections) connection(s), \(report.matchedMessages) server "
                                + "message(s): the backend answered as recorded")
                        : style.red(
                            "✗ \(report.differences.count) difference(s) in \(report.connections) "
                                + "connection(s); \(report.matchedMessages) server message(s) matched")
                ])
            }
            if !report.matched { throw ExitCodes.findings }
        }
    }
}
