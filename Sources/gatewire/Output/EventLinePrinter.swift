import Foundation
import GatewireCapture
import GatewireCore

/// Prints session events one line each for a person, and the closing summary of an import.
struct EventLinePrinter {
    /// The longest payload shown before it is cut with an ellipsis.
    var payloadLimit = 120

    func line(for event: SessionEvent) -> String {
        let time = event.time.rfc3339
        switch event {
        case .connect(let connect):
            let target = connect.path + (connect.rawQuery.map { "?\($0)" } ?? "")
            let status = connect.status.map(String.init) ?? "no response"
            return "\(time) \(connect.connection) connect \(connect.method) \(target) -> \(status)"
                + (connect.client.map { " from \($0)" } ?? "") + (connect.upstream.map { " to \($0)" } ?? "")
        case .message(let message):
            let arrow = message.direction == .client ? "client >" : "< server"
            let body = message.text.map(shorten) ?? "\(message.size) bytes binary"
            let extra =
                (message.frameCount > 1 ? " [\(message.frameCount) frames]" : "")
                + (message.compressed ? " [deflate]" : "")
            return "\(time) \(message.connection) \(arrow) \(message.opcode) \(body)\(extra)"
        case .control(let control):
            let arrow = control.direction == .client ? "client >" : "< server"
            return "\(time) \(control.connection) \(arrow) \(control.opcode) \(control.payload.count) bytes"
        case .close(let close):
            guard let direction = close.direction else {
                return "\(time) \(close.connection) connection ended without a close frame"
            }
            let code = close.info.code.map(String.init) ?? "no code"
            return "\(time) \(close.connection) \(direction) close \(code) \(close.info.reason)"
        case .error(let error):
            return "\(time) \(error.connection ?? "-") error \(error.code): \(error.message)"
        }
    }

    private func shorten(_ text: String) -> String {
        // Counting characters walks the whole payload; a byte count answers for short text at once.
        text.utf8.count <= payloadLimit ? text : String(text.prefix(payloadLimit)) + "…"
    }

    /// The closing line: connections, messages, findings and gaps.
    static func summary(_ summary: CaptureSummary) -> String {
        var parts = [
            "\(summary.connections) connection\(summary.connections == 1 ? "" : "s")",
            "\(summary.messages) message\(summary.messages == 1 ? "" : "s")",
            "\(summary.controlFrames) ping/pong", "\(summary.problems) problem\(summary.problems == 1 ? "" : "s")",
            "\(summary.gaps) gap\(summary.gaps == 1 ? "" : "s")",
        ]
        if summary.packets > 0 { parts.append("\(summary.packets) packets") }
        return parts.joined(separator: ", ")
    }
}
