/// A candidate with its payload read at most once as text and once as JSON, however many rules look at it.
///
/// `InterceptRuleSet.firstMatch` makes one per message; rules that test only the route, connection or direction
/// never cause either reading.
struct CandidateContents {
    /// The message.
    let candidate: InterceptCandidate
    private var cachedText: String?
    private var cachedBody: JSONValue??

    /// Wraps a candidate; nothing is read yet.
    init(_ candidate: InterceptCandidate) {
        self.candidate = candidate
    }

    /// The payload as text, invalid UTF-8 replaced by U+FFFD.
    mutating func text() -> String {
        if let cachedText { return cachedText }
        let text = String(decoding: candidate.payload, as: UTF8.self)
        cachedText = text
        return text
    }

    /// The payload as JSON, the way route selection reads it; `nil` for binary messages and bodies that are not
    /// JSON.
    mutating func body() -> JSONValue? {
        if let cachedBody { return cachedBody }
        let body = candidate.opcode == .text ? JSONValue.parseMessageBody(candidate.payload) : nil
        cachedBody = .some(body)
        return body
    }
}
