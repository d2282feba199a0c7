/// A WebSocket API's `routeSelectionExpression`, parsed into literal text and `request.body` variables.
///
/// The syntax is AWS's selection-expression template (AWS "WebSocket selection expressions" and "Create routes
/// for WebSocket APIs"):
/// - `$request.body.a.b` is an unbraced variable; its path runs while the characters are letters, digits, `_`,
///   `.` and bracket segments, so `$request.body.action-x` is the variable `action` followed by the text `-x`.
/// - `${request.body.a}` is the same variable with braces, needed when text follows it
///   (`${request.body.service}/${request.body.action}`); inside braces a dot segment may also hold `-` or `/`.
/// - Everything else is literal text. An expression with no variable (`action`) is a static value: every message
///   evaluates to the same key. `\$` is a literal dollar, so `\$default` is the static text `$default`.
///
/// Only `request.body` variables exist for route selection: a message frame carries no headers, query string or
/// context, and AWS documents the form `$request.body.{path_to_body_element}` only. Other variables
/// (`$request.header.x`, `$context.routeKey`, or `$default` written without its backslash) are parse errors with
/// the code `unsupported-variable`, so they are never silently evaluated to an empty string.
public struct RouteSelectionExpression: Hashable, Sendable, CustomStringConvertible {
    /// One piece of the template, in order.
    public enum Part: Hashable, Sendable {
        /// Text copied into the value as is (escapes already applied: `\$` is stored as `$`).
        case literal(String)
        /// A `request.body` variable, replaced by the stringified element at the path.
        case variable(BodyPath)
    }

    /// The expression Gatewire assumes when a configuration gives none.
    ///
    /// AWS has no default for WebSocket APIs (the property is required); CDK's `WebSocketApi` and the Serverless
    /// Framework both fill in `$request.body.action`, so that is the most likely intent. Resolutions made with it
    /// are marked `expressionAssumed`.
    public static let assumedDefault = "$request.body.action"

    /// The expression as written.
    public let source: String
    /// The parsed pieces, in order.
    public let parts: [Part]

    /// Parses an expression.
    ///
    /// - Parameter source: the expression as written, e.g. `$request.body.action`.
    /// - Throws: `RouteSelectionExpressionError` with the position of the first mistake.
    public init(_ source: String) throws(RouteSelectionExpressionError) {
        var parser = RouteSelectionExpressionParser(source: source)
        self.source = source
        self.parts = try parser.parse()
        self.variables = parts.compactMap { part in
            if case .variable(let path) = part { return path }
            return nil
        }
    }

    /// The variables of the expression, in order (kept, as every evaluation reads them).
    public let variables: [BodyPath]

    /// Whether the expression has no variable, so every message evaluates to the same text.
    public var isStatic: Bool { variables.isEmpty }

    /// The static text of an expression without variables, or `nil` when it has variables.
    public var staticValue: String? {
        guard isStatic else { return nil }
        return parts.map { part in
            if case .literal(let text) = part { return text }
            return ""
        }.joined()
    }

    /// The expression as written.
    public var description: String { source }
}
