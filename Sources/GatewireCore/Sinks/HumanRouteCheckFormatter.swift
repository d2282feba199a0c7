/// Renders a `RouteCheckReport` for a terminal: the API's expression and keys with their findings, then per
/// message the evaluated value, the route, the reason and the near-miss hints.
public struct HumanRouteCheckFormatter: Sendable {
    public var style: TextStyle

    /// Creates a formatter.
    public init(style: TextStyle = .plain) {
        self.style = style
    }

    /// The report as lines of text.
    public func lines(for report: RouteCheckReport) -> [String] {
        var lines: [String] = []
        let assumed = report.expressionAssumed ? style.yellow("  (assumed)") : ""
        lines.append(style.dim("expression ") + style.bold(report.expression) + assumed)
        let keys = report.routeKeys.map { key in
            report.undeployedRouteKeys.contains(key) ? key + style.yellow(" (not deployed)") : key
        }
        lines.append(style.dim("routes     ") + (keys.isEmpty ? style.yellow("none") : keys.joined(separator: "  ")))
        lines += HumanFindingFormatter(style: style, indent: 2).lines(for: report.configurationFindings)
        for (index, entry) in report.entries.enumerated() {
            lines.append("")
            lines += self.lines(for: entry, number: index + 1)
        }
        return lines
    }

    private func lines(for entry: RouteCheckReport.Entry, number: Int) -> [String] {
        let resolution = entry.resolution
        let shown = entry.opcode == .text ? entry.message : "(binary, base64) " + entry.message
        var lines = [style.bold("message \(number)") + "  " + shown]
        if let value = resolution.value {
            lines.append("  " + style.dim("value   ") + HumanFindingFormatter.quoted(value))
        }
        let outcome: String
        switch resolution.outcome {
        case .matched: outcome = style.green("→ \(resolution.routeKey ?? "")")
        case .fellToDefault:
            outcome = (entry.severity == .info ? style.blue : style.yellow)("→ \(resolution.routeKey ?? "$default")")
        case .evaluated: outcome = style.blue("routes unknown")
        case .rejected: outcome = style.red("rejected: Forbidden")
        case .closed: outcome = style.red("connection closed with \(resolution.closeCode.map(String.init) ?? "?")")
        }
        lines.append("  " + style.dim("route   ") + outcome + style.dim("  (\(resolution.reason.rawValue))"))
        lines.append("  " + style.dim("why     ") + resolution.explanation)
        if let reply = resolution.reply {
            lines.append("  " + style.dim("reply   ") + reply)
        }
        for hint in resolution.hints {
            // The explanation often already says what the hint says; print it once.
            let message = resolution.explanation.contains(hint.message) ? "" : "  " + hint.message
            lines.append(
                "  " + style.dim("hint    ") + style.cyan("\(hint.kind.rawValue) → \(hint.routeKey)") + message)
        }
        return lines
    }
}
