/// Renders a ``DiagnosisReport`` for a terminal: one section per kind of problem, in plain words, with the bytes
/// as sent and as the backend receives them side by side, and a fix under each item.
///
/// Sections with nothing in them are left out; a clean report is one line saying no problems were found and what
/// was checked. Colour follows the other formatters (``TextStyle``): severities red or yellow, labels dim, fixes
/// green, and nothing at all when the style is off.
public struct HumanDiagnosisFormatter: Sendable {
    public var style: TextStyle

    /// Creates a formatter.
    public init(style: TextStyle = .plain) {
        self.style = style
    }

    /// The report's lines, without trailing newlines.
    public func lines(for report: DiagnosisReport) -> [String] {
        var lines: [String] = []
        if !report.missingSubscriptions.isEmpty {
            lines += heading("Missing subscriptions", report.missingSubscriptions.count)
            for group in report.missingSubscriptions { lines += self.lines(for: group) + [""] }
        }
        if !report.routeProblems.isEmpty {
            lines += heading("Route problems", report.routeProblems.count)
            for problem in report.routeProblems { lines += self.lines(for: problem) + [""] }
        }
        if !report.gatewayTrouble.isEmpty {
            lines += heading("Gateway trouble", report.gatewayTrouble.count)
            for trouble in report.gatewayTrouble { lines += self.lines(for: trouble) }
            lines.append("")
        }
        if !report.notes.isEmpty {
            lines.append(style.bold("Notes"))
            lines += report.notes.map { "  " + style.dim("- ") + $0 }
            lines.append("")
        }
        lines += summary(report)
        return lines
    }

    /// The lines for one subscription group: what goes wrong, each member's values, each difference, the fix.
    public func lines(for group: SubscriptionGroup) -> [String] {
        var lines = ["  " + style.severity(.error, "error") + "  " + group.message]
        let parameterWidth = group.members.flatMap(\.values).map(\.parameter.count).max() ?? 0
        let sentWidth = group.members.flatMap(\.values).map { Self.quoted($0.raw).count }.max() ?? 0
        for member in group.members {
            lines.append("    " + style.bold(member.connection.name) + "  " + style.dim(describe(member.connection)))
            for value in member.values {
                let sent = Self.quoted(value.raw)
                let received: String
                if let gateway = value.gateway {
                    received = Self.quoted(gateway)
                } else if let carrier = value.carriedBy {
                    received = "nothing (the parameter is named \(Self.quoted(carrier)))"
                } else {
                    received = "nothing"
                }
                lines.append(
                    "      " + Self.pad(value.parameter, parameterWidth) + "  " + style.dim("sent ")
                        + Self.pad(sent, sentWidth) + "  " + style.dim("→ backend gets ") + received)
            }
        }
        let kindWidth = group.differences.map(\.kind.rawValue.count).max() ?? 0
        for difference in group.differences {
            lines.append(
                "    " + style.yellow(Self.pad(difference.kind.rawValue, kindWidth)) + "  " + difference.message + ".")
            lines.append("    " + String(repeating: " ", count: kindWidth) + "  " + fix(difference.fix))
        }
        lines.append("    " + fix(group.fix))
        return lines
    }

    /// The lines for one route problem: where the messages went, why, hints, an example and the fix.
    public func lines(for problem: RouteProblem) -> [String] {
        let value = problem.value.map { "\"\($0)\"" } ?? "(not evaluated)"
        let destination = problem.outcome == .rejected ? "refused (Forbidden)" : "$default"
        let messages = problem.count == 1 ? "1 message" : "\(problem.count) messages"
        let names = problem.connections.map(\.name).joined(separator: ", ")
        var lines = [
            "  " + style.severity(problem.severity, problem.severity.rawValue) + "  " + style.bold(value) + " → "
                + destination + " " + style.dim("(\(problem.reason.rawValue))") + ", \(messages) from \(names), "
                + "first at \(HumanEventFormatter.clock(problem.firstSeen))"
        ]
        lines.append("    " + problem.explanation)
        for hint in problem.hints {
            lines.append("    " + style.dim("hint ") + style.yellow(hint.kind.rawValue) + " → " + hint.routeKey)
        }
        lines.append("    " + style.dim("example ") + problem.example)
        if let reply = problem.reply { lines.append("    " + style.dim("reply   ") + reply) }
        lines.append("    " + fix(problem.fix))
        return lines
    }

    /// The lines for one gateway trouble item.
    public func lines(for trouble: GatewayTrouble) -> [String] {
        let times = trouble.count > 1 ? " (\(trouble.count) times on this connection)" : ""
        var lines = [
            "  " + style.severity(trouble.severity, trouble.severity.rawValue) + "  "
                + style.yellow(trouble.kind.rawValue) + "  " + style.bold(trouble.connection.name) + " "
                + style.dim(HumanEventFormatter.clock(trouble.time)) + "  " + trouble.message + times
        ]
        if let fix = trouble.fix { lines.append("    " + self.fix(fix)) }
        return lines
    }

    /// The closing lines: what was read and checked, and the verdict.
    public func summary(_ report: DiagnosisReport) -> [String] {
        let summary = report.summary
        let read =
            "\(Self.count(summary.inputs, "input")), \(Self.count(summary.connections, "connection")), "
            + "\(Self.count(summary.clientMessages, "client message"))"
        let keys =
            report.keyParameters.isEmpty
            ? "no subscription keys (no parameter is shared by several connections; name them with --key)"
            : "subscription keys " + report.keyParameters.joined(separator: ", ")
                + (report.keyParametersGuessed ? " (guessed; name them with --key)" : "")
        let checked = "Checked \(read); \(keys); decoding \(report.decoding)."
        guard report.hasProblems else { return [style.green("No problems found.") + " " + checked] }
        let found = [
            Self.count(summary.missingSubscriptions, "missing subscription"),
            Self.count(summary.routeProblems, "route problem")
                + (summary.routeProblems > 0 ? " (\(Self.count(summary.unroutedMessages, "message")))" : ""),
            Self.count(summary.gatewayTrouble, "gateway trouble item"),
        ]
        let severities = [Self.count(summary.errors, "error"), Self.count(summary.warnings, "warning")]
        return [
            style.bold("Found ") + found.joined(separator: ", ") + " (" + severities.joined(separator: ", ") + "). "
                + checked
        ]
    }

    private func heading(_ title: String, _ count: Int) -> [String] {
        [style.bold("\(title) (\(count))"), ""]
    }

    private func fix(_ text: String) -> String { style.dim("fix ") + style.green(text) }

    private func describe(_ connection: DiagnosedConnection) -> String {
        let id = connection.connectionID.map { "\($0.rawValue), " } ?? ""
        return "(\(id)connected \(HumanEventFormatter.clock(connection.time)))"
    }

    private static func quoted(_ text: String) -> String { HumanFindingFormatter.quoted(text) }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}
