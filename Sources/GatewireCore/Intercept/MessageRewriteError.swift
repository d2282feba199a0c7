/// Why a rewrite could not be applied to a message; the relay then sends the message on unchanged and reports
/// this.
public enum MessageRewriteError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The payload is not JSON, so there is nothing to merge into or set in.
    case notJSON
    /// A step of a `set` path needs an object (to read or create a member) but found another kind of value.
    case notAnObject(path: String, found: String)
    /// A step of a `set` path needs an array (to index) but found another kind of value, or nothing.
    case notAnArray(path: String, found: String)
    /// A `set` path indexes past the end of an array; arrays are never extended.
    case indexOutOfRange(path: String, index: Int, count: Int)

    /// One sentence for people.
    public var description: String {
        switch self {
        case .notJSON: "the message is not JSON"
        case .notAnObject(let path, let found): "\(path) is \(found), not an object"
        case .notAnArray(let path, let found): "\(path) is \(found), not an array"
        case .indexOutOfRange(let path, let index, let count):
            "index \(index) is out of range at \(path), which has \(count) element\(count == 1 ? "" : "s")"
        }
    }
}
