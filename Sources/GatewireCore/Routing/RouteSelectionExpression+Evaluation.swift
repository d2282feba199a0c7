extension RouteSelectionExpression {
    /// Evaluates the expression against one text message's payload.
    ///
    /// The body must be JSON for any expression, static ones included: AWS states that "only JSON messages can be
    /// routed to specific integrations" and that non-JSON messages go to `$default`.
    func evaluate(payload: [UInt8], stringification: RouteValueStringification) -> RouteSelectionEvaluation {
        guard let body = JSONValue.parseMessageBody(payload) else { return .notJSON }
        if !isStatic {
            guard case .object = body else { return .notObject(kind: body.kindDescription) }
        }
        var value = ""
        var missingPaths: [BodyPath] = []
        for part in parts {
            switch part {
            case .literal(let text):
                value += text
            case .variable(let path):
                if let element = path.value(in: body) {
                    value += stringification.string(for: element)
                } else {
                    missingPaths.append(path)
                }
            }
        }
        return .value(value, missingPaths: missingPaths, body: body)
    }
}
