/// Watches one input's analyzed events for what the real gateway refuses or cuts off: rejected handshakes,
/// frames and messages over the limits, binary frames, abnormal closes, and connections that go quiet or live
/// close to the time limits.
///
/// Sans-I/O and fed in order: time comes only from the events. Size and binary findings come from the
/// analyzer's ``LimitsLinter`` findings on each message; timing is kept here, because the diagnosis also warns
/// *before* a limit is reached (``DiagnosisConfiguration/nearLimitFraction``).
struct GatewayTroubleTracker: Sendable {
    /// Lint codes of handshake findings that explain a rejected handshake: a wrong stage, or a query encoded as one
    /// value (the key the `$connect` handler looks for is absent, so it refuses).
    static let stageCodes: Set<String> = [
        UnknownStage.code, ExtraPathAfterStage.code, MissingStage.code, InvalidStageName.code,
        EncodedDelimiters.code,
    ]
    /// Error events that only repeat what a `handshake-rejected` item already says.
    static let repeatedErrorCodes: Set<String> = ["upstream-rejected-handshake"]

    private struct Timing {
        var connectedAt: Timestamp
        var last: Timestamp
        var longestGap: Double = 0
        var gapStart: Timestamp
        var connection: DiagnosedConnection
    }

    let limits: GatewayLimits
    let nearLimitFraction: Double
    /// Where the input's traffic came from. HAR archives record no close frames, so a missing close frame says
    /// nothing there; a capture ends every connection still open with a frameless close at its last packet, so
    /// there such a close is only trouble when something happens after it.
    let source: RecordingSource
    /// Frameless closes of a capture, held until a later event shows the capture went on after them.
    private var pendingFrameless: [GatewayTrouble] = []
    private var items: [GatewayTrouble] = []
    private var aggregated: [String: Int] = [:]
    private var timing: [String: Timing] = [:]
    private var closed: Set<String> = []
    private var closedAbnormally: Set<String> = []

    init(limits: GatewayLimits, nearLimitFraction: Double, source: RecordingSource) {
        self.limits = limits
        self.nearLimitFraction = nearLimitFraction
        self.source = source
    }

    /// How many connections were still open when a capture ended: their frameless closes are not judged.
    var openAtEnd: Int { pendingFrameless.count }

    /// Takes one analyzed event of the given connection.
    mutating func observe(_ event: SessionEvent, connection: DiagnosedConnection) {
        let label = connection.connection
        if let first = pendingFrameless.first, event.time > first.time {
            // The capture went on, so those connections really ended without a close frame.
            items += pendingFrameless.filter { $0.time < event.time }
            pendingFrameless.removeAll { $0.time < event.time }
        }
        switch event {
        case .connect(let connect):
            timing[label] = Timing(
                connectedAt: connect.time, last: connect.time, gapStart: connect.time, connection: connection)
            closed.remove(label)
            if let status = connect.status, status != 101 { rejected(connect, status: status, connection: connection) }
            return
        case .message(let message):
            observeLimits(message, connection: connection)
        case .close(let close):
            observeClose(close, connection: connection)
        case .error(let error):
            guard !error.code.hasPrefix("capture-gap"), !Self.repeatedErrorCodes.contains(error.code) else { break }
            items.append(
                GatewayTrouble(
                    kind: .protocolError, severity: .error,
                    connection: connection, time: error.time,
                    message: error.message
                        + (error.closeCode.map { " The connection was closed with \($0)." } ?? ""),
                    closeCode: error.closeCode, code: error.code))
        case .control:
            break
        }
        activity(label, at: event.time, connection: connection)
        if case .close = event { closed.insert(label) }
    }

    /// The trouble found, with the time limits judged over each connection's whole life, in order of time.
    func finish() -> [GatewayTrouble] {
        var all = items
        let entries = timing.values.sorted {
            ($0.connectedAt, $0.connection.connection) < ($1.connectedAt, $1.connection.connection)
        }
        for entry in entries { all += timeLimitTrouble(entry) }
        return all.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
    }

    private mutating func activity(_ label: String, at time: Timestamp, connection: DiagnosedConnection) {
        guard !closed.contains(label) else { return }
        guard var entry = timing[label] else {
            // A connection whose handshake is not in the input (a capture that started later): time it from here.
            timing[label] = Timing(connectedAt: time, last: time, gapStart: time, connection: connection)
            return
        }
        let gap = Self.seconds(from: entry.last, to: time)
        if gap > entry.longestGap {
            entry.longestGap = gap
            entry.gapStart = entry.last
        }
        entry.last = time
        timing[label] = entry
    }

    private mutating func rejected(_ connect: ConnectEvent, status: Int, connection: DiagnosedConnection) {
        let why: String
        switch status {
        case 403:
            why =
                "API Gateway answers 403 when the path names no deployed stage, when a path follows the stage "
                + "(`/prod/hello`), or when an IAM or Lambda authorizer denies the connection"
        case 401:
            why = "an authorizer's identity source (a header or query parameter) is missing or empty, or it refused"
        case 502:
            why = "the $connect integration threw or returned an invalid response"
        case 429:
            why = "the connection was throttled (the account's new-connection rate is 500 per second)"
        case 400..<600:
            why = "the $connect integration answered \(status), and its status becomes the handshake's"
        default:
            why = "the handshake was answered \(status) instead of 101 Switching Protocols"
        }
        let stageFindings = connect.findings.filter { Self.stageCodes.contains($0.code) }
        let target = connect.path + (connect.rawQuery.map { "?" + $0 } ?? "")
        let found = stageFindings.map { " " + $0.message }.joined()
        items.append(
            GatewayTrouble(
                kind: .handshakeRejected, severity: .error, connection: connection, time: connect.time,
                message: "The handshake for `\(Self.shortened(target))` was answered \(status), not 101: \(why)."
                    + found,
                fix: stageFindings.first?.fix
                    ?? (status == 403 || status == 401
                        ? "Connect to wss://{api-id}.execute-api.{region}.amazonaws.com/{stage} with a deployed stage "
                            + "and nothing after it, and check the $connect authorizer."
                        : "Make the $connect integration return a 2xx status for connections it accepts."),
                status: status))
    }

    private mutating func observeLimits(_ message: MessageEvent, connection: DiagnosedConnection) {
        let fromClient = message.direction == .client
        let side = fromClient ? "The client sent" : "The server sent"
        for finding in message.findings {
            let kind: GatewayTrouble.Kind
            let size: Int
            let text: String
            switch finding.code {
            case LimitsLinter.Code.binaryFrame:
                kind = .binaryFrame
                size = message.size
                // AWS: "If a client app sends a binary frame, API Gateway rejects it and disconnects the client
                // with code 1003."
                text =
                    "\(side) a binary message of \(size) bytes: API Gateway never routes binary messages and "
                    + "closes the connection with 1003."
            case LimitsLinter.Code.frameTooLarge:
                kind = .frameTooLarge
                size = message.largestFrameSize ?? message.size
                text =
                    "\(side) a frame of \(size) bytes, over the \(limits.maxFrameSize)-byte frame limit: "
                    + (fromClient
                        ? "API Gateway closes the connection with 1009."
                        : "API Gateway does not send frames this large.")
            case LimitsLinter.Code.messageTooLarge:
                kind = .messageTooLarge
                size = message.size
                text =
                    "\(side) a message of \(size) bytes, over the \(limits.maxMessageSize)-byte message limit: "
                    + (fromClient
                        ? "API Gateway closes the connection with 1009."
                        : "a PostToConnection this large fails with 413 PayloadTooLargeException.")
            default:
                continue
            }
            let key = "\(kind.rawValue) \(connection.connection) \(message.direction.rawValue)"
            if let index = aggregated[key] {
                items[index].count += 1
                items[index].size = max(items[index].size ?? 0, size)
            } else {
                aggregated[key] = items.count
                items.append(
                    GatewayTrouble(
                        kind: kind, severity: finding.severity, connection: connection, time: message.time,
                        message: text, fix: finding.fix.map(Self.sentence), size: size))
            }
        }
    }

    /// A lint fix as a sentence: capitalised, with a full stop.
    private static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst() + (text.hasSuffix(".") ? "" : ".")
    }

    private mutating func observeClose(_ close: CloseEvent, connection: DiagnosedConnection) {
        let label = connection.connection
        guard !closedAbnormally.contains(label) else { return }
        // RFC 6455 §7.1.5: a connection that ends without a close frame is reported as 1006, and an empty close
        // frame as 1005.
        let code = close.info.code ?? (close.direction == nil ? 1006 : 1005)
        guard CloseCodeMeaning.isAbnormal(code) else { return }
        if code == 1006, source == .har { return }
        closedAbnormally.insert(label)
        let by: String
        switch close.direction {
        case .client: by = "The client closed"
        case .server: by = "The server closed"
        case nil: by = "The connection ended"
        }
        let reason = close.info.reason.isEmpty ? "" : " and the reason \"\(close.info.reason)\""
        // A close Gatewire injected (a fault on purpose) is what was asked for: told, not blamed on the gateway.
        let injected = close.intervention.map { " Gatewire sent this close itself (\($0.by)), not the gateway." } ?? ""
        let trouble = GatewayTrouble(
            kind: .abnormalClose, severity: injected.isEmpty ? (code == 1006 ? .warning : .error) : .info,
            connection: connection, time: close.time,
            message: "\(by) with \(CloseCodeMeaning.explanation(code))\(reason).\(injected)", closeCode: code)
        if code == 1006, source == .capture {
            pendingFrameless.append(trouble)
        } else {
            items.append(trouble)
        }
    }

    private func timeLimitTrouble(_ entry: Timing) -> [GatewayTrouble] {
        var found: [GatewayTrouble] = []
        let idle = limits.idleTimeout
        if entry.longestGap >= idle * nearLimitFraction {
            let gap = LimitsLinter.duration(entry.longestGap)
            let limit = LimitsLinter.duration(idle)
            let exceeded = entry.longestGap > idle
            found.append(
                GatewayTrouble(
                    kind: exceeded ? .idleTimeout : .idleNearLimit, severity: exceeded ? .error : .warning,
                    connection: entry.connection,
                    time: entry.gapStart,
                    message: exceeded
                        ? "No traffic for \(gap) from \(entry.gapStart.rfc3339), longer than the \(limit) idle "
                            + "timeout: API Gateway would have closed this connection."
                        : "No traffic for \(gap) from \(entry.gapStart.rfc3339), close to the \(limit) idle timeout: "
                            + "a little more silence and API Gateway closes the connection.",
                    fix: "Send an application-level keep-alive message well within every \(limit) (API Gateway sends "
                        + "no pings), for example every 5 minutes.",
                    seconds: entry.longestGap))
        }
        let age = Self.seconds(from: entry.connectedAt, to: entry.last)
        let maximum = limits.maxConnectionDuration
        if age >= maximum * nearLimitFraction {
            let exceeded = age > maximum
            let limit = LimitsLinter.duration(maximum)
            found.append(
                GatewayTrouble(
                    kind: exceeded ? .durationExceeded : .durationNearLimit, severity: exceeded ? .error : .warning,
                    connection: entry.connection, time: entry.connectedAt,
                    message: exceeded
                        ? "The connection lived \(LimitsLinter.duration(age)), past the \(limit) maximum: API Gateway "
                            + "would have closed it."
                        : "The connection lived \(LimitsLinter.duration(age)), close to the \(limit) maximum after "
                            + "which API Gateway closes every connection.",
                    fix: "Reconnect (and subscribe again) before \(limit), for example every 100 minutes.",
                    seconds: age))
        }
        return found
    }

    private static func seconds(from start: Timestamp, to end: Timestamp) -> Double {
        Double(end.microsecondsSinceEpoch - start.microsecondsSinceEpoch) / 1_000_000
    }

    /// Long request targets cut to 120 characters for messages.
    private static func shortened(_ text: String) -> String {
        text.count > 120 ? String(text.prefix(117)) + "…" : text
    }
}
