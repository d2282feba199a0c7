import GatewireCore

/// Events and headers of every shape a recording holds, shared by the recording tests.
enum RecordingSamples {
    /// 2024-08-01T19:37:55.612063Z plus a number of milliseconds.
    static func time(_ milliseconds: Int64 = 0) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: 1_722_541_075_612_063 + milliseconds * 1000)
    }

    static let header = RecordingHeader(
        creator: .init(name: "gatewire", version: "0.1.0"), startedAt: time(), source: .proxy,
        api: .init(
            expression: "$request.body.action", expressionAssumed: true,
            routeKeys: ["$connect", "$disconnect", "$default", "sendmessage"], stage: "production"))

    static let bareHeader = RecordingHeader(
        creator: .init(name: "gatewire", version: "0.1.0"), startedAt: time(), source: .capture)

    static let connect = SessionEvent.connect(
        ConnectEvent(
            time: time(1), connection: "c1", connectionID: ConnectionID(rawValue: "R1kmxc2VNjMCFIA="),
            client: "127.0.0.1:50312", upstream: "abc123.execute-api.eu-west-1.amazonaws.com:443",
            path: "/production", rawQuery: "cacheKey=2024-08-01T19:37:55+00:00&fromClient=true",
            query: DecodedQuery(
                queryStringParameters: ["cacheKey": "2024-08-01T19:37:55 00:00", "fromClient": "true"],
                multiValueQueryStringParameters: ["cacheKey": ["2024-08-01T19:37:55 00:00"], "fromClient": ["true"]]),
            headers: [
                HTTPHeader(name: "Host", value: "abc123.execute-api.eu-west-1.amazonaws.com"),
                HTTPHeader(name: "Sec-WebSocket-Protocol", value: "chat"),
                HTTPHeader(name: "X-Dup", value: "1"), HTTPHeader(name: "x-dup", value: "2"),
            ],
            subprotocol: "chat", status: 101,
            findings: [
                Finding(
                    code: "plus-decodes-to-space", severity: .warning,
                    message: "'+' in cacheKey decodes to a space.", parameter: "cacheKey", raw: "+00:00",
                    decoded: " 00:00", fix: "Encode '+' as %2B.")
            ]))

    static let rejectedConnect = SessionEvent.connect(
        ConnectEvent(time: time(2), connection: "c2", path: "/production/extra", status: nil))

    static let routedText = SessionEvent.message(
        MessageEvent(
            time: time(3), connection: "c1", direction: .client, opcode: .text,
            payload: Array("{\"action\":\"$sendPublic\",\"text\":\"héllo 👋 a/b \u{0}\u{1F}\"}".utf8),
            frameCount: 1, largestFrameSize: 52,
            resolution: RouteResolution(
                outcome: .fellToDefault, reason: .noSuchKey, expression: "$request.body.action",
                expressionAssumed: true, value: "$sendPublic", routeKey: "$default",
                explanation: "No route key equals '$sendPublic', so $default handles it.",
                hints: [NearMissHint(kind: .leadingDollar, routeKey: "sendPublic", message: "Drop the leading $.")]),
            findings: [Finding(code: "leading-dollar", severity: .warning, message: "The value starts with $.")]))

    static let binary = SessionEvent.message(
        MessageEvent(
            time: time(4), connection: "c1", direction: .server, opcode: .binary, payload: Array(0...255),
            largestFrameSize: 256))

    static let invalidUTF8Text = SessionEvent.message(
        MessageEvent(
            time: time(5), connection: "c1", direction: .client, opcode: .text, payload: [0x68, 0xC3, 0x28, 0xFF],
            largestFrameSize: 4))

    static let fragmentedCompressed = SessionEvent.message(
        MessageEvent(
            time: time(6), connection: "c1", direction: .server, opcode: .text,
            payload: Array("line one\nline two\ttabbed\r\n".utf8), frameCount: 3, largestFrameSize: 11,
            compressed: true))

    static let fromHAR = SessionEvent.message(
        MessageEvent(time: time(7), connection: "c1", direction: .server, text: ""))

    static let ping = SessionEvent.control(
        ControlEvent(
            time: time(8), connection: "c1", direction: .client, opcode: .ping, payload: Array("keepalive".utf8)))

    static let binaryPong = SessionEvent.control(
        ControlEvent(time: time(9), connection: "c1", direction: .server, opcode: .pong, payload: [0x00, 0xFE, 0x80]))

    static let close = SessionEvent.close(
        CloseEvent(
            time: time(10), connection: "c1", direction: .client,
            info: CloseInfo(code: 1000, reason: "au revoir ✌︎", initiator: .client)))

    static let closeWithoutFrame = SessionEvent.close(
        CloseEvent(time: time(11), connection: "c2", direction: nil, info: CloseInfo(code: nil, initiator: nil)))

    static let violation = SessionEvent.error(
        ErrorEvent(
            time: time(12), connection: "c1", side: .client, code: "unexpected-continuation",
            message: "A continuation frame arrived with no message started.", closeCode: 1002))

    static let upstreamFailure = SessionEvent.error(
        ErrorEvent(time: time(13), connection: nil, code: "upstream-unreachable", message: "Connection refused."))

    /// Every sample, in a plausible order.
    static let all: [SessionEvent] = [
        connect, rejectedConnect, routedText, binary, invalidUTF8Text, fragmentedCompressed, fromHAR, ping,
        binaryPong, close, closeWithoutFrame, violation, upstreamFailure,
    ]

    /// The samples with a name each, for parameterized tests.
    static let named: [(String, SessionEvent)] = [
        ("connect", connect), ("rejected connect", rejectedConnect), ("routed text", routedText),
        ("binary", binary), ("invalid UTF-8 text", invalidUTF8Text), ("fragmented compressed", fragmentedCompressed),
        ("HAR message", fromHAR), ("ping", ping), ("binary pong", binaryPong), ("close", close),
        ("close without frame", closeWithoutFrame), ("violation", violation), ("upstream failure", upstreamFailure),
    ]

    /// A recording of `events` as the writer writes it.
    static func written(_ events: [SessionEvent] = all, header: RecordingHeader = header) throws -> [UInt8] {
        var writer = try RecordingWriter(output: InMemoryRecordingOutput(), header: header)
        try writer.write(contentsOf: events)
        return Array(writer.output.data)
    }
}
