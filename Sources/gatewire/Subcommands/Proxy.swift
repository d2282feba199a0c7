import ArgumentParser
import Foundation
import GatewireCore
import GatewireMock
import GatewireProxy

extension GatewireCommand {
    /// `gatewire proxy`: a man-in-the-middle WebSocket proxy that shows, analyses and records every session.
    struct Proxy: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Relay WebSocket clients to an upstream, showing each event as API Gateway would see it.",
            discussion: """
                Each client's handshake is forwarded first, with its path and query byte for byte; the client is \
                upgraded only when the upstream answers 101, and gets the upstream's status and body otherwise \
                (502 when it cannot be reached). Frames are relayed as they came. Every $connect is linted, every \
                client message resolved against the API's routes, and the gateway's limits checked; the traffic \
                is relayed regardless. Compression offers (permessage-deflate) are not forwarded, so both sides \
                speak plain frames the proxy can read.

                Examples:
                  gatewire proxy --upstream wss://abc123.execute-api.eu-west-1.amazonaws.com/prod \\
                      --routes template.yaml --record session.jsonl
                  gatewire proxy --listen 127.0.0.1:9000 --upstream ws://127.0.0.1:3001 -e '$request.body.type'

                Without --upstream the proxy fronts the built-in mock gateway serving the API of a recording \
                bundled with gatewire (a simple sendmessage echo API), and prints what to connect to and send: a \
                way to try everything with no AWS account. It answers every message as API Gateway would: \
                sendmessage echoes its data, anything else gets Forbidden.

                SIGINT or SIGTERM closes every connection with 1001, flushes the recording and exits 0.
                Exit codes: 0 stopped by a signal; 64 usage error; 65 unreadable route configuration; 66 an \
                unreadable file; 69 cannot listen.
                """)

        @OptionGroup var bind: BindOptions

        @Option(
            name: .long,
            help: ArgumentHelp(
                "The upstream: ws[s]://host[:port][/base]. Without it, the built-in mock gateway serving a "
                    + "bundled API.", valueName: "url"))
        var upstream: String?

        @Flag(name: .long, help: "Do not verify the upstream's TLS certificate (wss). For test servers only.")
        var insecure = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Trust the CA certificates in this PEM file for wss upstreams.",
                valueName: "file"))
        var ca: String?

        @Option(
            name: .customLong("tls-cert"),
            help: ArgumentHelp(
                "Serve wss:// to clients with this PEM certificate "
                    + "chain (with --tls-key).", valueName: "file"))
        var tlsCertificate: String?

        @Option(
            name: .customLong("tls-key"),
            help: ArgumentHelp(
                "The PEM private key for --tls-cert.",
                valueName: "file"))
        var tlsKey: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Record every event to this file (JSON Lines, written as events happen).",
                valueName: "file"))
        var record: String?

        @Option(
            name: .customLong("redact-param"),
            help: ArgumentHelp(
                "Redact this query parameter's value in "
                    + "output and recording (repeatable).", valueName: "name"))
        var redactParameters: [String] = []

        @Flag(name: .customLong("no-redact"), help: "Keep Authorization, Cookie and --redact-param values as sent.")
        var noRedact = false

        @Option(
            name: .customLong("handshake-timeout"),
            help: ArgumentHelp(
                "Seconds a client has to complete its WebSocket handshake, the upstream's answer included; a "
                    + "connection still short of it is closed (504 while the upstream is answering).",
                valueName: "seconds"))
        var handshakeTimeout: Double = 60

        @OptionGroup var routes: RouteConfigOptions

        @OptionGroup var filter: EventFilterOptions

        @OptionGroup var output: OutputOptions

        func validate() throws {
            _ = try bind.hostAndPort()
            do {
                if let upstream { _ = try UpstreamEndpoint(parsing: upstream) }
            } catch let error as ProxyError {
                throw ValidationError(error.description)
            }
            if !(handshakeTimeout > 0) { throw ValidationError("--handshake-timeout must be a positive number") }
            if (tlsCertificate == nil) != (tlsKey == nil) {
                throw ValidationError("--tls-cert and --tls-key go together")
            }
        }

        func run() async throws {
            try await ExitCodes.run(serve)
        }

        private func serve() async throws {
            let (host, port) = try bind.hostAndPort()
            if !bind.isLoopback {
                Terminal.printError(
                    "gatewire: WARNING: listening on \(host), not loopback: anyone who can reach this address can "
                        + "use the proxy and see its traffic, including tokens and cookies.")
            }
            if insecure {
                Terminal.printError(
                    "gatewire: WARNING: --insecure: the upstream's TLS certificate is not verified; anyone on the path "
                        + "can impersonate it and read the traffic, including tokens and cookies.")
            }
            let embedded = upstream == nil ? try await EmbeddedGateway.start() : nil
            let upstreamEndpoint =
                try embedded.map { UpstreamEndpoint(secure: false, host: "127.0.0.1", port: $0.gateway.port) }
                ?? UpstreamEndpoint(parsing: upstream ?? "")
            var configuration = ProxyConfiguration(
                host: host, port: port, upstream: upstreamEndpoint, upstreamTLS: .init(insecure: insecure, caFile: ca))
            configuration.handshakeTimeout = handshakeTimeout
            if let tlsCertificate, let tlsKey {
                configuration.listenerTLS = .init(certificateFile: tlsCertificate, privateKeyFile: tlsKey)
            }
            // The embedded gateway's API judges the traffic unless the user gave routes.
            let routeConfiguration = try routes.configuration() ?? embedded?.header.api?.routeConfiguration
            var analyzer = try SessionAnalyzer(configuration: SessionAnalyzerConfiguration(routes: routeConfiguration))
            let redactor: EventRedactor? = noRedact ? nil : EventRedactor(queryParameters: Set(redactParameters))
            var printer = EventPrinter(output: output, filter: filter.filter)

            let server: ProxyServer
            do {
                server = try ProxyServer(configuration: configuration)
            } catch let error as ProxyError {
                throw CommandFailure(description: error.description, exitCode: ExitCodes.noInput)
            }
            var recorder = try record.map { path in
                try RecordingWriter(
                    output: FileHandleRecordingOutput(creatingFileAt: URL(fileURLWithPath: path)),
                    header: RecordingHeader(
                        creator: .gatewire, startedAt: configuration.clock(),
                        source: .proxy, api: routeConfiguration.map { RecordingHeader.API($0) }))
            }
            do {
                try await server.start()
            } catch let error as ProxyError {
                throw CommandFailure(description: error.description, exitCode: ExitCodes.unavailable)
            }
            let signals = SignalWatcher { Task { await server.shutdown() } }
            let proxyURL = "ws\(tlsCertificate == nil ? "" : "s")://\(host):\(server.localPort ?? port)"
            if !output.quiet {
                Terminal.printError("gatewire: proxying \(proxyURL) → \(configuration.upstream)")
                embedded?.banner(proxyURL: proxyURL).forEach(Terminal.printError)
            }
            // The embedded mock's own events are not the proxy's traffic; only its replay differences are shown.
            let mockDifferences = embedded.map { embedded in
                Task { [output] in
                    var printer = EventPrinter(output: output)
                    for await event in embedded.gateway.events {
                        if case .error = event { try? printer.print(event) }
                    }
                }
            }
            // Events come in batches of whatever waited: under load the recording takes one write per batch.
            for await batch in server.events.batches {
                var shown: [SessionEvent] = []
                shown.reserveCapacity(batch.count)
                for event in batch {
                    let analyzed = analyzer.analyze(event)
                    shown.append(redactor?.redact(analyzed) ?? analyzed)
                }
                // Printing never blocks (live output is a bounded queue that drops what does not fit), so the lines
                // are queued first and the recording, lossless, follows.
                for event in shown { try printer.print(event) }
                if recorder != nil {
                    do {
                        try recorder?.write(contentsOf: shown)
                    } catch {
                        Terminal.printError("gatewire: error: cannot write the recording: \(error)")
                        recorder = nil
                    }
                }
            }
            await embedded?.gateway.shutdown()
            await mockDifferences?.value
            printer.flush()
            try recorder?.close()
            withExtendedLifetime(signals) {}
        }
    }
}
