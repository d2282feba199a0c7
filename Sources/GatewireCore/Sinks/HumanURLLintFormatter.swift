/// Renders a `URLLintReport` for a terminal: per URL the decoded parameters side by side with the raw bytes,
/// then its findings; at the end the findings that compare URLs.
public struct HumanURLLintFormatter: Sendable {
    public var style: TextStyle

    /// Creates a formatter.
    public init(style: TextStyle = .plain) {
        self.style = style
    }

    /// The report as lines of text.
    public func lines(for report: URLLintReport) -> [String] {
        let findings = HumanFindingFormatter(style: style, indent: 2)
        var lines: [String] = []
        for entry in report.entries {
            lines.append(style.bold("\(entry.label)  \(entry.url)"))
            if let error = entry.error {
                lines.append("  " + style.red("cannot parse: ") + error)
                lines.append("")
                continue
            }
            if let stage = entry.stage { lines.append("  " + style.dim("stage ") + stage) }
            if !entry.parameters.isEmpty {
                let width = min(28, entry.parameters.map { $0.rawName.count }.max() ?? 0)
                lines.append("  " + style.dim("parameters as the gateway decodes them (\(report.policy) policy):"))
                for parameter in entry.parameters {
                    let name = parameter.name + String(repeating: " ", count: max(0, width - parameter.name.count))
                    var line = "    \(name)  \(HumanFindingFormatter.quoted(parameter.value))"
                    if parameter.rawName != parameter.name || parameter.rawValue != parameter.value {
                        line += style.dim("  sent ") + parameter.rawName + "=" + parameter.rawValue
                    }
                    lines.append(line)
                }
            }
            if entry.findings.isEmpty {
                lines.append("  " + style.green("no findings"))
            } else {
                lines += findings.lines(for: entry.findings)
            }
            lines.append("")
        }
        if report.entries.count > 1 {
            lines.append(style.bold("across URLs"))
            if report.crossFindings.isEmpty {
                lines.append("  " + style.green("no findings: equal keys decode to equal values"))
            } else {
                lines += findings.lines(for: report.crossFindings)
            }
            lines.append("")
        }
        lines.append(summary(for: report))
        return lines
    }

    private func summary(for report: URLLintReport) -> String {
        let all = report.allFindings
        let counts = Finding.Severity.allCases.reversed().compactMap { severity -> String? in
            let count = all.filter { $0.severity == severity }.count
            return count == 0 ? nil : "\(count) \(severity.rawValue)\(count == 1 ? "" : "s")"
        }
        let urls = "\(report.entries.count) URL\(report.entries.count == 1 ? "" : "s")"
        return counts.isEmpty ? "\(urls), no findings" : "\(urls): " + counts.joined(separator: ", ")
    }
}
