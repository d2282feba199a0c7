import ArgumentParser
import GatewireCore

/// How a command prints: human text (coloured only on a terminal) or JSON for scripts.
struct OutputOptions: ParsableArguments {
    /// When to colour human output.
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    @Flag(name: .long, help: "Print JSON instead of human-readable text (JSON Lines for streams of events).")
    var json = false

    @Option(name: .long, help: "Colour human output: auto (only on a terminal), always or never.")
    var color: ColorChoice = .auto

    @Flag(name: [.customShort("q"), .long], help: "Print nothing but errors; the exit code still tells the outcome.")
    var quiet = false

    /// The text style for standard output, honouring `--color` and the `NO_COLOR` convention.
    var style: TextStyle {
        switch color {
        case .always: TextStyle(enabled: true)
        case .never: .plain
        case .auto: TextStyle(enabled: Terminal.standardOutputIsTerminal && !Terminal.noColorRequested)
        }
    }
}
