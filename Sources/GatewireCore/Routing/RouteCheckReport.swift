import Foundation

/// The result of checking messages against an API's route configuration: the configuration's own lint findings,
/// then where each message goes and why.
///
/// This is what `gatewire route` prints, as text or JSON; building it here keeps the command a thin shell.
public struct RouteCheckReport: Codable, Hashable, Sendable {
    /// One message and its resolution.
    public struct Entry: Codable, Hashable, Sendable {
        /// The message as text (binary messages are shown as base64).
        public var message: String
        public var opcode: Opcode
        public var resolution: RouteResolution
        /// How much the outcome deserves attention: `nil` for a match, a warning for `$default`, an error for a
        /// `Forbidden` reply or a close. When the API has no custom route at all, `$default` is the design, so
        /// it is only informational.
        public var severity: Finding.Severity?
    }

    /// The expression evaluated (the assumed default when the configuration has none).
    public var expression: String
    public var expressionAssumed: Bool
    /// Every configured route key, in order.
    public var routeKeys: [String]
    /// Keys configured but not live on the stage.
    public var undeployedRouteKeys: [String]
    /// Findings about the expression and the route keys themselves.
    public var configurationFindings: [Finding]
    public var entries: [Entry]

    /// Lints the configuration and resolves each message against it.
    ///
    /// - Parameters:
    ///   - configuration: the API's expression and keys.
    ///   - messages: message payloads, in order.
    ///   - opcode: `.text` for normal messages; `.binary` to see what the gateway does with binary frames.
    /// - Throws: `RouteSelectionExpressionError` when the expression does not parse.
    public init(
        configuration: RouteConfiguration, messages: [[UInt8]], opcode: Opcode = .text,
        stringification: RouteValueStringification = .default
    ) throws(RouteSelectionExpressionError) {
        let resolver = try RouteResolver(configuration: configuration, stringification: stringification)
        self.expression = resolver.expression.source
        self.expressionAssumed = resolver.expressionAssumed
        self.routeKeys = configuration.routeKeys
        self.undeployedRouteKeys = resolver.table.undeployedRouteKeys
        self.configurationFindings = RouteConfigLinter.lint(configuration: configuration)
        let hasCustomRoutes = !resolver.table.selectableKeys.filter { !RouteTable.reservedKeys.contains($0) }.isEmpty
        self.entries = messages.map { payload in
            let resolution = resolver.resolve(payload: payload, opcode: opcode)
            let shown =
                opcode == .text
                ? String(decoding: payload, as: UTF8.self) : Data(payload).base64EncodedString()
            return Entry(
                message: shown, opcode: opcode, resolution: resolution,
                severity: Self.severity(of: resolution.outcome, hasCustomRoutes: hasCustomRoutes))
        }
    }

    /// Every finding and every message outcome that deserves attention, as severities.
    public var severities: [Finding.Severity] {
        configurationFindings.map(\.severity) + entries.compactMap(\.severity)
    }

    private static func severity(of outcome: RouteResolution.Outcome, hasCustomRoutes: Bool) -> Finding.Severity? {
        switch outcome {
        case .matched: nil
        case .evaluated: .info
        case .fellToDefault: hasCustomRoutes ? .warning : .info
        case .rejected, .closed: .error
        }
    }
}
