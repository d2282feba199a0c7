/// One HTTP header line, kept in arrival order with its original spelling.
///
/// Headers are a list, not a dictionary: order and duplicates matter when a handshake is replayed byte for byte.
public struct HTTPHeader: Codable, Hashable, Sendable {
    public var name: String
    public var value: String

    /// Creates a header line.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The first value of the named header, compared case-insensitively as RFC 9110 §5.1 requires.
    public func first(named name: String) -> String? {
        first { $0.name.caseInsensitiveEquals(name) }?.value
    }
}

extension String {
    /// ASCII case-insensitive comparison, the one HTTP field names use.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        lowercased() == other.lowercased()
    }
}
