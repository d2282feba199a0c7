/// Client messages that reached no route of their own: they fell to `$default` or were refused with `Forbidden`,
/// grouped by the value the route selection expression produced.
public struct RouteProblem: Codable, Hashable, Sendable {
    /// What the expression evaluated to, or `nil` when it could not be evaluated (the body is not a JSON object).
    public var value: String?
    /// `default` (fell to `$default`) or `rejected` (the client got the `Forbidden` frame).
    public var outcome: RouteResolution.Outcome
    /// Why no route matched.
    public var reason: RouteResolution.Reason
    /// `error` when the gateway refuses the message, `warning` when `$default` takes it.
    public var severity: Finding.Severity
    /// How many messages this group holds.
    public var count: Int
    /// The connections that sent them, in order of their first such message.
    public var connections: [DiagnosedConnection]
    /// When the first of them was sent.
    public var firstSeen: Timestamp
    /// The expression that was evaluated.
    public var expression: String
    /// Whether the expression is the assumed default (`$request.body.action`) rather than the API's.
    public var expressionAssumed: Bool
    /// The resolver's explanation for the first message.
    public var explanation: String
    /// The route keys the sender probably meant.
    public var hints: [NearMissHint]
    /// What to change.
    public var fix: String
    /// The first message's text, cut to 200 characters.
    public var example: String
    /// The frame the gateway sends back (the `Forbidden` frame), when it sends one.
    public var reply: String?

    /// Creates a route problem.
    public init(
        value: String?, outcome: RouteResolution.Outcome, reason: RouteResolution.Reason, severity: Finding.Severity,
        count: Int, connections: [DiagnosedConnection], firstSeen: Timestamp, expression: String,
        expressionAssumed: Bool, explanation: String, hints: [NearMissHint], fix: String, example: String,
        reply: String?
    ) {
        self.value = value
        self.outcome = outcome
        self.reason = reason
        self.severity = severity
        self.count = count
        self.connections = connections
        self.firstSeen = firstSeen
        self.expression = expression
        self.expressionAssumed = expressionAssumed
        self.explanation = explanation
        self.hints = hints
        self.fix = fix
        self.example = example
        self.reply = reply
    }
}
