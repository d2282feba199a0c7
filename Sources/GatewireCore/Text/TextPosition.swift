/// A 1-based line and column in a text document (JSON or YAML), columns counted in Unicode scalars as libyaml does.
struct TextPosition: Hashable, Sendable {
    var line: Int
    var column: Int
}
