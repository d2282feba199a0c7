/// The counts behind a diagnosis, for its closing line and for scripts.
public struct DiagnosisSummary: Codable, Hashable, Sendable {
    /// Inputs read.
    public var inputs: Int
    /// Connections across all inputs.
    public var connections: Int
    /// Client messages across all inputs.
    public var clientMessages: Int
    /// Subscription groups whose members do not meet at the backend.
    public var missingSubscriptions: Int
    /// Groups of messages that fell to `$default` or were refused.
    public var routeProblems: Int
    /// Messages in those groups.
    public var unroutedMessages: Int
    /// Gateway trouble items.
    public var gatewayTrouble: Int
    /// Items of `error` severity across the sections (every subscription group counts as one).
    public var errors: Int
    /// Items of `warning` severity across the sections.
    public var warnings: Int

    /// Creates a summary.
    public init(
        inputs: Int, connections: Int, clientMessages: Int, missingSubscriptions: Int, routeProblems: Int,
        unroutedMessages: Int, gatewayTrouble: Int, errors: Int, warnings: Int
    ) {
        self.inputs = inputs
        self.connections = connections
        self.clientMessages = clientMessages
        self.missingSubscriptions = missingSubscriptions
        self.routeProblems = routeProblems
        self.unroutedMessages = unroutedMessages
        self.gatewayTrouble = gatewayTrouble
        self.errors = errors
        self.warnings = warnings
    }
}
