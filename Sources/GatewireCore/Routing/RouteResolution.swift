/// Where API Gateway would send one client message, and why.
///
/// Every resolution carries its reason and near-miss hints, because "it went to `$default`" is never enough to
/// fix a bug: the user needs to know *which value* the expression produced and *which key* they probably meant.
public struct RouteResolution: Codable, Hashable, Sendable {
    /// What happens to the message.
    public enum Outcome: String, Codable, Hashable, Sendable {
        /// A route whose key equals the evaluated value handles it.
        case matched
        /// No key matched and `$default` exists, so `$default` handles it.
        case fellToDefault = "default"
        /// No key matched and there is no `$default`: the client receives the `Forbidden` frame and the
        /// connection stays open.
        case rejected
        /// Binary frame: the gateway closes the connection with 1003 and routes nothing.
        case closed
        /// The expression was evaluated, but the API's route keys are unknown, so where the message goes cannot
        /// be told (the proxy and capture import without `--routes`).
        case evaluated
    }

    /// Why the outcome is what it is.
    public enum Reason: String, Codable, Hashable, Sendable {
        /// The evaluated value equals a route key exactly.
        case matched
        /// The value was evaluated but no route key equals it.
        case noSuchKey = "no-such-key"
        /// The body is not JSON, so the expression cannot be evaluated (AWS: non-JSON goes to `$default`).
        case notJSON = "not-json"
        /// The body is JSON but not an object, so no `request.body` path exists (AWS is silent; we treat it as
        /// not evaluable).
        case notObject = "not-object"
        /// A path in the expression is missing from the body and evaluated to `""`.
        case propertyMissing = "property-missing"
        /// The expression has no variable, so every message gets the same static text, and it matches no route key
        /// (a static expression that names a route resolves as `matched`).
        case staticExpression = "static-expression"
        /// The message is binary, which the gateway never routes.
        case binaryFrame = "binary-frame"
        /// No route keys are known, so the value could not be looked up.
        case routesUnknown = "routes-unknown"
    }

    public var outcome: Outcome
    public var reason: Reason
    /// The route selection expression that was evaluated.
    public var expression: String
    /// Whether the expression is Gatewire's assumed default (`$request.body.action`) rather than the user's.
    public var expressionAssumed: Bool
    /// The value the expression evaluated to, or `nil` when it could not be evaluated.
    public var value: String?
    /// The route key that handles the message (`$default` when it fell through), or `nil` when rejected or closed.
    public var routeKey: String?
    /// One or two sentences explaining the outcome to a person.
    public var explanation: String
    /// Keys the sender probably meant, with what is different.
    public var hints: [NearMissHint]
    /// The exact text frame the gateway sends back, when it sends one (the `Forbidden` frame).
    public var reply: String?
    /// The close code the gateway sends, when it closes the connection (1003 for a binary frame).
    public var closeCode: UInt16?

    /// Creates a resolution.
    public init(
        outcome: Outcome, reason: Reason, expression: String, expressionAssumed: Bool = false, value: String?,
        routeKey: String?, explanation: String, hints: [NearMissHint] = [], reply: String? = nil,
        closeCode: UInt16? = nil
    ) {
        self.outcome = outcome
        self.reason = reason
        self.expression = expression
        self.expressionAssumed = expressionAssumed
        self.value = value
        self.routeKey = routeKey
        self.explanation = explanation
        self.hints = hints
        self.reply = reply
        self.closeCode = closeCode
    }
}
