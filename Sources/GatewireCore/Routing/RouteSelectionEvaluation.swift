/// What a route selection expression made of one message body.
enum RouteSelectionEvaluation: Hashable, Sendable {
    /// The expression evaluated to `value`; `missingPaths` lists the variables whose path was not in the body
    /// and therefore contributed `""` (AWS: "a missing JSONPath resolves to an empty string").
    case value(String, missingPaths: [BodyPath])
    /// The body is not JSON, so no variable can be read (AWS sends such messages to `$default`).
    case notJSON
    /// The body is JSON but not an object (for example `"hi"`, `[1]` or `3`), so `request.body.<path>` names
    /// nothing; Gatewire treats it like a body that is not JSON (AWS does not document this case).
    case notObject(kind: String)
}
