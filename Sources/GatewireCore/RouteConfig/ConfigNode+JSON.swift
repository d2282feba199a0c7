extension ConfigNode: JSONTreeNode {
    /// A scalar node; booleans and null keep the words the file spells them with.
    static func jsonScalar(_ scalar: JSONParser.Scalar, at position: TextPosition) -> ConfigNode {
        switch scalar {
        case .string(let text): ConfigNode(.scalar(text, .string), at: position)
        case .number(let text): ConfigNode(.scalar(text, .number), at: position)
        case .bool(let value): ConfigNode(.scalar(value ? "true" : "false", .boolean), at: position)
        case .null: ConfigNode(.scalar("null", .null), at: position)
        }
    }

    /// A list node.
    static func jsonArray(_ elements: [ConfigNode], at position: TextPosition) -> ConfigNode {
        ConfigNode(.list(elements), at: position)
    }

    /// A mapping node, entries in file order.
    static func jsonObject(_ members: [(key: String, value: ConfigNode)], at position: TextPosition) -> ConfigNode {
        ConfigNode(.map(members), at: position)
    }
}
