import ArgumentParser
import Foundation
import GatewireCore
import GatewireMock
import GatewireProxy
import GatewireWeb

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

                Credentials are redacted in everything shown and recorded: credential headers (Authorization, \
                Cookie, X-Api-Key, …), SigV4 and token-like query parameters, and subprotocol values that are \
                not protocol names (docs/recording-format.md lists the rules); --no-redact keeps them.

                SIGINT or SIGTERM closes every connection with 1001, flushes the recording and exits 0. If the \
                recording cannot be written (a full disk), that is reported at once, relaying goes on, and the \
                exit code is 74.
                Exit codes: 0 stopped by a signal; 64 usage error; 65 unreadable route configuration or a TLS \
                file that holds no PEM certificate or key; 66 an unreadable file; 69 cannot listen; 73 --record names an existing file or a missing folder; 74 \
                the recording could not be written.
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
                "Record every event to this new file (JSON Lines, written as events happen; never overwritten).",
                valueName: "file"))
        var record: String?

        @OptionGroup var redaction: RedactionOptions

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

        @OptionGroup var web: WebOptions

        @OptionGroup var control: ControlOptions

        @OptionGroup var intercept: InterceptOptions

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
            if !intercept.breakpoints.isEmpty, control.control == nil, web.web == nil, upstream != nil {
                Terminal.printError(
                    "gatewire: WARNING: --break without --control or --web: held messages go on only when the hold "
                        + "timeout (\(intercept.holdTimeout) s) passes, since nothing can release them sooner.")
            }
            if let ca { try PEMFile.check(ca, holds: .certificates, for: "--ca") }
            if let tlsCertificate, let tlsKey {
                try PEMFile.check(tlsCertificate, holds: .certificates, for: "--tls-cert")
                try PEMFile.check(tlsKey, holds: .privateKey, for: "--tls-key")
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
            let record = self.record.map { path in
                CommandPipeline.Recording(
                    path: path,
                    header: {
                        RecordingHeader(
                            creator: .gatewire, startedAt: $0, source: .proxy,
                            api: routeConfiguration.map { RecordingHeader.API($0) })
                    },
                    startsAtFirstEvent: false)
            }

            let server: ProxyServer
            do {
                server = try ProxyServer(
                    configuration: configuration, interceptor: try intercept.interceptor(routes: routeConfiguration))
            } catch let error as ProxyError {
                throw CommandFailure(description: error.description, exitCode: ExitCodes.noInput)
            }
            // The quick start (no --upstream) shows the web view too; its Held panel acts on the breakpoints.
            let webView = try await LiveWebView.start(
                web, quickStart: upstream == nil,
                input: .init(name: "live", source: .proxy, routes: routeConfiguration),
                held: ProxyHeldMessageControl(held: server.control.interceptor.held))
            // The printer comes first: live lines are queued (never blocking) before the lossless recording is written.
            var pipeline = try CommandPipeline(
                analysis: SessionAnalyzerConfiguration(routes: routeConfiguration), redaction: redaction,
                sinks: [EventPrinter(output: output, filter: filter.filter)] + (webView.map { [$0.sink] } ?? []),
                record: record)
            do {
                try await server.start()
            } catch {
                throw CommandFailure.cannotListen(host: host, port: port, because: error)
            }
            let controlServer = try await control.start(for: server, quiet: output.quiet)
            let signals = SignalWatcher {
                Task {
                    await controlServer?.shutdown()
                    await server.shutdown()
                }
            }
            let proxyURL = "ws\(tlsCertificate == nil ? "" : "s")://\(host):\(server.localPort ?? port)"
            if !output.quiet {
                Terminal.printError("gatewire: proxying \(proxyURL) → \(configuration.upstream)")
                embedded?.banner(proxyURL: proxyURL).forEach(Terminal.printError)
            }
            if let webView { webView.announce(web.web == nil ? webView.quickStartNote : "") }
            // The built-in gateway's own events are not the proxy's traffic (the proxy already shows that); only its
            // errors are shown.
            let gatewayErrors = embedded.map { embedded in
                Task { [output, redaction] in
                    var errors = try CommandPipeline(
                        analysis: nil, redaction: redaction, sinks: [EventPrinter(output: output)])
                    await errors.drain(events: embedded.gateway.events.filter(\.isError))
                    try errors.finish()
                }
            }
            // Events come in batches of whatever waited: under load the recording takes one write per batch. The
            // consumer has a thread of its own, which sleeps on its own timer between looks for events.
            if #available(macOS 15, *) {
                let consumerThread = EventConsumerThread()
                await withTaskExecutorPreference(consumerThread) {
                    await pipeline.drain(server.events.batches)
                }
                try? await consumerThread.shutdown()
            } else {
                await pipeline.drain(server.events.batches)
            }
            await embedded?.gateway.shutdown()
            _ = await gatewayErrors?.result
            await webView?.shutdown()
            try pipeline.finish()
            withExtendedLifetime(signals) {}
        }
    }
}
