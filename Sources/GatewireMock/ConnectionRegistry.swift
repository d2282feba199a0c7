import GatewireCore

/// The gateway's table of open connections, shared by the WebSocket side and the `@connections` API.
actor ConnectionRegistry {
    private var connections: [ConnectionID: MockConnection] = [:]
    private var labelCounter = 0

    /// The next connection label (`c1`, `c2`, …).
    func nextLabel() -> String {
        labelCounter += 1
        return "c\(labelCounter)"
    }

    func add(_ connection: MockConnection) {
        connections[connection.details.id] = connection
    }

    func remove(_ id: ConnectionID) {
        connections[id] = nil
    }

    func connection(_ id: ConnectionID) -> MockConnection? {
        connections[id]
    }

    /// Every open connection.
    var all: [MockConnection] { Array(connections.values) }

    /// How many connections are open.
    var count: Int { connections.count }
}
