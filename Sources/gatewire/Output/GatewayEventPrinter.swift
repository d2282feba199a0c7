import Foundation
import GatewireCore

/// Prints a local gateway's session events as they happen: JSON Lines (`--json`, the recording format's event
/// objects) or one readable line per event, and writes them to a recording when asked (`--record`).
struct GatewayEventPrinter {
    var json: Bool
    var quiet: Bool
    var style: TextStyle
    var recorder: RecordingWriter<FileHandleRecordingOutput>?

    /// Consumes events until the stream ends; returns how many `error` events were seen.
    mutating func consume(_ events: AsyncStream<SessionEvent>) async -> Int {
        var errors = 0
        for await event in events {
            if case .error = event { errors += 1 }
            try? recorder?.write(event)
            if json {
                if let data = try? RecordedEvent(event).encoded() { Terminal.print([String(decoding: data, as: UTF8.self)]) }
            } else if !quiet || { if case .error = event { true } else { false } }() {
                Terminal.print([line(event)])
            }
        }
        try? recorder?.close()
        return errors
    }

    private func line(_ event: SessionEvent) -> String {
        let time = String(event.time.rfc3339.dropFirst(11).prefix(12))
        let label = event.connection ?? "-"
        switch event {
        case .connect(let connect):
            let target = connect.path + (connect.rawQuery.map { "?" + $0 } ?? "")
            let status = connect.status.map(String.init) ?? "?"
            return "\(style.dim(time)) \(label) \(style.bold("connect")) \(target) → \(status)"
                + (connect.connectionID.map { " id \($0)" } ?? "")
                + (connect.subprotocol.map { " subprotocol \($0)" } ?? "")
        case .message(let message):
            let arrow = message.direction == .client ? "→" : "←"
            let body = message.text.map { $0.count > 160 ? String($0.prefix(160)) + "…" : $0 }
                ?? "(\(message.size) bytes binary)"
            var route = ""
            if let resolution = message.resolution {
                route = " " + style.blue("[\(resolution.routeKey ?? resolution.outcome.rawValue)]")
                if resolution.outcome == .rejected || resolution.outcome == .fellToDefault {
                    route += style.dim(" \(resolution.explanation)")
                }
            }
            return "\(style.dim(time)) \(label) \(arrow) \(body)\(route)"
        case .control(let control):
            return "\(style.dim(time)) \(label) \(control.direction == .client ? "→" : "←") \(control.opcode)"
        case .close(let close):
            let who = close.direction.map { $0 == .client ? "client" : "gateway" } ?? "transport"
            let code = close.info.code.map(String.init) ?? "none"
            return "\(style.dim(time)) \(label) close by \(who) \(code)"
                + (close.info.reason.isEmpty ? "" : " \"\(close.info.reason)\"")
        case .error(let error):
            return "\(style.dim(time)) \(label) \(style.red(error.code)): \(error.message)"
        }
    }
}
