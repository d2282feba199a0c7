/// A tree type `JSONParser` can build directly, so each reader gets its own node type from the one parser.
///
/// The parser hands every node the position of its first character; trees that report places in messages keep
/// it, the others ignore it.
protocol JSONTreeNode {
    /// A string, number, boolean or null that starts at `position`.
    static func jsonScalar(_ scalar: JSONParser.Scalar, at position: TextPosition) -> Self
    /// An array whose `[` is at `position`.
    static func jsonArray(_ elements: [Self], at position: TextPosition) -> Self
    /// An object whose `{` is at `position`, with its members in document order and duplicate keys all kept.
    static func jsonObject(_ members: [(key: String, value: Self)], at position: TextPosition) -> Self
}
