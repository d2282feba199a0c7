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
                is linted, also against earlier connections, and the gateway's limits are checked.
                """)

        @Argument(help: "The file to read: pcap, pcapng, HAR or a Gatewire recording (detected from its content).")
        var file: String

        @OptionGroup var routes: RouteConfigOptions

        @OptionGroup var filter: EventFilterOptions

        @OptionGroup var output: OutputOptions

        @Option(name: .long, help: "Also write every event to this new recording file.")
        var record: String?

        func run() throws {
            try ExitCodes.run {
                let format = try CaptureFileFormat.detect(path: file)
                let source: RecordingSource =
                    switch format {
                    case .pcap, .pcapng: .capture
                    case .har: .har
                    case .recording: .capture
                    }
                var sink = try SessionOutput(
                    options: output, filter: filter.filter, routes: routes.configuration(), recordPath: record,
                    source: source, buffered: true)
                let progress = ProgressLine()
                let summary = try SessionFile.read(file, progress: progress.show) { try sink.emit($0) }
                progress.clear()
                try sink.finish(summary)
            }
        }
    }
}
