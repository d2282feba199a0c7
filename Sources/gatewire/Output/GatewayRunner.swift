import Foundation
import GatewireCore
import GatewireMock

/// Runs a local gateway from the command line until SIGINT or SIGTERM: tells the user what to connect to, analyzes,
/// prints and records its events, then closes every connection with 1001 and flushes the recording.
struct GatewayRunner {
    var configuration: MockGatewayConfiguration
    var record: String?
    var header: RecordingHeader
    var output: OutputOptions
    var filter: EventFilter
    var warnsPublic: Bool

    /// Serves until interrupted; returns how many error events were seen.
    @discardableResult
    func run() async throws -> Int {
        var recorder: RecordingWriter<FileHandleRecordingOutput>?
        if let record {
            recorder = try RecordingWriter(
                output: FileHandleRecordingOutput(creatingFileAt: URL(fileURLWithPath: record)), header: header)
        }
        // The same analysis as the proxy's, so a mock session shows the query lint and limit findings too.
        let analyzer = try SessionAnalyzer(
            configuration: SessionAnalyzerConfiguration(routes: header.api?.routeConfiguration))
        let gateway = try await MockGateway.build(configuration: configuration)
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

        let printer = EventPrinter(output: output, filter: filter)
        let events = gateway.events
        let consumer = Task { [recorder] in
            var analyzer = analyzer
            var printer = printer
            var recorder = recorder
            var errors = 0
            for await event in events {
                let analyzed = analyzer.analyze(event)
                if case .error = analyzed { errors += 1 }
                try? recorder?.write(analyzed)
                try? printer.print(analyzed)
            }
            printer.flush()
            try? recorder?.close()
            return errors
        }
        await SignalWatcher.waitForTermination()
        await gateway.shutdown()
        return await consumer.value
    }

}
