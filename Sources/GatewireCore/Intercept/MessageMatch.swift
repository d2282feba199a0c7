/// What an interception rule looks at: every criterion given must hold, and a match with none matches every data
/// message.
///
/// The criteria are tested cheapest first (connection, direction, route key, then the payload), and the payload is
/// read as text or JSON only when a rule needs it.
public struct MessageMatch: Hashable, Sendable {
    /// The route key the message resolves to, compared exactly. Only client messages have one, so a match with a
    /// route key never matches a server message.
    public var routeKey: String?
    /// The connection's label, e.g. `c1`.
    public var connection: String?
    /// Which peer sent the message: `.client` (client to upstream) or `.server` (upstream to client).
    public var direction: Direction?
    /// A JSONPath that must exist in the message's JSON body (text messages only).
    public var jsonPath: BodyPath?
    /// With `jsonPath`, the text the value found there must stringify to, stringified as route selection does
    /// by default (`RouteValueStringification.default`): strings raw, numbers as sent, `true`, `null`, arrays as
    /// `[a, b]`, objects as compact JSON.
    public var jsonValue: String?
    private var compiledPattern: PayloadPattern?

    /// A match with no criteria: it matches every data message.
    public init() {}

    /// Creates a match.
    ///
    /// - Parameters:
    ///   - pattern: a regular expression (`NSRegularExpression` syntax) searched in the payload text; it is
    ///     compiled here, once.
    ///   - jsonValue: only together with `jsonPath`.
    /// - Throws: `InterceptRuleError` `invalid-pattern` when the expression does not compile, `invalid-value` for
    ///   an empty route key or connection, or a `jsonValue` without `jsonPath`.
    public init(
        routeKey: String? = nil, connection: String? = nil, direction: Direction? = nil, pattern: String? = nil,
        jsonPath: BodyPath? = nil, jsonValue: String? = nil
    ) throws(InterceptRuleError) {
        if routeKey?.isEmpty == true { throw InterceptRuleError(.invalidValue, "the route key is empty") }
        if connection?.isEmpty == true { throw InterceptRuleError(.invalidValue, "the connection label is empty") }
        if jsonValue != nil && jsonPath == nil {
            throw InterceptRuleError(.invalidValue, "a value to compare needs a path to read it from")
        }
        self.routeKey = routeKey
        self.connection = connection
        self.direction = direction
        self.jsonPath = jsonPath
        self.jsonValue = jsonValue
        try setPattern(pattern)
    }

    /// The regular expression searched in the payload text, as written.
    public var pattern: String? { compiledPattern?.source }

    /// Replaces the regular expression, compiling it.
    ///
    /// - Throws: `InterceptRuleError` `invalid-pattern`; the match is unchanged then.
    public mutating func setPattern(_ pattern: String?) throws(InterceptRuleError) {
        compiledPattern = try pattern.map { (source) throws(InterceptRuleError) in try PayloadPattern(source) }
    }

    /// Whether the caller must resolve the message's route key for this match to be decided.
    public var needsRouteKey: Bool { routeKey != nil }

    /// Whether the match has no criteria.
    public var matchesEverything: Bool { self == MessageMatch() }

    /// Whether a message meets every criterion.
    public func matches(_ candidate: InterceptCandidate) -> Bool {
        var contents = CandidateContents(candidate)
        return matches(&contents)
    }

    /// Whether a message meets every criterion, reading its payload through the shared cache.
    func matches(_ contents: inout CandidateContents) -> Bool {
        let candidate = contents.candidate
        guard candidate.opcode == .text || candidate.opcode == .binary else { return false }
        if let connection, connection != candidate.connection { return false }
        if let direction, direction != candidate.direction { return false }
        if let routeKey, routeKey != candidate.routeKey { return false }
        if let compiledPattern, !compiledPattern.occurs(in: contents.text()) { return false }
        if let jsonPath {
            guard let body = contents.body(), let value = jsonPath.value(in: body) else { return false }
            if let jsonValue, RouteValueStringification.default.string(for: value) != jsonValue { return false }
        }
        return true
    }
}
