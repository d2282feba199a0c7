/// Why a route selection expression could not be parsed, and where.
///
/// Compare errors by `code` (`error.code == .unterminatedVariable`); the message is for people and may change.
public struct RouteSelectionExpressionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of mistake the expression has; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unterminatedVariable = "unterminated-variable"
            case emptyVariable = "empty-variable"
            case strayDollar = "stray-dollar"
            case unsupportedVariable = "unsupported-variable"
            case invalidPath = "invalid-path"
            case unsupportedPath = "unsupported-path"
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// `${` without its closing `}`.
        public static let unterminatedVariable = Code(.unterminatedVariable)
        /// `${}`: braces with no variable inside.
        public static let emptyVariable = Code(.emptyVariable)
        /// A `$` that starts no variable (`$`, `$-x`); a literal dollar is written `\$`.
        public static let strayDollar = Code(.strayDollar)
        /// A variable other than `request.body…` (`$request.header.x`, `$context.routeKey`, `$default`): route
        /// selection only reads the message body, because a message frame has no headers, query or context.
        public static let unsupportedVariable = Code(.unsupportedVariable)
        /// A malformed JSONPath: empty segment, unclosed bracket or quote, bad index.
        public static let invalidPath = Code(.invalidPath)
        /// A JSONPath feature that selects several values (`*`, `..`, `[?(…)]`, `[0:2]`, `['a','b']`).
        public static let unsupportedPath = Code(.unsupportedPath)

        /// The stable kebab-case code (`unterminated-variable`, …).
        public var rawValue: String { base.rawValue }

        /// The stable kebab-case code.
        public var description: String { base.rawValue }
    }

    /// The kind of mistake.
    public var code: Code
    /// The expression as given.
    public var expression: String
    /// Where the mistake is: a 0-based offset in characters into `expression`.
    public var offset: Int
    /// One sentence saying what is wrong, without the position.
    public var message: String

    /// Creates an error.
    public init(code: Code, expression: String, offset: Int, message: String) {
        self.code = code
        self.expression = expression
        self.offset = offset
        self.message = message
    }

    /// The message with its 1-based column, e.g. `column 1: "${" is never closed by "}"`.
    public var description: String { "column \(offset + 1): \(message)" }
}
