/// Which peer sent a frame or message.
///
/// Raw values are the recording format's `from` field.
public enum Direction: String, Codable, Hashable, Sendable, CaseIterable {
    /// From the WebSocket client towards the gateway or backend.
    case client
    /// From the gateway or backend towards the client.
    case server

    /// The other peer.
    public var opposite: Direction { self == .client ? .server : .client }
}
