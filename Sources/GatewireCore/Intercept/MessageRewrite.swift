/// How a `rewrite` rule changes a JSON message.
public enum MessageRewrite: Hashable, Sendable {
    /// Applies a JSON merge patch (RFC 7386) to the message body.
    case merge(patch: RewriteJSON)
    /// Sets one value, creating missing object members on the way; an index out of range is an error.
    case set(path: BodyPath, value: RewriteJSON)

    /// The rewritten payload, as compact JSON: members in their original order with new ones appended, numbers as
    /// their original text.
    ///
    /// - Parameter payload: the message's payload, which must be JSON.
    /// - Throws: `MessageRewriteError` when the payload is not JSON or a `set` path does not fit it.
    public func apply(to payload: [UInt8]) throws(MessageRewriteError) -> [UInt8] {
        guard var body = JSONValue.parseMessageBody(payload) else { throw .notJSON }
        switch self {
        case .merge(let patch): body = body.mergingPatch(patch.value)
        case .set(let path, let value): try body.setValue(value.value, at: path)
        }
        return Array(body.compactText.utf8)
    }
}
