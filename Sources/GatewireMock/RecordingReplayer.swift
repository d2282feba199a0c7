import GatewireCore

/// Answers connections from a recording (placeholder until the replay script lands).
struct RecordingReplayer: MockBackend {
    let script: ReplayScript
    let options: ReplayOptions
    let events: EventEmitter

    func handshake(_ request: HandshakeRequest) async -> HandshakeDecision { .accept() }
    func serve(_ connection: MockConnection, messages: AsyncStream<RoutedMessage>) async {}
    func disconnected(_ details: ConnectionDetails, close: CloseInfo) async {}
}

/// A recording prepared for replay.
public struct ReplayScript: Sendable {}
/// How a replay behaves.
public struct ReplayOptions: Sendable {}
