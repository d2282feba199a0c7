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
                a summary line ends the output.
                """)

        @Argument(help: "The file to read: pcap, pcapng, HAR or a Gatewire recording (detected from its content).")
        var file: String

        @Option(name: .long, help: "Show only these connections (labels such as c1); repeatable.")
        var connection: [String] = []

        @Flag(name: .long, help: "Do not print the summary line.")
        var noSummary = false

        func run() throws {
            let printer = EventLinePrinter()
            let progress = ProgressLine()
            let wanted = Set(connection)
            let summary = try SessionFile.read(file, progress: progress.show) { event in
                guard wanted.isEmpty || event.connection.map(wanted.contains) == true else { return }
                print(printer.line(for: event))
            }
            progress.clear()
            if !noSummary {
                FileHandle.standardError.write(Data((EventLinePrinter.summary(summary) + "\n").utf8))
            }
        }
    }
}
