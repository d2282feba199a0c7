extension RouteSelectionExpression {
    /// Evaluates the expression against one text message's payload.
    ///
    /// The body must be JSON for any expression, static ones included: AWS states that "only JSON messages can be
    /// routed to specific integrations" and that non-JSON messages go to `$default`.
    ///
    /// Only the elements the variables select are built (`MessageBodySelection`); a path with a negative index is
    /// read from the whole parsed body, with the same result.
    func evaluate(payload: [UInt8], stringification: RouteValueStringification) -> RouteSelectionEvaluation {
        let paths = variables
        guard MessageBodySelection.supports(paths) else {
            return evaluateParsedBody(payload: payload, stringification: stringification)
        }
        guard let selection = MessageBodySelection(payload: payload, paths: paths) else { return .notJSON }
        if !isStatic, !selection.bodyIsObject {
            // Rare enough that naming the body's kind may parse it whole.
            return .notObject(kind: JSONValue.parseMessageBody(payload)?.kindDescription ?? "")
        }
        // The selection's elements are in the order of the variables, the order `value` asks for them in.
        var elements = selection.values.makeIterator()
        return value(stringification: stringification) { _ in elements.next() ?? nil }
    }

    /// Evaluates the expression on the body parsed into a `JSONValue` tree.
    func evaluateParsedBody(payload: [UInt8], stringification: RouteValueStringification) -> RouteSelectionEvaluation {
        guard let body = JSONValue.parseMessageBody(payload) else { return .notJSON }
        if !isStatic {
            guard case .object = body else { return .notObject(kind: body.kindDescription) }
        }
        return value(stringification: stringification) { path in path.value(in: body) }
    }

    /// The value made of the literal parts and the elements `element` gives for the variables, in order.
    private func value(
        stringification: RouteValueStringification, element: (BodyPath) -> JSONValue?
    ) -> RouteSelectionEvaluation {
        var value = ""
        var missingPaths: [BodyPath] = []
        for part in parts {
            switch part {
            case .literal(let text):
                value += text
            case .variable(let path):
                if let element = element(path) {
                    value += stringification.string(for: element)
                } else {
                    missingPaths.append(path)
                }
            }
        }
        return .value(value, missingPaths: missingPaths)
    }
}
