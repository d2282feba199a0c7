/// One problem (or notable fact) found by a lint, with enough context to act on it.
///
/// Every finding has a stable kebab-case `code` (for example `plus-decodes-to-space`); codes appear in JSON output
/// and recordings, so they never change meaning. The optional fields carry the evidence a reader needs: which
/// parameter, the raw bytes as sent, what the gateway decodes them to, and how to fix it.
public struct Finding: Codable, Hashable, Sendable {
    /// How much a finding matters.
    public enum Severity: String, Codable, Hashable, Sendable, Comparable, CaseIterable {
        /// Informational: worth knowing, nothing is wrong yet.
        case info
        /// Likely to cause a bug or to behave differently from what the sender meant.
        case warning
        /// The gateway will reject, drop or mangle this.
        case error

        private var rank: Int {
            switch self {
            case .info: 0
            case .warning: 1
            case .error: 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// The stable kebab-case code of the rule that fired.
    public var code: String
    public var severity: Severity
    /// One sentence saying what is wrong.
    public var message: String
    /// The query parameter (or route key, or JSON path) concerned, when there is one.
    public var parameter: String?
    /// The bytes as they were sent, shown verbatim.
    public var raw: String?
    /// What the gateway makes of them.
    public var decoded: String?
    /// What to change, as a concrete instruction.
    public var fix: String?
    /// Connection labels involved, for findings that compare several connections.
    public var connections: [String]?

    /// Creates a finding.
    public init(
        code: String, severity: Severity, message: String, parameter: String? = nil, raw: String? = nil,
        decoded: String? = nil, fix: String? = nil, connections: [String]? = nil
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.parameter = parameter
        self.raw = raw
        self.decoded = decoded
        self.fix = fix
        self.connections = connections
    }
}
