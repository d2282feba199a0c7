/// Why a subscription was never found, where messages went instead of their route, and what the gateway refused
/// or cut off, for one or more sessions.
///
/// The report is the whole result of ``SessionDiagnoser``; it is `Codable` so `gatewire diagnose --json` prints
/// it as one JSON document (the shape is in `docs/diagnose.md`), and `HumanDiagnosisFormatter` renders it for
/// people.
public struct DiagnosisReport: Codable, Hashable, Sendable {
    /// The inputs, in the order read.
    public var inputs: [DiagnosedInput]
    /// The name of the decoding policy the gateway's view was computed with (`gateway`, `rfc3986`).
    public var decoding: String
    /// The query parameters that identify a subscription.
    public var keyParameters: [String]
    /// Whether ``keyParameters`` were guessed from the traffic rather than given.
    public var keyParametersGuessed: Bool
    /// Subscription groups whose members would not meet at the backend.
    public var missingSubscriptions: [SubscriptionGroup]
    /// Client messages that fell to `$default` or were refused, grouped by evaluated value.
    public var routeProblems: [RouteProblem]
    /// What the gateway refuses, cuts off or is about to cut off, in order of time.
    public var gatewayTrouble: [GatewayTrouble]
    /// Things worth knowing that are no problem of the traffic: gaps in a capture, lines a recording reader
    /// skipped, inputs whose route keys are unknown.
    public var notes: [String]
    /// The counts.
    public var summary: DiagnosisSummary
    /// Whether any section holds something: the exit status of `gatewire diagnose` follows it.
    public var hasProblems: Bool

    /// Creates a report; the summary and ``hasProblems`` are computed from the sections.
    public init(
        inputs: [DiagnosedInput], decoding: String, keyParameters: [String], keyParametersGuessed: Bool,
        missingSubscriptions: [SubscriptionGroup], routeProblems: [RouteProblem], gatewayTrouble: [GatewayTrouble],
        notes: [String] = []
    ) {
        self.inputs = inputs
        self.decoding = decoding
        self.keyParameters = keyParameters
        self.keyParametersGuessed = keyParametersGuessed
        self.missingSubscriptions = missingSubscriptions
        self.routeProblems = routeProblems
        self.gatewayTrouble = gatewayTrouble
        self.notes = notes
        let severities =
            missingSubscriptions.map { _ in Finding.Severity.error } + routeProblems.map(\.severity)
            + gatewayTrouble.map(\.severity)
        summary = DiagnosisSummary(
            inputs: inputs.count, connections: inputs.map(\.connections).reduce(0, +),
            clientMessages: inputs.map(\.clientMessages).reduce(0, +),
            missingSubscriptions: missingSubscriptions.count, routeProblems: routeProblems.count,
            unroutedMessages: routeProblems.map(\.count).reduce(0, +), gatewayTrouble: gatewayTrouble.count,
            errors: severities.filter { $0 == .error }.count, warnings: severities.filter { $0 == .warning }.count)
        hasProblems = !missingSubscriptions.isEmpty || !routeProblems.isEmpty || !gatewayTrouble.isEmpty
    }
}
