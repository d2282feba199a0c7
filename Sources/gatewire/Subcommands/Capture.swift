import ArgumentParser
import Foundation
import GatewireCapture
import GatewireCore

extension GatewireCommand {
    /// `gatewire capture --interface IF`: decodes live traffic as it happens.
    struct Capture: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Capture WebSocket traffic from a network interface (needs root or CAP_NET_RAW).")

        @Option(name: .shortAndLong, help: "The interface to capture on, such as lo, eth0 or any.")
        var interface: String

        @Option(name: .shortAndLong, help: "Capture only this TCP port.")
        var port: Int?

        @Option(name: .long, help: "A BPF capture filter, such as 'host 10.0.0.5 and tcp port 443'.")
        var filter: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Also write every event to this new recording file (never overwritten).", valueName: "file"))
        var record: String?

        @OptionGroup var redaction: RedactionOptions

        @OptionGroup var failure: FailureThresholdOptions

        @Option(name: .long, help: "Stop after this many seconds (default: until interrupted).")
        var duration: Double?

        @OptionGroup var routes: RouteConfigOptions

        @OptionGroup var shown: EventFilterOptions

        @OptionGroup var output: OutputOptions

        func validate() throws {
            if let port, !(1...65_535).contains(port) {
                throw ValidationError("--port must be between 1 and 65535")
            }
            if let duration, duration <= 0 {
                throw ValidationError("--duration must be positive")
            }
        }

        /// The BPF filter: the port and the user's filter combined, TCP in any case.
        var bpfFilter: String {
            var parts = ["tcp"]
            if let port { parts.append("port \(port)") }
            if let filter, !filter.isEmpty { parts.append("(\(filter))") }
            return parts.joined(separator: " and ")
        }

        func run() async throws {
            try await ExitCodes.run {
                var sink = try SessionOutput(
                    options: output, filter: shown.filter, redaction: redaction, routes: routes.configuration(),
                    recordPath: record, source: .capture)
                let capture = try LiveCapture(interface: interface, filter: bpfFilter)
                let signals = SignalWatcher { capture.stop() }
                if let duration {
                    Task {
                        try? await Task.sleep(for: .seconds(duration))
                        capture.stop()
                    }
                }
                if !output.quiet {
                    Terminal.printError("capturing on \(interface) (\(bpfFilter)); Ctrl-C to stop")
                }
                for try await event in capture.events {
                    sink.emit(event)
                }
                let tally = try sink.finish(capture.summary)
                withExtendedLifetime(signals) {}
                if tally.hasFinding(atLeast: failure.threshold.severity) { throw ExitCodes.findings }
            }
        }
    }
}
