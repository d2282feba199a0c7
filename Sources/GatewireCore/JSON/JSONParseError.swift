/// Why a document is not JSON, and the place where the parser noticed.
struct JSONParseError: Error, Hashable, Sendable {
    /// The 1-based line and column of the problem, columns counted in Unicode scalars.
    var position: TextPosition
    /// The 0-based byte offset of the same place (a skipped byte order mark counts).
    var offset: Int
    /// What is wrong, as a phrase such as `expected ':' after a key, found '}'`.
    var message: String

    /// The 1-based line of the problem.
    var line: Int { position.line }
    /// The 1-based column of the problem, in Unicode scalars.
    var column: Int { position.column }
}
