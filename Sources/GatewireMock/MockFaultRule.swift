public import GatewireCore

/// A fault `gatewire mock` applies by itself, set at start (`--fault`): every new connection, every `@connections`
/// call or every message of a route gets the gateway's own failure.
///
/// The text form is `FAULT:KEY=VALUE`, one key per kind of fault:
///
/// | fault | key | effect |
/// |---|---|---|
/// | `frame-too-large`, `message-too-large`, `idle-timeout`, `connection-duration` | `after=5s` | every connection is closed that long after its handshake |
/// | `gone`, `throttled` | `every=3` | every 3rd `@connections` call of a connection answers 410 / 429 |
/// | `forbidden`, `internal-server-error` | `route=sendmessage` | every message of that route (`*`: any route) gets the error frame |
public struct MockFaultRule: Sendable, Hashable {
    /// When the rule applies.
    public enum Trigger: Sendable, Hashable {
        /// Seconds after each connection's handshake (closing faults).
        case after(seconds: Double)
        /// Every `n`-th `@connections` call of a connection (`gone`, `throttled`).
        case every(Int)
        /// Every message routed to this route key; `*` for any message (`forbidden`, `internal-server-error`).
        case route(String)
    }

    /// The gateway failure.
    public var fault: GatewayFault
    /// When it applies.
    public var trigger: Trigger

    /// Creates a rule; `init(parsing:)` checks that the trigger suits the fault, this initializer does not.
    public init(fault: GatewayFault, trigger: Trigger) {
        self.fault = fault
        self.trigger = trigger
    }

    /// Why a `--fault` value was refused; the description is one sentence for the command line.
    public struct ParseError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Parses `FAULT:KEY=VALUE` (`idle-timeout:after=5s`, `throttled:every=3`, `forbidden:route=sendmessage`).
    public init(parsing text: String) throws(ParseError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let fault = GatewayFault(rawValue: String(parts[0])) else {
            throw ParseError(
                description: "--fault: unknown fault '\(parts[0])'; faults: \(GatewayFault.names)")
        }
        let key = Self.key(for: fault)
        guard parts.count == 2, let equals = parts[1].firstIndex(of: "="), parts[1][..<equals] == key else {
            throw ParseError(description: "--fault \(fault.rawValue) takes \(Self.example(for: fault)); got '\(text)'")
        }
        let value = String(parts[1][parts[1].index(after: equals)...])
        switch key {
        case "after":
            guard let seconds = RuleDuration.seconds(value), seconds > 0, seconds <= GatewayFaultRequest.maxDelay else {
                throw ParseError(
                    description:
                        "--fault \(fault.rawValue):after= takes a duration above 0 and at most 7200 s (500ms, 5s, "
                        + "2m, or seconds); got '\(value)'")
            }
            self.init(fault: fault, trigger: .after(seconds: seconds))
        case "every":
            guard let count = Int(value), count >= 1 else {
                throw ParseError(
                    description: "--fault \(fault.rawValue):every= takes a whole number from 1; got '\(value)'")
            }
            self.init(fault: fault, trigger: .every(count))
        default:
            guard !value.isEmpty else {
                throw ParseError(description: "--fault \(fault.rawValue):route= needs a route key (or *)")
            }
            self.init(fault: fault, trigger: .route(value))
        }
    }

    private static func key(for fault: GatewayFault) -> String {
        switch fault.effect {
        case .close: "after"
        case .managementAPIError: "every"
        case .errorFrame: "route"
        }
    }

    private static func example(for fault: GatewayFault) -> String {
        switch fault.effect {
        case .close: "after=DURATION, e.g. \(fault.rawValue):after=5s"
        case .managementAPIError: "every=N, e.g. \(fault.rawValue):every=3"
        case .errorFrame: "route=ROUTE, e.g. \(fault.rawValue):route=sendmessage"
        }
    }
}

extension GatewayFault {
    /// The mark on every event the fault causes (`fault idle-timeout`).
    func intervention(_ kind: Intervention.Kind = .injected, detail: String? = nil) -> Intervention {
        Intervention(kind, by: "fault \(rawValue)", detail: detail)
    }
}
