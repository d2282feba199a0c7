import GatewireCore

/// Builders for the session events the diagnosis tests feed, timed in seconds after a fixed start.
enum DiagnosisFixtures {
    /// 2024-08-01T19:37:55Z plus a number of seconds.
    static func time(_ seconds: Double = 0) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: 1_722_541_075_000_000 + Int64(seconds * 1_000_000))
    }

    /// The geoprocessing seed's browser subscription: a raw `+00:00` in the key.
    static let browserQuery =
        "serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19:37:55.612063+00:00&fromClient=true"
    /// The task handler's copy of the same key: encoded, and cut off inside the offset.
    static let workerQuery = "serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A"
    /// The same key sent correctly: every value encoded exactly once.
    static let correctQuery = "serviceName=boundaryAreaOverlap&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A00"
    /// A whole query encoded as one value, as `encodeURIComponent("serviceName=…&cacheKey=…")` makes it.
    static let wholeEncodedQuery =
        "serviceName%3DboundaryAreaOverlap%26cacheKey%3D35354-2024-08-01T19%3A37%3A55.612063%2B00%3A00"

    /// The chat seed's API: `$request.body.action` with `setName`, `sendPublic`, `sendPrivate` and `$default`.
    static let chat = RouteConfiguration(
        expression: "$request.body.action",
        routeKeys: ["$connect", "$disconnect", "setName", "sendPublic", "sendPrivate", "$default"], stages: ["prod"])

    static func connect(
        _ label: String, query: String? = nil, path: String = "/prod", status: Int? = 101, at seconds: Double = 0,
        id: String? = nil
    ) -> SessionEvent {
        .connect(
            ConnectEvent(
                time: time(seconds), connection: label, connectionID: id.map(ConnectionID.init(rawValue:)), path: path,
                rawQuery: query, status: status))
    }

    static func clientText(_ label: String, _ text: String, at seconds: Double = 0) -> SessionEvent {
        .message(MessageEvent(time: time(seconds), connection: label, direction: .client, text: text))
    }

    static func serverText(_ label: String, _ text: String, at seconds: Double = 0) -> SessionEvent {
        .message(MessageEvent(time: time(seconds), connection: label, direction: .server, text: text))
    }

    static func clientBinary(_ label: String, bytes: Int = 4, at seconds: Double = 0) -> SessionEvent {
        .message(
            MessageEvent(
                time: time(seconds), connection: label, direction: .client, opcode: .binary,
                payload: Array(repeating: 7, count: bytes), largestFrameSize: bytes))
    }

    /// A client text message of `size` bytes sent in frames of at most `frameSize` bytes.
    static func clientLarge(_ label: String, size: Int, frameSize: Int, at seconds: Double = 0) -> SessionEvent {
        .message(
            MessageEvent(
                time: time(seconds), connection: label, direction: .client, opcode: .text,
                payload: Array(repeating: UInt8(ascii: "a"), count: size),
                frameCount: (size + frameSize - 1) / frameSize, largestFrameSize: min(size, frameSize)))
    }

    /// A close frame from one side, or (`from: nil`) the transport ending without one.
    static func close(_ label: String, code: UInt16? = 1000, from side: Direction? = .client, at seconds: Double = 0)
        -> SessionEvent
    {
        .close(
            CloseEvent(
                time: time(seconds), connection: label, direction: side,
                info: CloseInfo(code: side == nil ? nil : code, initiator: side)))
    }

    /// Diagnoses one input's events.
    static func diagnose(
        _ events: [SessionEvent], routes: RouteConfiguration? = nil, keys: [String] = [],
        source: RecordingSource = .proxy
    ) throws -> DiagnosisReport {
        try SessionDiagnoser.diagnose(
            [DiagnosisInput(name: "session.jsonl", source: source, routes: routes, events: events)],
            configuration: DiagnosisConfiguration(keyParameters: keys))
    }
}
