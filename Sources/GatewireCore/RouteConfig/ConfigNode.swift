/// One value of a parsed configuration document (JSON or YAML), with where it was written.
///
/// Every route-config loader reads this tree instead of a syntax-specific one, so CloudFormation, Serverless and
/// `aws apigatewayv2` output are handled once whatever syntax they arrive in. Mappings keep their file order,
/// because route keys are reported in the order the file declares them. YAML short-form tags (`!Ref X`) are
/// already rewritten to their long form (`{"Ref": "X"}`) when a node is built.
struct ConfigNode: Sendable {
    /// What kind of scalar a node holds; the loaders only need the difference for messages and null checks.
    enum ScalarKind: Sendable {
        case string
        case number
        case boolean
        case null
    }

    /// The node's content.
    enum Value: Sendable {
        case scalar(String, ScalarKind)
        case list([ConfigNode])
        case map([(key: String, value: ConfigNode)])
    }

    /// The content.
    var value: Value
    /// Where the node starts (1-based line and column), when the parser reports it.
    var position: TextPosition?

    /// Creates a node.
    init(_ value: Value, at position: TextPosition? = nil) {
        self.value = value
        self.position = position
    }

    /// The entries of a mapping, or `nil` for any other node.
    var entries: [(key: String, value: ConfigNode)]? {
        if case .map(let entries) = value { return entries }
        return nil
    }

    /// The elements of a list, or `nil` for any other node.
    var elements: [ConfigNode]? {
        if case .list(let elements) = value { return elements }
        return nil
    }

    /// The text of a non-null scalar (numbers and booleans as written), or `nil` for anything else.
    ///
    /// CloudFormation and Serverless accept `RouteKey: 404` or `stage: 2024` and treat them as strings, so a
    /// number is text here too.
    var scalarText: String? {
        if case .scalar(let text, let kind) = value, kind != .null { return text }
        return nil
    }

    /// Whether the node is an explicit or implicit null (`~`, `null`, an empty YAML value).
    var isNull: Bool {
        if case .scalar(_, .null) = value { return true }
        return false
    }

    /// The value of the first entry named `key` in a mapping, or `nil`.
    subscript(key: String) -> ConfigNode? {
        entries?.first { $0.key == key }?.value
    }

    /// The kind of the node with its article, for messages ("expected a string, found a list").
    var kindDescription: String {
        switch value {
        case .scalar(_, .string): "a string"
        case .scalar(_, .number): "a number"
        case .scalar(_, .boolean): "a boolean"
        case .scalar(_, .null): "null"
        case .list: "a list"
        case .map: "a mapping"
        }
    }
}
