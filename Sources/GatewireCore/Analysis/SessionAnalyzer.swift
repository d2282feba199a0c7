/// Annotates session events with what API Gateway would make of them: the route each client message resolves to,
/// the query-string lint of each `$connect` (also against earlier connections), and the gateway's limits.
///
/// Every source (proxy, capture, HAR, recording) runs its events through one analyzer, so the same traffic gets
/// the same findings wherever it came from. Feed it every event of a session, in order; it keeps per-connection
/// state (connection ids, timing, earlier query strings).
public struct SessionAnalyzer: Sendable {
    public let configuration: SessionAnalyzerConfiguration
    private let resolver: RouteResolver
    /// The resolver's recent resolutions that depend on the selected value alone.
    private var resolutions = RouteResolutionMemo()
    private let queryLinter: QueryLinter
    /// Earlier connections' query values, for the cross-connection lint of each new `$connect`.
    private var crossIndex: CrossConnectionIndex
    private var limitsLinter: LimitsLinter
    private var connectionIDs: [String: ConnectionID] = [:]
    /// Distinct raw query strings seen so far, oldest first, with the first connection that sent each.
    private var rememberedQueries: [ConnectionQuery] = []
    private var rememberedRawQueries: Set<String> = []

    /// Creates an analyzer.
    ///
    /// - Throws: `RouteSelectionExpressionError` when the configured expression does not parse.
    public init(configuration: SessionAnalyzerConfiguration = SessionAnalyzerConfiguration())
        throws(RouteSelectionExpressionError)
    {
        self.configuration = configuration
        let routes = configuration.routes ?? RouteConfiguration(expression: nil, routeKeys: [])
        self.resolver = try RouteResolver(configuration: routes, stringification: configuration.stringification)
        let stages = configuration.knownStages.isEmpty ? routes.stages : configuration.knownStages
        self.queryLinter = QueryLinter(
            configuration: QueryLintConfiguration(
                policy: configuration.queryPolicy, knownStages: stages.isEmpty ? nil : stages,
                maxURLLength: configuration.limits.maxURLLength))
        self.crossIndex = CrossConnectionIndex(policy: configuration.queryPolicy)
        self.limitsLinter = LimitsLinter(limits: configuration.limits)
    }

    /// The codes of every finding the analyzer adds; findings with these codes already on an event (from an
    /// earlier analysis, say of a recording) are replaced, others are kept.
    public static var codes: Set<String> {
        Set(QueryLinter.codes + CrossConnectionLinter.codes).union([
            LimitsLinter.Code.binaryFrame, LimitsLinter.Code.frameTooLarge, LimitsLinter.Code.messageTooLarge,
            LimitsLinter.Code.idleTimeout, LimitsLinter.Code.connectionTooOld,
        ])
    }

    /// Returns the event with its resolution and findings filled in.
    public mutating func analyze(_ event: SessionEvent) -> SessionEvent {
        var event = event
        analyze(&event)
        return event
    }

    /// Analyzes one event in place: the same as ``analyze(_:)-(SessionEvent)``, without copying a batch's events
    /// out and back in (the pipeline analyzes every event it carries).
    public mutating func analyze(_ event: inout SessionEvent) {
        let limitFindings = limitsLinter.findings(for: event)
        switch event {
        case .connect(var connect):
            connectionIDs[connect.connection] = connect.connectionID
            let findings = lintConnect(&connect)
            connect.findings = Self.replacing(connect.findings, with: findings)
            event = .connect(connect)
        case .message(var message):
            if message.direction == .client {
                message.resolution = resolver.resolve(
                    payload: message.payload, opcode: message.opcode,
                    connectionID: connectionIDs[message.connection], memo: &resolutions)
            }
            message.findings = Self.replacing(message.findings, with: limitFindings)
            event = .message(message)
        case .close(let close):
            connectionIDs[close.connection] = nil
        case .control, .error:
            break
        }
    }

    /// Analyzes a whole sequence of events in order.
    public mutating func analyze(_ events: [SessionEvent]) -> [SessionEvent] {
        events.map { analyze($0) }
    }

    private mutating func lintConnect(_ connect: inout ConnectEvent) -> [Finding] {
        let target = connect.path + (connect.rawQuery.map { "?" + $0 } ?? "")
        guard let url = try? ConnectURL(parsing: target) else { return [] }
        let query = url.query
        if connect.query == nil, connect.rawQuery != nil {
            connect.query = query.decoded(policy: configuration.queryPolicy)
        }
        var findings = queryLinter.lint(url)
        guard let rawQuery = connect.rawQuery, !rawQuery.isEmpty else { return findings }
        let current = ConnectionQuery(connection: connect.connection, query: query)
        // Only findings that involve this connection are new; pairs among earlier ones were reported then. A query
        // string seen before adds nothing new.
        guard !rememberedRawQueries.contains(rawQuery) else { return findings }
        findings += crossIndex.add(current)
        remember(current, rawQuery: rawQuery)
        return findings
    }

    private mutating func remember(_ query: ConnectionQuery, rawQuery: String) {
        guard rememberedRawQueries.insert(rawQuery).inserted else { return }
        rememberedQueries.append(query)
        if rememberedQueries.count > configuration.maxRememberedQueries {
            let dropped = rememberedQueries.removeFirst()
            rememberedRawQueries.remove(dropped.query.raw)
            crossIndex.remove(dropped)
        }
    }

    private static func replacing(_ existing: [Finding], with new: [Finding]) -> [Finding] {
        existing.filter { !codes.contains($0.code) } + new
    }
}
