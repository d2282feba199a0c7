import ArgumentParser
import Foundation
import GatewireCapture
import GatewireCore

extension GatewireCommand {
    /// `gatewire inspect FILE`: the sessions in a capture, HAR file or recording.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the WebSocket sessions in a pcap, pcapng, HAR file or recording.",
            discussion: """
                Captures are decoded layer by layer (link, IP, TCP reassembly, HTTP upgrade on any port, \
                WebSocket frames, permessage-deflate). Gaps and protocol violations are reported as errors; \
                a summary line (connections, messages, problems, gaps) ends the output on standard error. \
                --json prints the events as JSON Lines in the recording format; --record converts the file \
                to a recording. Every event is judged as the proxy judges live traffic: client messages are \
                resolved against the API's routes (--expression, --route, --routes), each $connect query string \
                is linted, also against earlier connections, and the gateway's limits are checked. A recording is \
                judged against the API its header names unless routes are given. Credentials are redacted in \
                everything shown and recorded (see --no-redact).

                Exit codes: 0 nothing at or above --fail-on; 1 findings at or above --fail-on; 64 usage error; \
                65 a file that is not a capture, HAR or recording; 66 a file that cannot be opened; 73 --record \
                names an existing file or a missing folder; 74 the recording could not be written.
                """)

        @Argument(help: "The file to read: pcap, pcapng, HAR or a Gatewire recording (detected from its content).")
        var file: String

        @OptionGroup var routes: RouteConfigOptions

        @OptionGroup var filter: EventFilterOptions

        @OptionGroup var output: OutputOptions

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Also write every event to this new recording file (never overwritten).", valueName: "file"))
        var record: String?

        @OptionGroup var redaction: RedactionOptions

        @OptionGroup var failure: FailureThresholdOptions

        func run() throws {
            try ExitCodes.run {
                let input = try SessionInput(opening: file)
                // A recording names the API it was judged against; routes given on the command line win.
                var sink = try SessionOutput(
                    options: output, filter: filter.filter, redaction: redaction,
                    routes: routes.configuration() ?? input.routes, recordPath: record, source: input.source,
                    buffered: true)
                let progress = ProgressLine()
                let summary = try SessionFile.read(input.path, progress: progress.show) { sink.emit($0) }
                progress.clear()
                let tally = try sink.finish(summary)
                if tally.hasFinding(atLeast: failure.threshold.severity) { throw ExitCodes.findings }
            }
        }
    }
}
