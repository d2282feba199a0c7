import ArgumentParser
import Foundation
import GatewireCapture
import GatewireCore
import GatewireWeb

extension GatewireCommand {
    /// `gatewire view FILE…`: recordings, captures and HAR files in the web view.
    struct View: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Open recordings, pcap/pcapng captures and HAR files in the web view.",
            discussion: """
                Reads the files exactly as inspect does (each judged against the API its recording names, unless \
                routes are given), redacts credentials (see --no-redact), then serves the web view until Ctrl-C \
                and prints its URL: connections with their $connect query lint, every message with the route it \
                resolves to and why, the payloads, and the diagnosis (the same as gatewire diagnose says for the \
                same files).

                The view listens on 127.0.0.1 on a free port unless --web says otherwise; on any other address the \
                URL carries a random access token. docs/web-view.md describes the view and its limits.

                Examples:
                  gatewire view captures/004-chat/session.jsonl
                  gatewire view browser.har worker.pcap --web 8081

                Exit codes: 0 stopped by a signal; 64 usage error; 65 a file that is not a capture, HAR or \
                recording; 66 a file that cannot be opened; 69 the view cannot listen.
                """)

        @Argument(
            help: ArgumentHelp(
                "The files to show: recordings, pcap/pcapng captures or HAR files.", valueName: "file"))
        var files: [String]

        @OptionGroup var routes: RouteConfigOptions

        @OptionGroup var redaction: RedactionOptions

        @OptionGroup var web: WebOptions

        func run() async throws {
            try await ExitCodes.run(serve)
        }

        private func serve() async throws {
            let given = try routes.configuration()
            // Every file is opened before any is read, so a typo in the last name fails fast.
            let inputs = try files.map(SessionInput.init(opening:))
            let (host, port) = try web.endpoint() ?? ("127.0.0.1", 0)
            let view = try await LiveWebView.start(
                host: host, port: port, diagnosis: DiagnosisConfiguration(routes: given))
            var pipeline = try CommandPipeline(
                analysis: SessionAnalyzerConfiguration(routes: given ?? inputs.first?.routes), redaction: redaction,
                sinks: [view.sink])
            for input in inputs {
                let routes = given ?? input.routes
                try pipeline.restartAnalysis(with: SessionAnalyzerConfiguration(routes: routes))
                view.store.begin(LiveEventStore.Input(name: input.name, source: input.source, routes: routes))
                let progress = ProgressLine()
                _ = try SessionFile.read(input.path, progress: progress.show) { pipeline.process($0) }
                progress.clear()
            }
            try pipeline.finish()
            view.announce("  (\(view.store.latestSequence) events; Ctrl-C stops)")
            await SignalWatcher.waitForTermination()
            await view.shutdown()
        }
    }
}
