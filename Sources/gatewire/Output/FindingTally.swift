import GatewireCore

/// Counts findings by severity as events pass, for a command's summary line and `--fail-on`.
struct FindingTally: SessionEventSink {
    let name = "the finding count"
    private(set) var counts: [Finding.Severity: Int] = [:]

    mutating func consume(_ events: [SessionEvent]) throws {
        for event in events {
            for finding in event.findings { counts[finding.severity, default: 0] += 1 }
        }
    }

    mutating func finish() throws {}

    /// Whether a finding of `severity` or worse passed.
    func hasFinding(atLeast severity: Finding.Severity) -> Bool {
        counts.contains { $0.key >= severity && $0.value > 0 }
    }
}
