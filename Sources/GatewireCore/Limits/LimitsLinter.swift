/// Checks traffic against API Gateway's quotas and says what the real gateway would do with it.
///
/// A proxy or capture shows the traffic anyway (the point is to see it); these findings say that behind the real
/// gateway the same traffic would have been cut off. The linter keeps per-connection timing, so it is fed every
/// event of a session in order.
public struct LimitsLinter: Sendable {
    /// Codes of the findings this linter produces.
    public enum Code {
        /// Lint: a frame above `maxFrameSize`; the gateway closes the connection with 1009.
        public static let frameTooLarge = "frame-too-large"
        /// Lint: a message above `maxMessageSize`; the gateway closes with 1009 (client) or refuses the
        /// `@connections` post with 413 (server).
        public static let messageTooLarge = "message-too-large"
        /// Lint: a binary message from the client; the gateway never routes binary and closes with 1003.
        public static let binaryFrame = "binary-frame"
        /// Lint: a silence longer than the idle timeout; the gateway would already have closed the connection.
        public static let idleTimeout = "idle-timeout"
        /// Lint: traffic later than the maximum connection duration after `$connect`.
        public static let connectionTooOld = "connection-duration-exceeded"
    }

    public var limits: GatewayLimits
    /// Each open connection's timing, looked up once per event.
    private var timings: [String: ConnectionTiming] = [:]

    /// What the linter remembers of a connection.
    private struct ConnectionTiming {
        /// When its `$connect` was seen; `nil` when the session began after it.
        var connectedAt: Timestamp?
        /// Its last event.
        var lastActivity: Timestamp?
        /// Whether `connection-duration-exceeded` was reported (once per connection).
        var reportedDuration = false
    }

    /// Creates a linter for the given limits.
    public init(limits: GatewayLimits = .apiGateway) {
        self.limits = limits
    }

    /// Returns the findings for one event, updating the connection's timing.
    public mutating func findings(for event: SessionEvent) -> [Finding] {
        guard let connection = event.connection else { return [] }
        var findings: [Finding] = []
        switch event {
        case .connect(let connect):
            timings[connection] = ConnectionTiming(connectedAt: connect.time, lastActivity: connect.time)
            return []
        case .message(let message):
            findings += sizeFindings(for: message)
        case .control, .close, .error:
            break
        }
        if case .close = event {
            if var timing = timings.removeValue(forKey: connection) {
                findings += Self.timingFindings(of: &timing, at: event.time, limits: limits)
            }
        } else {
            findings += Self.timingFindings(
                of: &timings[connection, default: ConnectionTiming()], at: event.time, limits: limits)
        }
        return findings
    }

    private func sizeFindings(for message: MessageEvent) -> [Finding] {
        var findings: [Finding] = []
        let fromClient = message.direction == .client
        if message.direction == .client, message.opcode == .binary {
            // AWS: "If a client app sends a binary frame, API Gateway rejects it and disconnects the client with
            // code 1003."
            findings.append(
                Finding(
                    code: Code.binaryFrame, severity: .error,
                    message: "binary message of \(message.size) bytes: API Gateway closes the connection with 1003",
                    fix: "send text (for binary data, base64 it and set contentHandlingStrategy CONVERT_TO_BINARY)"))
        }
        if let frame = message.largestFrameSize, frame > limits.maxFrameSize {
            let consequence =
                fromClient
                ? "API Gateway closes the connection with 1009"
                : "API Gateway does not send frames this large"
            findings.append(
                Finding(
                    code: Code.frameTooLarge, severity: .error,
                    message: "frame of \(frame) bytes exceeds the \(limits.maxFrameSize)-byte frame limit: "
                        + consequence,
                    fix: "split the message into frames of at most \(limits.maxFrameSize) bytes"))
        }
        if message.size > limits.maxMessageSize {
            let consequence =
                fromClient
                ? "API Gateway closes the connection with 1009"
                : "a PostToConnection this large fails with 413 PayloadTooLargeException"
            findings.append(
                Finding(
                    code: Code.messageTooLarge, severity: .error,
                    message: "message of \(message.size) bytes exceeds the \(limits.maxMessageSize)-byte limit: "
                        + consequence,
                    fix: "keep messages at or below \(limits.maxMessageSize) bytes (send a reference, e.g. an S3 URL)"))
        }
        return findings
    }

    /// The findings for an event of a connection at `time`, which becomes its last activity.
    private static func timingFindings(of timing: inout ConnectionTiming, at time: Timestamp, limits: GatewayLimits)
        -> [Finding]
    {
        defer { timing.lastActivity = time }
        var findings: [Finding] = []
        if let last = timing.lastActivity {
            let silence = Double(time.microsecondsSinceEpoch - last.microsecondsSinceEpoch) / 1_000_000
            if silence > limits.idleTimeout {
                findings.append(
                    Finding(
                        code: Code.idleTimeout, severity: .warning,
                        message: "no traffic for \(Self.duration(silence)), longer than the "
                            + "\(Self.duration(limits.idleTimeout)) idle timeout: API Gateway would have closed "
                            + "this connection",
                        fix: "send an application-level keep-alive message more often than every "
                            + "\(Self.duration(limits.idleTimeout)) (API Gateway sends no pings)"))
            }
        }
        if let start = timing.connectedAt, !timing.reportedDuration {
            let age = Double(time.microsecondsSinceEpoch - start.microsecondsSinceEpoch) / 1_000_000
            if age > limits.maxConnectionDuration {
                timing.reportedDuration = true
                findings.append(
                    Finding(
                        code: Code.connectionTooOld, severity: .warning,
                        message: "connection is \(Self.duration(age)) old, past the "
                            + "\(Self.duration(limits.maxConnectionDuration)) maximum: API Gateway would have "
                            + "closed it",
                        fix: "reconnect before the maximum connection duration"))
            }
        }
        return findings
    }

    /// Formats seconds as `1h 2m 3s`, dropping zero leading units.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        let (hours, minutes, secs) = (whole / 3600, (whole / 60) % 60, whole % 60)
        if hours > 0 { return "\(hours)h \(minutes)m \(secs)s" }
        if minutes > 0 { return secs == 0 ? "\(minutes) min" : "\(minutes)m \(secs)s" }
        return "\(secs)s"
    }
}
