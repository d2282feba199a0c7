/// Why a rule given on the command line (`--rule`, `--break`) or to the control API could not be read, or why a
/// rule set refused a change.
///
/// Compare errors by `code`; the message is for people (it is printed at the command line and returned in HTTP 400
/// bodies) and may change. Messages name the offending token or key and say what was expected.
public struct InterceptRuleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of mistake the rule has.
    public enum Code: String, Hashable, Sendable, CaseIterable {
        /// A match key or JSON key that does not exist (`rout=x`, `"mtach"`).
        case unknownKey = "unknown-key"
        /// A key given twice.
        case duplicateKey = "duplicate-key"
        /// A match value that cannot be used: empty, `from=` other than `client`/`server`, a bad name.
        case invalidValue = "invalid-value"
        /// A regular expression that does not compile.
        case invalidPattern = "invalid-pattern"
        /// A JSONPath outside the supported single-value subset, or malformed.
        case invalidPath = "invalid-path"
        /// No action, or an action word that does not exist.
        case unknownAction = "unknown-action"
        /// An action's argument is missing, extra, or malformed (a bad duration, a bad JSON value).
        case invalidArgument = "invalid-argument"
        /// A number outside its range (a delay above 10 minutes, a timeout of 0).
        case outOfRange = "out-of-range"
        /// A fault that does not exist, or one that closes a connection rather than answering a message.
        case invalidFault = "invalid-fault"
        /// A control-API rule that is not a JSON object of the documented shape.
        case invalidJSON = "invalid-json"
        /// A rule set already holds a rule with this name.
        case duplicateName = "duplicate-name"
        /// A rule set holds no rule with this name.
        case unknownRule = "unknown-rule"
    }

    /// The kind of mistake.
    public var code: Code
    /// One sentence saying what is wrong and what was expected.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
