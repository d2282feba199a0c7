/// How a JSON value that is not a string becomes route-key text.
///
/// AWS says only that the selected element "will be stringified" and shows one example: a two-element array
/// becomes `[item1, item2]` (elements joined by `", "`, strings unquoted). Numbers, booleans, null and objects are
/// not documented (AWS "Create routes for WebSocket APIs"; an open question until checked against a real
/// deployment), so the choice is named here and can be switched.
///
/// In every policy strings are taken raw, numbers keep the exact text the client sent (`1`, `1.50`, `1e3`),
/// booleans are `true`/`false`, null is `null`, and arrays use AWS's documented `[a, b]` form, applied to nested
/// elements too. The policies differ only for objects.
public enum RouteValueStringification: String, Codable, Hashable, Sendable, CaseIterable {
    /// Objects become compact JSON text in the order sent (`{"a":1,"b":"x"}`). The default: it is what a person
    /// reading the message recognises, and it keeps strings distinguishable from other values.
    ///
    /// Null is `null` rather than `""` so a present-but-null property never looks like a missing one.
    case jsonText = "json-text"
    /// Objects become `{a=1, b=x}`, Java's `Map.toString()`. AWS's documented array form is exactly Java's
    /// `List.toString()`, which suggests the service stringifies with Java; choose this when a deployment shows it.
    case javaToString = "java-to-string"

    /// The policy Gatewire uses unless told otherwise.
    public static let `default` = RouteValueStringification.jsonText

    /// Stringifies a value found by a route selection variable.
    func string(for value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .array(let elements): "[" + elements.map(string(for:)).joined(separator: ", ") + "]"
        case .object(let members):
            switch self {
            case .jsonText: value.compactText
            case .javaToString: "{" + members.map { $0.key + "=" + string(for: $0.value) }.joined(separator: ", ") + "}"
            }
        }
    }
}
