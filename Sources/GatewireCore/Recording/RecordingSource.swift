/// Where the traffic in a recording came from, as the header's `source` field says.
///
/// An open set of names rather than an enum, so that a recording made by a newer Gatewire with a new kind of
/// source still reads.
public struct RecordingSource: RawRepresentable, Hashable, Sendable, Codable {
    public var rawValue: String

    /// Wraps any source name.
    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// Traffic relayed live by `gatewire proxy`.
    public static let proxy = RecordingSource(rawValue: "proxy")
    /// Traffic decoded from a packet capture (pcap file or live interface).
    public static let capture = RecordingSource(rawValue: "capture")
    /// Traffic converted from a HAR file's `_webSocketMessages`.
    public static let har = RecordingSource(rawValue: "har")
    /// Traffic seen by the mock gateway.
    public static let mock = RecordingSource(rawValue: "mock")

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension RecordingSource: CustomStringConvertible {
    public var description: String { rawValue }
}
