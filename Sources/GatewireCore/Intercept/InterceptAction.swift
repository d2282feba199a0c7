/// What a rule does to a message it matches.
public enum InterceptAction: Hashable, Sendable {
    /// The message goes nowhere.
    case drop
    /// The message is sent on after this many milliseconds, within `delayRange`.
    case delay(milliseconds: Int)
    /// The message is changed before it is sent on.
    case rewrite(MessageRewrite)
    /// The message is sent on, then sent again.
    case duplicate
    /// A breakpoint: the message waits until it is released, edited or dropped, or until the timeout (seconds,
    /// within `holdTimeoutRange`) passes; `nil` means the server's default timeout.
    case hold(timeoutSeconds: Double?)
    /// The gateway's own answer instead of delivery; only faults whose `answersMessage` is true.
    case fault(GatewayFault)

    /// The delays a rule may ask for: up to 10 minutes, in milliseconds.
    public static let delayRange = 0...600_000
    /// The longest breakpoint timeout a rule may ask for, in seconds (one hour); it must also be above 0.
    public static let maximumHoldTimeoutSeconds = 3600.0

    /// The action word of both syntaxes (`drop`, `delay`, `rewrite`, `duplicate`, `hold`, `fault`).
    public var word: String {
        switch self {
        case .drop: "drop"
        case .delay: "delay"
        case .rewrite: "rewrite"
        case .duplicate: "duplicate"
        case .hold: "hold"
        case .fault: "fault"
        }
    }

    /// A few words for a person, as an intervention's detail: `200 ms`, `merge`, `set $.user`, `forbidden`, or
    /// `nil` when the word says it all.
    public var detail: String? {
        switch self {
        case .drop, .duplicate, .hold(nil): nil
        case .delay(let milliseconds): "\(milliseconds) ms"
        case .rewrite(.merge): "merge"
        case .rewrite(.set(let path, _)): "set " + path.jsonPathText
        case .hold(let seconds?): "timeout " + RuleDuration.secondsText(seconds)
        case .fault(let fault): fault.rawValue
        }
    }

    /// Checks the ranges and the fault kind, as both syntaxes do.
    ///
    /// - Throws: `InterceptRuleError` `out-of-range` or `invalid-fault`.
    public func validate() throws(InterceptRuleError) {
        switch self {
        case .drop, .duplicate, .rewrite, .hold(nil): return
        case .delay(let milliseconds):
            guard InterceptAction.delayRange.contains(milliseconds) else {
                throw InterceptRuleError(
                    .outOfRange, "a delay of \(milliseconds) ms is out of range; expected 0 to 600000 ms (10 minutes)")
            }
        case .hold(let seconds?):
            guard seconds.isFinite, seconds > 0, seconds <= InterceptAction.maximumHoldTimeoutSeconds else {
                throw InterceptRuleError(
                    .outOfRange,
                    "a hold timeout of \(RuleDuration.secondsText(seconds)) is out of range; expected more than 0 "
                        + "and at most 3600 seconds")
            }
        case .fault(let fault):
            guard fault.answersMessage else {
                throw InterceptRuleError(
                    .invalidFault,
                    "the fault \"\(fault.rawValue)\" closes the connection or affects @connections calls, so it cannot "
                        + "answer a message; expected " + InterceptAction.messageFaultNames)
            }
        }
    }

    /// The faults a rule may inject, as `forbidden or internal-server-error`, for error messages.
    static var messageFaultNames: String {
        GatewayFault.allCases.filter(\.answersMessage).map(\.rawValue).joined(separator: " or ")
    }
}
