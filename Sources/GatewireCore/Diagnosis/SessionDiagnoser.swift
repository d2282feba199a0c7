/// Reads the session events of one or more inputs and explains, in a ``DiagnosisReport``, why subscriptions were
/// never found, which messages reached no route of their own, and what the gateway refused or cut off.
///
/// Each input gets its own ``SessionAnalyzer`` (connection labels and timing are per session), so its client
/// messages are resolved against its routes and its messages checked against the limits exactly as `inspect`
/// and the proxy do. Subscriptions are compared across all inputs together, so a browser's HAR and a worker's
/// recording can be diagnosed side by side. Feed events in order; time comes only from them.
///
/// ```swift
/// var diagnoser = try SessionDiagnoser(configuration: DiagnosisConfiguration(keyParameters: ["cacheKey"]))
/// try diagnoser.begin(name: "session.jsonl", source: .proxy, routes: routes)
/// for event in events { diagnoser.consume(event) }
/// let report = diagnoser.report()
/// ```
public struct SessionDiagnoser: Sendable {
    public let configuration: DiagnosisConfiguration
    private var analyzer: SessionAnalyzer
    /// Whether events arrive unanalysed (the diagnoser resolves and lints them itself) or already analysed by a
    /// ``SessionPipeline`` built with ``analyzerConfiguration(_:routes:)``.
    private let analyzesEvents: Bool
    private var routes: RouteConfiguration?
    private var tracker: GatewayTroubleTracker
    private var inputs: [DiagnosedInput] = []
    private var started = false
    /// The current input's connections by label.
    private var connections: [String: DiagnosedConnection] = [:]
    /// Accepted handshakes with a query, across inputs, in order.
    private var handshakes: [(connection: DiagnosedConnection, rawQuery: String)] = []
    private var routeTally = RouteProblemTally()
    private var trouble: [GatewayTrouble] = []
    private var notes: [String] = []

    /// Creates a diagnoser.
    ///
    /// - Throws: `RouteSelectionExpressionError` when the configuration's expression does not parse.
    public init(configuration: DiagnosisConfiguration = DiagnosisConfiguration(), analyzesEvents: Bool = true)
        throws(RouteSelectionExpressionError)
    {
        self.configuration = configuration
        self.analyzesEvents = analyzesEvents
        routes = configuration.routes
        analyzer = try Self.analyzer(configuration, routes: configuration.routes)
        tracker = Self.tracker(configuration, source: .proxy)
    }

    /// Starts the next input; events consumed afterwards belong to it.
    ///
    /// - Parameters:
    ///   - name: how the report names the input (its file name).
    ///   - source: where its traffic came from. Browsers' HAR archives record no close frames, so for `.har` a
    ///     connection that ends without one is not reported as an abnormal close.
    ///   - routes: the API its traffic went to, when the input brings its own (a recording's header); `nil` uses
    ///     the configuration's. The configuration's routes win when both are given, as flags beat files.
    /// - Throws: `RouteSelectionExpressionError` when the routes' expression does not parse.
    public mutating func begin(
        name: String, source: RecordingSource = .proxy, routes: RouteConfiguration? = nil
    ) throws(RouteSelectionExpressionError) {
        finishInput()
        let effective = configuration.routes ?? routes
        analyzer = try Self.analyzer(configuration, routes: effective)
        self.routes = effective
        tracker = Self.tracker(configuration, source: source)
        connections = [:]
        let table = effective.map(RouteTable.init(configuration:)) ?? .unknown
        inputs.append(
            DiagnosedInput(
                name: name, expression: effective?.expression ?? RouteSelectionExpression.assumedDefault,
                expressionAssumed: effective?.expression == nil,
                routeKeys: table.routesKnown ? effective?.routeKeys : nil))
        started = true
    }

    /// Takes the next event of the current input (an input named `session` is begun if none was).
    public mutating func consume(_ event: SessionEvent) {
        if !started {
            // The configuration's expression already parsed in init, so beginning with it cannot fail.
            try? begin(name: "session")
        }
        if analyzesEvents {
            record(analyzer.analyze(event))
        } else {
            record(event)
        }
    }

    /// Takes an analysed event (split from ``consume(_:)`` so an event that needs no analysis is not copied).
    private mutating func record(_ analyzed: SessionEvent) {
        let index = inputs.count - 1
        guard let label = analyzed.connection else {
            if case .error(let error) = analyzed {
                notes.append("\(inputs[index].name): \(error.code): \(error.message)")
            }
            return
        }
        if case .error(let error) = analyzed, error.code.hasPrefix("capture-gap") {
            notes.append("\(inputs[index].name): \(label): \(error.code): \(error.message)")
        }
        let connection = reference(for: analyzed, label: label)
        switch analyzed {
        case .connect(let connect):
            inputs[index].connections += 1
            if let rawQuery = connect.rawQuery, !rawQuery.isEmpty, connect.status == nil || connect.status == 101 {
                handshakes.append((connection, rawQuery))
            }
        case .message(let message) where message.direction == .client:
            // A message Gatewire dropped, held or rewrote never reached the gateway in this form.
            guard message.intervention?.wasSentOn ?? true else { break }
            inputs[index].clientMessages += 1
            routeTally.count(message, connection: connection, routes: routes)
        default:
            break
        }
        tracker.observe(analyzed, connection: connection)
    }

    /// Takes several events of the current input, in order.
    public mutating func consume(contentsOf events: some Sequence<SessionEvent>) {
        for event in events { consume(event) }
    }

    /// The report over everything added so far.
    public func report() -> DiagnosisReport {
        var trouble = self.trouble
        var notes = self.notes
        if started {
            trouble += tracker.finish()
            notes += Self.openAtEndNote(tracker, input: inputs[inputs.count - 1].name)
        }
        let rename = inputs.count > 1
        func named(_ connection: DiagnosedConnection) -> DiagnosedConnection {
            guard rename else { return connection }
            var copy = connection
            copy.name = "\(connection.input):\(connection.connection)"
            return copy
        }
        let queries = handshakes.map {
            SubscriptionQuery(connection: named($0.connection), rawQuery: $0.rawQuery, policy: configuration.policy)
        }
        let guessed = configuration.keyParameters.isEmpty
        let keys =
            guessed ? KeyParameterGuess.guess(queries, policy: configuration.policy) : configuration.keyParameters
        let groups = SubscriptionDiagnosis(policy: configuration.policy).groups(queries, keys: keys)
        let routeProblems = routeTally.problems.map { problem in
            var copy = problem
            copy.connections = copy.connections.map(named)
            return copy
        }
        trouble = trouble.map { item in
            var copy = item
            copy.connection = named(copy.connection)
            return copy
        }
        for input in inputs where input.routeKeys == nil && input.clientMessages > 0 {
            notes.append(
                "\(input.name): the API's route keys are unknown (give --routes, or --route for each key), so "
                    + "messages that fall to $default or are refused cannot be told apart from routed ones.")
        }
        return DiagnosisReport(
            inputs: inputs, decoding: configuration.policy.name, keyParameters: keys, keyParametersGuessed: guessed,
            missingSubscriptions: groups, routeProblems: routeProblems, gatewayTrouble: trouble, notes: notes)
    }

    /// Diagnoses whole inputs at once.
    ///
    /// - Parameters:
    ///   - inputs: the inputs, each with its events and, optionally, its own routes.
    ///   - configuration: what to judge them against.
    /// - Throws: `RouteSelectionExpressionError` when an expression does not parse.
    public static func diagnose(
        _ inputs: [DiagnosisInput], configuration: DiagnosisConfiguration = DiagnosisConfiguration()
    ) throws(RouteSelectionExpressionError) -> DiagnosisReport {
        var diagnoser = try SessionDiagnoser(configuration: configuration)
        for input in inputs {
            try diagnoser.begin(name: input.name, source: input.source, routes: input.routes)
            diagnoser.consume(contentsOf: input.events)
        }
        return diagnoser.report()
    }

    private mutating func finishInput() {
        guard started else { return }
        trouble += tracker.finish()
        notes += Self.openAtEndNote(tracker, input: inputs[inputs.count - 1].name)
    }

    private static func openAtEndNote(_ tracker: GatewayTroubleTracker, input: String) -> [String] {
        let open = tracker.openAtEnd
        guard open > 0 else { return [] }
        return [
            "\(input): \(open) connection\(open == 1 ? " was" : "s were") still open when the capture ended, so how "
                + "\(open == 1 ? "it" : "they") ended is unknown."
        ]
    }

    private mutating func reference(for event: SessionEvent, label: String) -> DiagnosedConnection {
        if case .connect(let connect) = event {
            let connection = DiagnosedConnection(
                input: inputs[inputs.count - 1].name, connection: label, connectionID: connect.connectionID,
                time: connect.time)
            connections[label] = connection
            return connection
        }
        if let known = connections[label] { return known }
        let connection = DiagnosedConnection(input: inputs[inputs.count - 1].name, connection: label, time: event.time)
        connections[label] = connection
        return connection
    }

    private static func analyzer(_ configuration: DiagnosisConfiguration, routes: RouteConfiguration?)
        throws(RouteSelectionExpressionError) -> SessionAnalyzer
    {
        try SessionAnalyzer(configuration: analyzerConfiguration(configuration, routes: routes))
    }

    /// The analysis a diagnosis needs for one input judged against `routes`: the pipeline in front of a diagnoser
    /// built with `analyzesEvents: false` analyses with this.
    public static func analyzerConfiguration(_ configuration: DiagnosisConfiguration, routes: RouteConfiguration?)
        -> SessionAnalyzerConfiguration
    {
        // The analyzer's cross-connection lint compares each new connection with every earlier one; the
        // subscription groups cover the same ground across all inputs at once, so it is switched off here.
        SessionAnalyzerConfiguration(
            routes: configuration.routes ?? routes, queryPolicy: configuration.policy, limits: configuration.limits,
            maxRememberedQueries: 0)
    }

    private static func tracker(_ configuration: DiagnosisConfiguration, source: RecordingSource)
        -> GatewayTroubleTracker
    {
        GatewayTroubleTracker(
            limits: configuration.limits, nearLimitFraction: configuration.nearLimitFraction,
            source: source)
    }
}
