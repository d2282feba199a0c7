import ArgumentParser
import GatewireCore

/// Which findings make a command exit with 1, so a CI job can be as strict as it likes.
struct FailureThresholdOptions: ParsableArguments {
    /// A finding severity as a command-line value.
    enum Threshold: String, ExpressibleByArgument, CaseIterable {
        case info, warning, error

        var severity: Finding.Severity {
            switch self {
            case .info: .info
            case .warning: .warning
            case .error: .error
            }
        }
    }

    @Option(
        name: .customLong("fail-on"),
        help: ArgumentHelp(
            "Exit with 1 when a finding of this severity or worse is reported: info, warning or error.",
            valueName: "severity"))
    var threshold: Threshold = .warning

    /// Whether any of the findings reaches the threshold.
    func fails(_ findings: [Finding]) -> Bool {
        findings.contains { $0.severity >= threshold.severity }
    }
}
