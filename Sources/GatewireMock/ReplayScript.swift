public import GatewireCore

/// A recording turned into what each connection must do when replayed: which client messages to expect, which
/// server messages to send and after how long, and how the connection ends.
///
/// Built from a recording's events (any source: proxy, capture, HAR); pings and errors are not replayed.
public struct ReplayScript: Sendable, Hashable {
    /// One step of a recorded connection, in recorded order.
    public enum Step: Sendable, Hashable {
        /// The client sent this message.
        case client(opcode: Opcode, payload: [UInt8], delay: Double)
        /// The server sent this message `delay` seconds after the previous step.
        case server(opcode: Opcode, payload: [UInt8], delay: Double)
        /// The server (or gateway) closed the connection with this code.
        case serverClose(code: UInt16?, reason: String, delay: Double)
        /// The client closed the connection with this code.
        case clientClose(code: UInt16?, reason: String, delay: Double)
    }

    /// One recorded connection.
    public struct Connection: Sendable, Hashable {
        /// The recording's label (`c1`, …).
        public var label: String
        /// The handshake path as sent.
        public var path: String
        /// The raw query as sent, without `?`.
        public var rawQuery: String?
        /// The handshake's status: 101, or the rejection the server gave.
        public var status: Int
        /// The subprotocol the server selected.
        public var subprotocol: String?
        /// Seconds after the first recorded connection opened.
        public var startOffset: Double
        public var steps: [Step]

        /// Creates a recorded connection.
        public init(
            label: String, path: String, rawQuery: String?, status: Int = 101, subprotocol: String? = nil,
            startOffset: Double = 0, steps: [Step]
        ) {
            self.label = label
            self.path = path
            self.rawQuery = rawQuery
            self.status = status
            self.subprotocol = subprotocol
            self.startOffset = startOffset
            self.steps = steps
        }

        /// The stage the path names (its first segment).
        public var stage: String? { path.split(separator: "/").first.map(String.init) }
    }

    /// The connections in the order they opened.
    public var connections: [Connection]

    /// Creates a script from its connections.
    public init(connections: [Connection]) {
        self.connections = connections
    }

    /// Whose side of a proxied session a script replays, which matters only where Gatewire intervened (a message
    /// it dropped, held, rewrote or injected; see `Intervention`).
    public enum Perspective: Sendable, Hashable {
        /// As the client saw it (`gatewire replay` serving clients): the client sends what it sent, dropped
        /// messages included, and receives what reached it, injected messages included.
        case client
        /// As the backend saw it (`gatewire replay --client`): the backend receives what reached it, rewrites and
        /// injected messages included, and sends what it sent, messages Gatewire dropped on their way included.
        case backend
    }

    /// Builds the script of every connection in a stream of session events.
    ///
    /// - Parameter perspective: whose side the script plays where Gatewire intervened; without interventions both
    ///   are the same.
    public init(events: [SessionEvent], perspective: Perspective = .client) {
        var order: [String] = []
        var built: [String: Connection] = [:]
        var lastTime: [String: Timestamp] = [:]
        var closed: Set<String> = []
        let firstConnect = events.lazy.compactMap { if case .connect(let event) = $0 { event.time } else { nil } }.first
        for event in events {
            guard let label = event.connection else { continue }
            let delay = lastTime[label].map { max(0, event.time.secondsSinceEpoch - $0.secondsSinceEpoch) } ?? 0
            switch event {
            case .connect(let connect):
                guard built[label] == nil else { continue }
                order.append(label)
                built[label] = Connection(
                    label: label, path: connect.path, rawQuery: connect.rawQuery, status: connect.status ?? 101,
                    subprotocol: connect.subprotocol,
                    startOffset: firstConnect.map { max(0, connect.time.secondsSinceEpoch - $0.secondsSinceEpoch) }
                        ?? 0,
                    steps: [])
            case .message(let message):
                guard built[label] != nil, !closed.contains(label),
                    Self.plays(message, from: perspective)
                else { continue }
                built[label]?.steps.append(
                    message.direction == .client
                        ? .client(opcode: message.opcode, payload: message.payload, delay: delay)
                        : .server(opcode: message.opcode, payload: message.payload, delay: delay))
            case .close(let close):
                // Only the first close frame says who ended the connection; the echo adds nothing to replay.
                guard built[label] != nil, closed.insert(label).inserted else { continue }
                let sender = close.direction ?? close.info.initiator ?? .client
                built[label]?.steps.append(
                    sender == .server
                        ? .serverClose(code: close.info.code, reason: close.info.reason, delay: delay)
                        : .clientClose(code: close.info.code, reason: close.info.reason, delay: delay))
            case .control, .error:
                continue
            }
            lastTime[label] = event.time
        }
        self.connections = order.compactMap { built[$0] }
    }

    /// Whether a message is part of the script from `perspective`: what that side sent is what its peer sent
    /// originally (not Gatewire's copies and edits); what it received is what was sent on to it.
    private static func plays(_ message: MessageEvent, from perspective: Perspective) -> Bool {
        guard let intervention = message.intervention else { return true }
        let sentBySide = perspective == .client ? message.direction == .client : message.direction == .server
        if sentBySide {
            return intervention.kind != .injected && intervention.kind != .released
        }
        return intervention.wasSentOn
    }

    /// Stages the recorded paths name, in order of first use.
    public var stages: [String] {
        var seen: [String] = []
        for stage in connections.compactMap(\.stage) where !seen.contains(stage) { seen.append(stage) }
        return seen
    }
}

/// How a replay behaves.
public struct ReplayOptions: Sendable, Hashable {
    /// How much faster than recorded to send server messages; `nil` sends as fast as possible.
    public var speed: Double?
    /// Whether a client that deviates from the recording is closed with 1008 (policy violation).
    public var strict: Bool
    /// Whether the recording serves any number of clients: once every recorded connection is in use, matching
    /// starts over (otherwise a further client is refused with 403).
    public var repeats: Bool

    /// Creates replay options; by default the original spacing, deviations reported but tolerated, and each
    /// recorded connection replayed once.
    public init(speed: Double? = 1, strict: Bool = false, repeats: Bool = false) {
        self.speed = speed
        self.strict = strict
        self.repeats = repeats
    }

    /// The real wait for a recorded delay.
    func wait(_ delay: Double) -> Double {
        guard let speed, speed > 0 else { return 0 }
        return delay / speed
    }
}
