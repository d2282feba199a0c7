/// Renders one session event as one readable line: time, connection, direction arrow, what it is, its size, the
/// route and reason for client messages, and the codes of its findings.
///
/// `→` is client to server, `←` server to client, `+` a handshake, `×` a connection that ended without a close
/// frame, `!` an error. Colour comes from `style` and is off unless the caller turns it on.
public struct HumanEventFormatter: Sendable {
    public var style: TextStyle
    /// How many characters of a text payload are shown before it is cut with `…`.
    public var previewLength: Int

    /// Creates a formatter.
    public init(style: TextStyle = .plain, previewLength: Int = 60) {
        self.style = style
        self.previewLength = previewLength
    }

    /// The line for one event, without a trailing newline.
    public func line(for event: SessionEvent) -> String {
        let time = style.dim(Self.clock(event.time))
        let label = style.bold(event.connection ?? "-")
        switch event {
        case .connect(let connect):
            let target = connect.path + (connect.rawQuery.map { "?" + $0 } ?? "")
            var parts = [time, label, style.cyan("+"), connect.method, target]
            parts.append(status(connect.status))
            if let subprotocol = connect.subprotocol { parts.append("protocol " + subprotocol) }
            if let client = connect.client { parts.append(style.dim("from " + client)) }
            return join(parts, findings: connect.findings)
        case .message(let message):
            var parts = [time, label, arrow(message.direction), message.opcode.name, Self.size(message.size)]
            if message.frameCount > 1 { parts.append(style.dim("\(message.frameCount) frames")) }
            parts.append(preview(message))
            if let resolution = message.resolution { parts.append(route(resolution)) }
            if let intervention = message.intervention { parts.append(mark(intervention)) }
            return join(parts, findings: message.findings)
        case .control(let control):
            return join(
                [time, label, arrow(control.direction), control.opcode.name, Self.size(control.payload.count)],
                findings: [])
        case .close(let close):
            guard let direction = close.direction else {
                return join([time, label, style.red("×"), "connection ended without a close frame"], findings: [])
            }
            var parts = [time, label, arrow(direction), "close", close.info.code.map(String.init) ?? "(no code)"]
            if !close.info.reason.isEmpty { parts.append(HumanFindingFormatter.quoted(close.info.reason)) }
            if let intervention = close.intervention { parts.append(mark(intervention)) }
            return join(parts, findings: [])
        case .error(let error):
            var parts = [time, label, style.red("!"), style.red(error.code) + ":", error.message]
            if let code = error.closeCode { parts.append(style.dim("(close \(code))")) }
            return join(parts, findings: [])
        }
    }

    /// `[injected by control]`, `[delayed by rule slow: 200 ms]`.
    private func mark(_ intervention: Intervention) -> String {
        let detail = intervention.detail.map { ": " + $0 } ?? ""
        return style.yellow("[\(intervention.kind.rawValue) by \(intervention.by)\(detail)]")
    }

    private func arrow(_ direction: Direction) -> String {
        direction == .client ? style.green("→") : style.blue("←")
    }

    private func status(_ status: Int?) -> String {
        guard let status else { return style.yellow("(no response)") }
        return status == 101 ? style.green("101") : style.red("\(status)")
    }

    private func preview(_ message: MessageEvent) -> String {
        guard let text = message.text else { return "" }
        // Counting the characters of a whole payload is slow on large messages; a prefix answers the same.
        let prefix = text.prefix(previewLength)
        let cut = prefix.endIndex == text.endIndex ? text : String(prefix) + "…"
        return HumanFindingFormatter.quoted(cut)
    }

    private func route(_ resolution: RouteResolution) -> String {
        let target: String
        switch resolution.outcome {
        case .matched, .fellToDefault: target = "route " + (resolution.routeKey ?? "?")
        case .rejected: target = style.red("rejected (Forbidden)")
        case .closed: target = style.red("gateway closes \(resolution.closeCode.map(String.init) ?? "")")
        case .evaluated: target = "value " + HumanFindingFormatter.quoted(resolution.value ?? "")
        }
        let hint = resolution.hints.first.map { ", did you mean " + $0.routeKey + "?" } ?? ""
        let text = "\(target) (\(resolution.reason.rawValue)\(hint))"
        return resolution.outcome == .matched ? style.green(text) : style.yellow(text)
    }

    private func join(_ parts: [String], findings: [Finding]) -> String {
        var line = parts.filter { !$0.isEmpty }.joined(separator: " ")
        if !findings.isEmpty {
            let codes = findings.sorted { $0.severity > $1.severity }.map {
                style.severity($0.severity, "[\($0.severity.rawValue) \($0.code)]")
            }
            line += " " + codes.joined(separator: " ")
        }
        return line
    }

    /// `HH:MM:SS.mmm` in UTC, cut from the RFC 3339 form.
    public static func clock(_ time: Timestamp) -> String {
        let text = time.rfc3339
        guard let tee = text.firstIndex(of: "T") else { return text }
        return String(text[text.index(after: tee)...].prefix(12))
    }

    /// A byte count for people: `42 B`, `31.9 KB`, `1.2 MB` (1 KB = 1024 bytes, as the gateway's quotas count).
    public static func size(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\(tenths(bytes, 1024)) KB" }
        return "\(tenths(bytes, 1024 * 1024)) MB"
    }

    private static func tenths(_ value: Int, _ unit: Int) -> String {
        let scaled = (value * 10 + unit / 2) / unit
        return "\(scaled / 10).\(scaled % 10)"
    }
}
