import GatewireCore

/// Answers connections from a recording: each live connection is matched to a recorded one (same path and
/// query first, then recorded order), waits for each recorded client message, reports what the live client did
/// differently, and sends the recorded server messages with their original spacing.
struct RecordingReplayer: MockBackend {
    let script: ReplayScript
    let options: ReplayOptions
    let events: EventEmitter
    let claims = ReplayClaims()

    func handshake(_ request: HandshakeRequest) async -> HandshakeDecision {
        let details = request.details
        guard
            let index = await claims.claim(
                script: script, path: details.path, rawQuery: details.rawQuery,
                connectionID: details.id, repeats: options.repeats)
        else {
            events.emit(
                .error(
                    ErrorEvent(
                        time: .now, connection: details.label, side: .client, code: "replay-exhausted",
                        message: "No recorded connection is left to replay for \(details.path); refused with 403.")))
            return HandshakeDecision(status: 403, subprotocol: nil, body: #"{"message":"Forbidden"}"#, error: nil)
        }
        let recorded = script.connections[index]
        if recorded.path != details.path || recorded.rawQuery != details.rawQuery {
            events.emit(
                .error(
                    ErrorEvent(
                        time: .now, connection: details.label, side: .client, code: "replay-mismatch",
                        message: "Handshake differs from recorded connection \(recorded.label):\n"
                            + "  expected: \(recorded.path)\(recorded.rawQuery.map { "?" + $0 } ?? "")\n"
                            + "  received: \(details.path)\(details.rawQuery.map { "?" + $0 } ?? "")")))
        }
        guard recorded.status == 101 else {
            return HandshakeDecision(status: recorded.status, subprotocol: nil, body: "", error: nil)
        }
        return .accept(subprotocol: recorded.subprotocol)
    }

    func serve(_ connection: MockConnection, messages: AsyncStream<RoutedMessage>) async {
        let details = connection.details
        guard let index = await claims.index(of: details.id) else { return }
        let recorded = script.connections[index]
        var live = messages.makeAsyncIterator()
        var expectedIndex = 0
        for step in recorded.steps {
            switch step {
            case .client(let opcode, let payload, _):
                expectedIndex += 1
                guard let message = await live.next() else {
                    // A recorded binary message the gateway closed the connection for (1003, reference §1.4) never
                    // reaches a backend, the replayer included: the gateway has already replayed that step.
                    if opcode == .binary, await connection.closeInfo?.code == 1003 { return }
                    report(
                        details, "replay-missing-message",
                        "Client message \(expectedIndex) of \(recorded.label) never came (the client closed or waited):\n"
                            + "  expected: \(String(decoding: payload, as: UTF8.self))")
                    return
                }
                if let diff = MessageDiff.compare(
                    expected: (opcode, payload), actual: (message.opcode, message.payload))
                {
                    report(
                        details, "replay-mismatch",
                        "Client message \(expectedIndex) differs from recorded connection \(recorded.label):\n\(diff)")
                    if options.strict {
                        // RFC 6455 §7.4.1: 1008, a message that violates the endpoint's policy.
                        await connection.close(code: 1008, reason: "Message differs from the recording")
                        return
                    }
                }
            case .server(let opcode, let payload, let delay):
                await pause(options.wait(delay))
                guard await connection.send(opcode: opcode, payload: payload) else { return }
            case .serverClose(let code, let reason, let delay):
                await pause(options.wait(delay))
                await connection.close(code: code ?? 1000, reason: reason)
                return
            case .clientClose:
                // The client is expected to close now; anything it still sends is not in the recording.
                break
            }
        }
        while let extra = await live.next() {
            report(
                details, "replay-unexpected-message",
                "Client sent a message the recording of \(recorded.label) does not have:\n"
                    + "  received: \(String(decoding: extra.payload, as: UTF8.self))")
            if options.strict {
                await connection.close(code: 1008, reason: "Message not in the recording")
                return
            }
        }
    }

    func disconnected(_ details: ConnectionDetails, close: CloseInfo) async {}

    private func report(_ details: ConnectionDetails, _ code: String, _ message: String) {
        events.emit(
            .error(ErrorEvent(time: .now, connection: details.label, side: .client, code: code, message: message)))
    }

    private func pause(_ seconds: Double) async {
        guard seconds > 0 else { return }
        try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
    }
}

/// Which recorded connection each live connection replays; a recorded connection is used once.
actor ReplayClaims {
    private var claimed: Set<Int> = []
    private var byConnection: [ConnectionID: Int] = [:]

    /// Claims the first unused recorded connection with the same path and query, else the next unused one; with
    /// `repeats`, a fully used recording starts over.
    func claim(script: ReplayScript, path: String, rawQuery: String?, connectionID: ConnectionID, repeats: Bool)
        -> Int?
    {
        if repeats, !script.connections.isEmpty, claimed.count >= script.connections.count { claimed.removeAll() }
        let unused = script.connections.indices.filter { !claimed.contains($0) }
        guard
            let index = unused.first(where: {
                script.connections[$0].path == path && script.connections[$0].rawQuery == rawQuery
            }) ?? unused.first
        else { return nil }
        claimed.insert(index)
        byConnection[connectionID] = index
        return index
    }

    /// The recorded connection a live one replays; the entry is removed, since it is asked once per connection.
    func index(of connectionID: ConnectionID) -> Int? { byConnection.removeValue(forKey: connectionID) }
}
