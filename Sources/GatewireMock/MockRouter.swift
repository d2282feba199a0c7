import Foundation
public import GatewireCore

/// Route selection as the mock gateway applies it to each client message.
///
/// This is a small interim evaluator of the route selection expression (`$request.body.a.b`, `${…}` templates
/// with literals, static values); it keeps `RouteResolution`'s contract so the core's resolver can replace it.
public struct MockRouter: Sendable {
    /// Gatewire's assumed expression when the API does not say: the CDK and Serverless default.
    public static let assumedExpression = "$request.body.action"

    public let expression: String
    public let expressionAssumed: Bool
    public let routeKeys: Set<String>

    /// Creates a router for an expression (or the assumed one) and the API's route keys.
    public init(expression: String?, routeKeys: [String]) {
        self.expression = expression ?? Self.assumedExpression
        self.expressionAssumed = expression == nil
        self.routeKeys = Set(routeKeys)
    }

    /// Where the gateway sends one client message.
    public func resolve(payload: [UInt8], opcode: Opcode, connectionID: ConnectionID, requestID: String)
        -> RouteResolution
    {
        if opcode == .binary {
            return RouteResolution(
                outcome: .closed, reason: .binaryFrame, expression: expression, expressionAssumed: expressionAssumed,
                value: nil, routeKey: nil, explanation: "Binary frames are never routed; the gateway closes with 1003.",
                closeCode: 1003)
        }
        let evaluation = evaluate(payload)
        if let value = evaluation.value, routeKeys.contains(value), !value.hasPrefix("$") || value == "$default" {
            return RouteResolution(
                outcome: .matched, reason: .matched, expression: expression, expressionAssumed: expressionAssumed,
                value: value, routeKey: value, explanation: "The expression evaluated to '\(value)', a route key.")
        }
        let explanation = evaluation.explanation
        if routeKeys.contains("$default") {
            return RouteResolution(
                outcome: .fellToDefault, reason: evaluation.reason, expression: expression,
                expressionAssumed: expressionAssumed, value: evaluation.value, routeKey: "$default",
                explanation: explanation + " It goes to $default.")
        }
        return RouteResolution(
            outcome: .rejected, reason: evaluation.reason, expression: expression,
            expressionAssumed: expressionAssumed, value: evaluation.value, routeKey: nil,
            explanation: explanation + " There is no $default route, so the client gets the Forbidden frame.",
            reply: GatewayErrorFrame.forbidden(connectionID: connectionID, requestID: requestID))
    }

    private struct Evaluation {
        var value: String?
        var reason: RouteResolution.Reason
        var explanation: String
    }

    private func evaluate(_ payload: [UInt8]) -> Evaluation {
        let parts = TemplatePart.parse(expression)
        guard parts.contains(where: { if case .variable = $0 { true } else { false } }) else {
            let value = parts.map { if case .literal(let text) = $0 { text } else { "" } }.joined()
            return Evaluation(
                value: value, reason: routeKeys.contains(value) ? .matched : .staticExpression,
                explanation: "The expression has no variable, so every message gets '\(value)'.")
        }
        guard let json = try? JSONSerialization.jsonObject(with: Data(payload), options: [.fragmentsAllowed]) else {
            return Evaluation(value: nil, reason: .notJSON, explanation: "The message is not JSON.")
        }
        guard let object = json as? [String: Any] else {
            return Evaluation(value: nil, reason: .notObject, explanation: "The message is JSON but not an object.")
        }
        var missing = false
        var value = ""
        for part in parts {
            switch part {
            case .literal(let text): value += text
            case .variable(let path):
                if let found = Self.lookup(path, in: object) { value += found } else { missing = true }
            }
        }
        if missing {
            return Evaluation(
                value: value, reason: .propertyMissing,
                explanation: "A path of the expression is missing from the message, so it evaluated to '\(value)'.")
        }
        return Evaluation(value: value, reason: .noSuchKey, explanation: "No route key equals '\(value)'.")
    }

    private static func lookup(_ path: [String], in object: [String: Any]) -> String? {
        var current: Any = object
        for component in path {
            guard let dictionary = current as? [String: Any], let next = dictionary[component] else { return nil }
            current = next
        }
        switch current {
        case let text as String: return text
        case let array as [Any]: return "[" + array.map { stringify($0) }.joined(separator: ", ") + "]"
        default: return stringify(current)
        }
    }

    private static func stringify(_ value: Any) -> String {
        if let text = value as? String { return text }
        if value is NSNull { return "null" }
        if let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) {
            return String(decoding: data, as: UTF8.self)
        }
        return "\(value)"
    }

    private enum TemplatePart {
        case literal(String)
        case variable([String])

        static func parse(_ expression: String) -> [TemplatePart] {
            var parts: [TemplatePart] = []
            var literal = ""
            var characters = Substring(expression)
            let prefix = "request.body."
            while let first = characters.first {
                if first == "\\", characters.dropFirst().first == "$" {
                    literal += "$"
                    characters = characters.dropFirst(2)
                } else if characters.hasPrefix("${" + prefix), let end = characters.firstIndex(of: "}") {
                    let path = characters[characters.index(characters.startIndex, offsetBy: 2 + prefix.count)..<end]
                    flush(&literal, into: &parts)
                    parts.append(.variable(path.split(separator: ".").map(String.init)))
                    characters = characters[characters.index(after: end)...]
                } else if characters.hasPrefix("$" + prefix) {
                    let rest = characters.dropFirst(1 + prefix.count)
                    let path = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }
                    flush(&literal, into: &parts)
                    parts.append(.variable(path.split(separator: ".").map(String.init)))
                    characters = rest.dropFirst(path.count)
                } else {
                    literal.append(first)
                    characters = characters.dropFirst()
                }
            }
            flush(&literal, into: &parts)
            return parts
        }

        private static func flush(_ literal: inout String, into parts: inout [TemplatePart]) {
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
        }
    }
}
