extension JSONValue {
    /// The value as compact JSON text: no spaces, object members in their order, numbers as their source text,
    /// strings escaped by `JSONStringLiteral`.
    var compactText: String {
        var text = ""
        writeCompactText(into: &text)
        return text
    }

    /// Appends the value's compact JSON text to `text`.
    func writeCompactText(into text: inout String) {
        switch self {
        case .string(let string): text += JSONStringLiteral.quote(string)
        case .number(let number): text += number
        case .bool(let flag): text += flag ? "true" : "false"
        case .null: text += "null"
        case .array(let elements):
            text += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { text += "," }
                element.writeCompactText(into: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (offset, member) in members.enumerated() {
                if offset > 0 { text += "," }
                text += JSONStringLiteral.quote(member.key)
                text += ":"
                member.value.writeCompactText(into: &text)
            }
            text += "}"
        }
    }
}
