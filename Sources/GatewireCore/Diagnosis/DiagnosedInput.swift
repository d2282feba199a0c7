/// One input of a diagnosis (a recording, capture or HAR file) and what it was judged against.
public struct DiagnosedInput: Codable, Hashable, Sendable {
    /// The input's name, as given on the command line.
    public var name: String
    /// How many connections it holds (handshakes, accepted or not).
    public var connections: Int
    /// How many messages clients sent.
    public var clientMessages: Int
    /// The route selection expression its messages were resolved with.
    public var expression: String
    /// Whether `expression` is the assumed default (`$request.body.action`), because none was known.
    public var expressionAssumed: Bool
    /// The route keys its messages were looked up in, or `nil` when they were unknown; then no message can be
    /// said to fall to `$default` or be refused, and route problems are not reported for this input.
    public var routeKeys: [String]?

    /// Creates an input description.
    public init(
        name: String, connections: Int = 0, clientMessages: Int = 0, expression: String,
        expressionAssumed: Bool, routeKeys: [String]?
    ) {
        self.name = name
        self.connections = connections
        self.clientMessages = clientMessages
        self.expression = expression
        self.expressionAssumed = expressionAssumed
        self.routeKeys = routeKeys
    }
}
