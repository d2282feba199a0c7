/// A parsed JSON value, kept as the sender wrote it where that matters for route selection.
///
/// Route selection stringifies whatever the expression's JSONPath finds, so this model keeps what a generic
/// decoder would lose: numbers stay as their source text (`1.50` stays `1.50`, never `1.5`), booleans are never
/// confused with numbers (Foundation's `JSONSerialization` hands both back as `NSNumber` on Linux), and object
/// members keep the order they were sent in. `JSONParser` builds it.
indirect enum JSONValue: Hashable, Sendable {
    /// A string, unescaped.
    case string(String)
    /// A number, as its exact source text (`-0`, `1e3`, `2.50`).
    case number(String)
    case bool(Bool)
    case null
    case array([JSONValue])
    /// An object's members in the order they were sent; duplicate keys are all kept, and lookups take the last.
    case object([Member])

    /// One `"key": value` pair of an object.
    struct Member: Hashable, Sendable {
        var key: String
        var value: JSONValue
    }

    /// A short name of the value's kind, for explanations (`an object`, `a number`, …).
    var kindDescription: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The value of `key` when this is an object; the last member wins when a key repeats.
    ///
    /// Last-wins is what Jackson and Foundation both do with duplicate keys, so it is the most likely gateway
    /// behaviour; AWS does not document it.
    func member(_ key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last(where: { $0.key == key })?.value
    }

    /// The element at `index` when this is an array; a negative index counts from the end (`-1` is the last).
    func element(_ index: Int) -> JSONValue? {
        guard case .array(let elements) = self else { return nil }
        let position = index < 0 ? elements.count + index : index
        guard elements.indices.contains(position) else { return nil }
        return elements[position]
    }
}

extension JSONValue: JSONTreeNode {
    /// The scalar itself; a message body has no use for positions.
    static func jsonScalar(_ scalar: JSONParser.Scalar, at _: TextPosition) -> JSONValue {
        switch scalar {
        case .string(let text): .string(text)
        case .number(let text): .number(text)
        case .bool(let value): .bool(value)
        case .null: .null
        }
    }

    /// The array.
    static func jsonArray(_ elements: [JSONValue], at _: TextPosition) -> JSONValue {
        .array(elements)
    }

    /// The object, members in document order.
    static func jsonObject(_ members: [(key: String, value: JSONValue)], at _: TextPosition) -> JSONValue {
        .object(members.map { Member(key: $0.key, value: $0.value) })
    }
}
