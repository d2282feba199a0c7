import ArgumentParser
import Foundation
import GatewireCapture
import GatewireCore

extension GatewireCommand {
    /// `gatewire export FILE --to har`: converts sessions to another format.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a recording (or capture, or HAR) to a HAR file that Chrome DevTools can import.",
            discussion: """
                Credentials are redacted as everywhere else (see --no-redact).

                Exit codes: 0 written; 64 usage error; 65 a file that is not a capture, HAR or recording; 66 a \
                file that cannot be opened; 73 -o names an existing file or a missing folder; 74 the output could \
                not be written.
                """)

        /// The formats Gatewire exports to.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case har
        }

        @Argument(help: "The recording, capture or HAR file to read.")
        var file: String

        @Option(name: .long, help: "The format to write.")
        var to: Format

        @Option(
            name: .shortAndLong,
            help: ArgumentHelp(
                "Where to write: a new file, never overwritten (default: standard output).", valueName: "file"))
        var output: String?

        @OptionGroup var redaction: RedactionOptions

        func run() throws {
            try ExitCodes.run {
                let input = try SessionInput(opening: file)
                let handle = try output.map(OutputFile.create)
                let har = HARExportSink(
                    name: output ?? "standard output",
                    creator: .init(name: "gatewire", version: GatewireCommand.version)
                ) { data in
                    if let handle {
                        try handle.write(contentsOf: data)
                        try handle.close()
                    } else {
                        FileHandle.standardOutput.write(data)
                    }
                }
                // A HAR holds what was sent, not what Gatewire found, so the events are not analysed; they are
                // redacted like everything else that leaves the process.
                var pipeline = try CommandPipeline(analysis: nil, redaction: redaction, sinks: [har])
                _ = try input.read { pipeline.process($0) }
                try pipeline.finish()
            }
        }
    }
}
