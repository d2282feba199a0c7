import Foundation
import GatewireCore
import GatewireMock
import GatewireWeb

/// Runs a local gateway from the command line until SIGINT or SIGTERM: tells the user what to connect to, analyzes,
/// prints and records its events, then closes every connection with 1001 and flushes the recording.
struct GatewayRunner {
    var configuration: MockGatewayConfiguration
    var record: String?
    var header: RecordingHeader
    var output: OutputOptions
    var filter: EventFilter
    var redaction: RedactionOptions
    var warnsPublic: Bool
    /// `--web`: where to serve the web view, `nil` for none.
    var web: (host: String, port: Int)? = nil

    /// Serves until interrupted.
    ///
    /// - Throws: ``CommandFailure`` when the gateway cannot listen (exit 69), the recording cannot be created
    ///   (73) or could not be written (74).
    func run() async throws {
        let header = self.header
        var webView: LiveWebView?
        if let web {
            webView = try await LiveWebView.start(
                host: web.host, port: web.port,
                input: .init(name: "live", source: header.source, routes: header.api?.routeConfiguration))
        }
        // The same pipeline as the proxy's, so a mock session shows the query lint and limit findings too.
        let pipeline = try CommandPipeline(
            analysis: SessionAnalyzerConfiguration(routes: header.api?.routeConfiguration), redaction: redaction,
            sinks: [EventPrinter(output: output, filter: filter)] + (webView.map { [$0.sink] } ?? []),
            record: record.map { path in
                CommandPipeline.Recording(
                    path: path, header: { _ in header }, startsAtFirstEvent: false)
            })
        let gateway: MockGateway
        do {
            gateway = try await MockGateway.build(configuration: configuration)
        } catch {
            throw CommandFailure.cannotListen(host: configuration.host, port: configuration.port, because: error)
        }
        if warnsPublic {
            Terminal.printError(
                "gatewire: warning: listening on \(gateway.host), reachable from other machines; the mock has no "
                    + "authentication")
        }
        let banner =
            configuration.stages.map { stage in
                "Mock gateway: connect to \(gateway.url(stage: stage))  (@connections endpoint: "
                    + "\(gateway.managementEndpoint(stage: stage)))"
            } + ["Press Ctrl-C to stop."]
        // Keep standard output pure JSON Lines under --json.
        if output.json { banner.forEach(Terminal.printError) } else if !output.quiet { Terminal.print(banner) }
        webView?.announce()

        let events = gateway.events
        let consumer = Task { [pipeline] in
            var pipeline = pipeline
            await pipeline.drain(events: events)
            try pipeline.finish()
        }
        await SignalWatcher.waitForTermination()
        await gateway.shutdown()
        await webView?.shutdown()
        try await consumer.value
    }
}
