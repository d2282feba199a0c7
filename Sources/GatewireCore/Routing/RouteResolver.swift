/// Decides where API Gateway sends each client message, with the reason and near-miss hints.
///
/// It follows the gateway's documented steps (AWS "Create routes for WebSocket APIs", "Binary media types"):
/// 1. A binary message is never routed: the gateway closes the connection with 1003.
/// 2. The text is parsed as JSON and the expression evaluated; a body that is not JSON (or, Gatewire's choice
///    where AWS is silent, JSON that is not an object) cannot be evaluated and goes to `$default`.
/// 3. The value is looked up exactly and case-sensitively among the live keys, `$connect`/`$disconnect` excluded.
/// 4. No match goes to `$default` when it exists; otherwise the client gets the `Forbidden` frame and the
///    connection stays open.
public struct RouteResolver: Hashable, Sendable {
    /// The expression evaluated against each message.
    public var expression: RouteSelectionExpression
    /// Whether `expression` is `RouteSelectionExpression.assumedDefault` standing in for a missing one.
    public var expressionAssumed: Bool
    /// The routes messages can reach.
    public var table: RouteTable
    /// How values that are not strings become route-key text.
    public var stringification: RouteValueStringification

    /// Creates a resolver from a parsed expression.
    public init(
        expression: RouteSelectionExpression, expressionAssumed: Bool = false, table: RouteTable,
        stringification: RouteValueStringification = .default
    ) {
        self.expression = expression
        self.expressionAssumed = expressionAssumed
        self.table = table
        self.stringification = stringification
    }

    /// Creates a resolver from expression text, assuming `$request.body.action` when there is none.
    ///
    /// - Parameters:
    ///   - expression: the route selection expression, or `nil` when the configuration does not give one.
    ///   - table: the routes messages can reach.
    ///   - stringification: how values that are not strings become route-key text.
    /// - Throws: `RouteSelectionExpressionError` when the expression does not parse.
    public init(
        expression: String?, table: RouteTable, stringification: RouteValueStringification = .default
    ) throws(RouteSelectionExpressionError) {
        self.init(
            expression: try RouteSelectionExpression(expression ?? RouteSelectionExpression.assumedDefault),
            expressionAssumed: expression == nil, table: table, stringification: stringification
        )
    }

    /// Creates a resolver from a loaded route configuration (see `RouteTable.init(configuration:)`).
    ///
    /// - Throws: `RouteSelectionExpressionError` when the configuration's expression does not parse.
    public init(
        configuration: RouteConfiguration, stringification: RouteValueStringification = .default
    ) throws(RouteSelectionExpressionError) {
        try self.init(
            expression: configuration.expression, table: RouteTable(configuration: configuration),
            stringification: stringification
        )
    }

    /// The value the expression selects from a message, whether or not a route has that key (`nil` when the
    /// message is not a JSON object or not text): the route key rules match when no routes are known.
    public func selectedValue(payload: [UInt8], opcode: Opcode) -> String? {
        guard opcode == .text else { return nil }
        if case .value(let value, _) = expression.evaluate(payload: payload, stringification: stringification) {
            return value
        }
        return nil
    }

    /// Resolves one complete client message.
    ///
    /// - Parameters:
    ///   - payload: the message's bytes, after reassembling fragments and inflating compression.
    ///   - opcode: the message's opcode; only `.text` is routed. `.binary` (and any other opcode, which is not a
    ///     message) gets the binary-frame resolution: close with 1003.
    ///   - connectionID: the connection's id, written into the `Forbidden` frame (a placeholder when `nil`, see
    ///     `GatewayErrorFrame.unknownConnectionID`).
    ///   - requestID: the message's request id, written into the `Forbidden` frame (a placeholder when `nil`).
    /// - Returns: the outcome with its reason, value, explanation and hints.
    public func resolve(
        payload: [UInt8], opcode: Opcode, connectionID: ConnectionID? = nil, requestID: String? = nil
    ) -> RouteResolution {
        guard opcode == .text else {
            // AWS: "If a client app sends a binary frame, API Gateway rejects it and disconnects the client with
            // code 1003."
            return resolution(
                outcome: .closed, reason: .binaryFrame, value: nil, routeKey: nil,
                explanation: "\(opcode.name) frame: API Gateway does not route binary messages and closes the "
                    + "connection with 1003 (unsupported data).",
                closeCode: 1003
            )
        }
        return resolve(
            expression.evaluate(payload: payload, stringification: stringification), payload: payload,
            connectionID: connectionID, requestID: requestID)
    }

    /// Resolves one complete client message as `resolve(payload:opcode:connectionID:requestID:)` does, taking the
    /// resolution from `memo` when an earlier message selected the same value and its resolution depends on the
    /// value alone (and keeping this one there when it does). `memo` must only ever be used with this resolver.
    func resolve(
        payload: [UInt8], opcode: Opcode, connectionID: ConnectionID?, memo: inout RouteResolutionMemo
    ) -> RouteResolution {
        guard opcode == .text else { return resolve(payload: payload, opcode: opcode, connectionID: connectionID) }
        let evaluation = expression.evaluate(payload: payload, stringification: stringification)
        guard case .value(let value, let missingPaths) = evaluation, missingPaths.isEmpty else {
            return resolve(evaluation, payload: payload, connectionID: connectionID, requestID: nil)
        }
        // A kept value equal to this one as text may still differ in bytes (another Unicode normal form).
        if let known = memo[value], known.value?.hasSameUTF8(as: value) == true { return known }
        let resolution = resolve(evaluation, payload: payload, connectionID: connectionID, requestID: nil)
        memo.remember(resolution, for: value)
        return resolution
    }

    /// Resolves a text message from what its expression evaluated to.
    private func resolve(
        _ evaluation: RouteSelectionEvaluation, payload: [UInt8], connectionID: ConnectionID?, requestID: String?
    ) -> RouteResolution {
        switch evaluation {
        case .notJSON:
            return fallThrough(
                reason: .notJSON, value: nil,
                because: "the message is not JSON, so \(expression.source) cannot be evaluated",
                connectionID: connectionID, requestID: requestID
            )
        case .notObject(let kind):
            return fallThrough(
                reason: .notObject, value: nil,
                because: "the message is JSON but \(kind), not an object, so \(expression.source) cannot be "
                    + "evaluated",
                connectionID: connectionID, requestID: requestID
            )
        case .value(let value, let missingPaths):
            if table.selects(value) {
                return resolution(
                    outcome: .matched, reason: .matched, value: value, routeKey: value,
                    explanation: "\(subject(value)) matches the route \(value) (expression \(expression.source))."
                )
            }
            let reason: RouteResolution.Reason
            var because: String
            if let missing = missingPaths.first {
                reason = .propertyMissing
                because =
                    "the message has no \(missing), which evaluates to \"\", so \(subject(value)) matches "
                    + "no route key"
            } else if expression.isStatic {
                reason = .staticExpression
                because =
                    "the expression \(expression.source) has no $ variable, so every message evaluates to "
                    + "the static text \"\(value)\", which matches no route key"
            } else {
                reason = .noSuchKey
                because = "\(subject(value)) matches no route key"
            }
            if value == RouteTable.connect || value == RouteTable.disconnect {
                because += " (\(value) is a lifecycle route, never selected by a message)"
            }
            return fallThrough(
                reason: reason, value: value, payload: payload, because: because, connectionID: connectionID,
                requestID: requestID
            )
        }
    }

    /// The resolution of a message no live key handles: `$default` when it exists, otherwise `Forbidden`.
    ///
    /// `payload` is given when the expression produced a value: its parsed body is looked at for hints.
    private func fallThrough(
        reason: RouteResolution.Reason, value: String?, payload: [UInt8]? = nil, because: String,
        connectionID: ConnectionID?, requestID: String?
    ) -> RouteResolution {
        if !table.routesKnown {
            // Without route keys the lookup cannot be done; say what the expression produced and stop there.
            return resolution(
                outcome: .evaluated, reason: reason == .noSuchKey ? .routesUnknown : reason, value: value,
                routeKey: nil,
                explanation: (value.map {
                    "\(subject($0)) is the route key this message selects (expression \(expression.source))"
                } ?? because) + "; the API's route keys are unknown, so whether a route or $default handles it "
                    + "cannot be told."
            )
        }
        let finder = NearMissFinder(table: table)
        // Route selection read only the selected elements; hints look at the other properties too.
        let body = expression.isStatic ? nil : payload.flatMap(JSONValue.parseMessageBody)
        let hints = value.map { finder.hints(for: $0, body: body, expression: expression) } ?? []
        let withExpression =
            expression.isStatic || reason == .notJSON || reason == .notObject
            ? because : because + " (expression \(expression.source))"
        if table.hasDefault {
            return resolution(
                outcome: .fellToDefault, reason: reason, value: value, routeKey: RouteTable.default,
                explanation: withExpression + "; sent to $default.", hints: hints
            )
        }
        // AWS: with no match and no `$default` "the service returns an error"; captured as the Forbidden frame, and
        // the connection stays open.
        return resolution(
            outcome: .rejected, reason: reason, value: value, routeKey: nil,
            explanation: withExpression + ", and there is no $default: the gateway answers Forbidden and keeps the "
                + "connection open.",
            hints: hints,
            reply: GatewayErrorFrame.forbidden(connectionID: connectionID, requestID: requestID)
        )
    }

    /// Names the value for explanations: `action "join"` for a lone variable, `value "chat/join"` otherwise.
    private func subject(_ value: String) -> String {
        let label: String
        if expression.parts.count == 1, case .variable(let path) = expression.parts[0] {
            label = path.lastKey ?? "body"
        } else if expression.isStatic {
            label = "static value"
        } else {
            label = "value"
        }
        return "\(label) \"\(value)\""
    }

    private func resolution(
        outcome: RouteResolution.Outcome, reason: RouteResolution.Reason, value: String?, routeKey: String?,
        explanation: String, hints: [NearMissHint] = [], reply: String? = nil, closeCode: UInt16? = nil
    ) -> RouteResolution {
        var sentences = explanation
        if let hint = hints.first { sentences += " " + hint.message }
        if expressionAssumed, reason != .binaryFrame {
            sentences +=
                " No route selection expression was given, so Gatewire assumed "
                + "\(RouteSelectionExpression.assumedDefault), the CDK and Serverless default."
        }
        return RouteResolution(
            outcome: outcome, reason: reason, expression: expression.source, expressionAssumed: expressionAssumed,
            value: value, routeKey: routeKey, explanation: sentences, hints: hints, reply: reply,
            closeCode: closeCode
        )
    }
}
