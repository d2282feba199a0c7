import GatewireCore

/// A backend whose messages reach it `latency` seconds after the gateway received them, in order: the added latency
/// of a slow gateway or a cold integration (`gatewire mock --latency`). `$connect` and `$disconnect` are not delayed.
struct DelayedBackend: MockBackend {
    let wrapped: any MockBackend
    /// Seconds each message waits.
    let latency: Double

    func handshake(_ request: HandshakeRequest) async -> HandshakeDecision {
        await wrapped.handshake(request)
    }

    func serve(_ connection: MockConnection, messages: AsyncStream<RoutedMessage>) async {
        let (delayed, continuation) = AsyncStream<RoutedMessage>.makeStream()
        let latency = self.latency
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                // Each message waits its latency from when the gateway received it, so a burst is not spread out.
                for await message in messages {
                    let waited = Timestamp.now.microsecondsSinceEpoch - message.time.microsecondsSinceEpoch
                    let remaining = Int64(latency * 1_000_000) - waited
                    if remaining > 0 { try? await Task.sleep(for: .microseconds(remaining)) }
                    continuation.yield(message)
                }
                continuation.finish()
            }
            group.addTask { await wrapped.serve(connection, messages: delayed) }
        }
    }

    func disconnected(_ details: ConnectionDetails, close: CloseInfo) async {
        await wrapped.disconnected(details, close: close)
    }
}
