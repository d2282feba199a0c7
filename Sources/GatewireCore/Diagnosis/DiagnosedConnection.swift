/// One connection a diagnosis points at: which input it came from, its label there, its gateway id and when it
/// connected, so a reader can find it in `gatewire inspect` output.
///
/// Labels (`c1`, `c2`, …) are only unique within one input, so with several inputs ``name`` carries the input too.
public struct DiagnosedConnection: Codable, Hashable, Sendable {
    /// The input (file) the connection was read from, as named on the command line.
    public var input: String
    /// The connection's label within its input (`c1`).
    public var connection: String
    /// The gateway-style connection id, when the source knew it.
    public var connectionID: ConnectionID?
    /// When the handshake was seen (or the connection's first event, when its handshake is not in the input).
    public var time: Timestamp
    /// How reports name it: the label alone for one input, `input:label` for several.
    public var name: String

    /// Creates a connection reference named by its label.
    public init(input: String, connection: String, connectionID: ConnectionID? = nil, time: Timestamp) {
        self.input = input
        self.connection = connection
        self.connectionID = connectionID
        self.time = time
        self.name = connection
    }

    private enum CodingKeys: String, CodingKey {
        case input, connection, connectionID = "connectionId", time, name
    }
}
