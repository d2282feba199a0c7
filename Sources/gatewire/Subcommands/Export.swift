import ArgumentParser
import Foundation
import GatewireCapture
import GatewireCore

extension GatewireCommand {
    /// `gatewire export FILE --to har`: converts sessions to another format.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert a recording (or capture, or HAR) to a HAR file that Chrome DevTools can import.")

        /// The formats Gatewire exports to.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case har
        }

        @Argument(help: "The recording, capture or HAR file to read.")
        var file: String

        @Option(name: .long, help: "The format to write.")
        var to: Format

        @Option(name: .shortAndLong, help: "Where to write (default: standard output).")
        var output: String?

        func run() throws {
            try ExitCodes.run {
                var events: [SessionEvent] = []
                _ = try SessionFile.read(file) { events.append($0) }
                let document = HARDocument(
                    events: events, creator: .init(name: "gatewire", version: GatewireCommand.version))
                let data = try document.encoded() + Data("\n".utf8)
                if let output {
                    try data.write(to: URL(fileURLWithPath: output))
                } else {
                    FileHandle.standardOutput.write(data)
                }
            }
        }
    }
}
