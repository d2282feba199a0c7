import Foundation

/// Renders findings as indented, readable text blocks for a terminal.
///
/// Every finding shows its severity, code and message; the evidence lines (parameter, raw bytes, what the gateway
/// decodes, connections, fix) follow only when present, so a finding never prints empty fields.
public struct HumanFindingFormatter: Sendable {
    public var style: TextStyle
    /// Spaces before each line.
    public var indent: Int

    /// Creates a formatter.
    public init(style: TextStyle = .plain, indent: Int = 2) {
        self.style = style
        self.indent = indent
    }

    /// The lines for one finding, without trailing newlines.
    public func lines(for finding: Finding) -> [String] {
        let pad = String(repeating: " ", count: indent)
        var lines = [
            pad + style.severity(finding.severity, "\(finding.severity.rawValue) \(finding.code)") + "  "
                + finding.message
        ]
        let detailPad = pad + "    "
        if let parameter = finding.parameter { lines.append(detailPad + style.dim("parameter ") + parameter) }
        if let raw = finding.raw { lines += evidence("sent      ", raw, pad: detailPad) }
        if let decoded = finding.decoded { lines += evidence("gateway   ", decoded, pad: detailPad) }
        if let connections = finding.connections, !connections.isEmpty {
            lines.append(detailPad + style.dim("between   ") + connections.joined(separator: ", "))
        }
        if let fix = finding.fix { lines.append(detailPad + style.dim("fix       ") + style.green(fix)) }
        return lines
    }

    /// One labelled evidence value; values holding one line per connection (`c1: …`) get a line each.
    private func evidence(_ label: String, _ value: String, pad: String) -> [String] {
        let parts = value.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let blank = String(repeating: " ", count: label.count)
        return parts.enumerated().map { index, part in
            let shown: String
            if let colon = part.range(of: ": "), parts.count > 1 {
                shown = String(part[..<colon.upperBound]) + Self.quoted(String(part[colon.upperBound...]))
            } else {
                shown = Self.quoted(part)
            }
            return pad + style.dim(index == 0 ? label : blank) + shown
        }
    }

    /// The lines for several findings, most severe first, keeping the original order within a severity.
    public func lines(for findings: [Finding]) -> [String] {
        let ordered = findings.enumerated().sorted {
            $0.element.severity != $1.element.severity
                ? $0.element.severity > $1.element.severity : $0.offset < $1.offset
        }
        return ordered.flatMap { lines(for: $0.element) }
    }

    /// Quotes text so that leading or trailing spaces and control characters are visible.
    public static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
