public import GatewireCore
import GatewireWebSocketSupport
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOWebSocket

/// A local API Gateway WebSocket API: `ws://HOST:PORT/{stage}` with gateway-shaped connection ids and route
/// selection, and the `@connections` management API on the same port.
///
/// Build one with `MockGateway.build(configuration:)`; the CLI and the tests use the same builder. Its session
/// events (connects, messages with their routes, closes, errors) arrive on `events`.
public final class MockGateway: Sendable {
    /// The bound port (the real one when the configuration asked for `0`).
    public let port: Int
    /// The bound address.
    public let host: String
    /// Every session event, in the order each connection saw them.
    public let events: AsyncStream<SessionEvent>

    let configuration: MockGatewayConfiguration
    let registry = ConnectionRegistry()
    private let emitter: EventEmitter
    private let backend: any MockBackend
    private let router: RouteResolver
    private let serverChannel: NIOLockedValueBox<(any Channel)?>
    private let serverTask: NIOLockedValueBox<Task<Void, Never>?>

    private init(
        configuration: MockGatewayConfiguration, router: RouteResolver, port: Int, emitsEvents: Bool,
        group: any EventLoopGroup
    ) {
        self.configuration = configuration
        self.host = configuration.host
        self.port = port
        let (stream, continuation) = AsyncStream<SessionEvent>.makeStream()
        self.events = stream
        self.emitter = EventEmitter(emitsEvents ? continuation : nil)
        if !emitsEvents { continuation.finish() }
        self.router = router
        let chosen: any MockBackend
        switch configuration.backend {
        case .integrations(let settings):
            chosen = IntegrationBackend(
                settings: settings,
                client: IntegrationClient(
                    group: group, timeout: settings.timeout, maxResponseSize: settings.maxResponseSize),
                events: emitter)
        case .replay(let script, let options):
            chosen = RecordingReplayer(script: script, options: options, events: emitter)
        case .echo(let settings):
            chosen = EchoBackend(settings: settings)
        }
        self.backend =
            configuration.latency > 0 ? DelayedBackend(wrapped: chosen, latency: configuration.latency) : chosen
        self.serverChannel = NIOLockedValueBox(nil)
        self.serverTask = NIOLockedValueBox(nil)
    }

    /// Binds the gateway and starts serving.
    ///
    /// - Parameters:
    ///   - configuration: where to listen and what to serve.
    ///   - emitsEvents: `false` when nobody reads `events` (the stream then ends at once and nothing is buffered).
    /// - Throws: `RouteSelectionExpressionError` when the expression does not parse; a channel error when the
    ///   address cannot be bound.
    public static func build(configuration: MockGatewayConfiguration, emitsEvents: Bool = true) async throws
        -> MockGateway
    {
        let router = try RouteResolver(
            expression: configuration.routeSelectionExpression, table: RouteTable(routeKeys: configuration.routeKeys))
        let group = MultiThreadedEventLoopGroup.singleton
        let pendingGateway = NIOLockedValueBox<MockGateway?>(nil)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .bind(host: configuration.host, port: configuration.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    guard let gateway = pendingGateway.withLockedValue({ $0 }) else {
                        throw ChannelError.ioOnClosedChannel
                    }
                    return try gateway.configurePipeline(channel)
                }
            }
        let boundPort = server.channel.localAddress?.port ?? configuration.port
        let gateway = MockGateway(
            configuration: configuration, router: router, port: boundPort, emitsEvents: emitsEvents, group: group)
        pendingGateway.withLockedValue { $0 = gateway }
        gateway.serverChannel.withLockedValue { $0 = server.channel }
        let task = Task { await gateway.serve(server) }
        gateway.serverTask.withLockedValue { $0 = task }
        return gateway
    }

    /// The WebSocket URL of a stage.
    public func url(stage: String) -> String { "ws://\(host):\(port)/\(stage)" }

    /// The `@connections` endpoint of a stage, as SDKs take it (`endpoint_url`).
    public func managementEndpoint(stage: String) -> String { "http://\(host):\(port)/\(stage)" }

    /// How many WebSocket connections are open.
    public var openConnections: Int { get async { await registry.count } }

    /// Closes every connection with 1001 "Going away", stops listening and ends `events`.
    public func shutdown() async {
        for connection in await registry.all {
            await connection.close(code: 1001, reason: "Going away")
        }
        let deadline = ContinuousClock.now + .seconds(2)
        while await registry.count > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let channel = serverChannel.withLockedValue { $0 }
        try? await channel?.close()
        let task = serverTask.withLockedValue { $0 }
        task?.cancel()
        await task?.value
        emitter.finish()
    }

    // MARK: - Serving

    /// What one accepted TCP connection turned into.
    enum ChannelOutcome: Sendable {
        case websocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, AcceptedHandshake, DecoderErrorObserver)
        case http(NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, HTTPAnswer?)
    }

    /// A handshake `$connect` accepted.
    struct AcceptedHandshake: Sendable {
        var details: ConnectionDetails
    }

    /// What `shouldUpgrade` decided, handed to whichever side of the pipeline takes over.
    private struct HandshakeSlot: Sendable {
        var accepted: AcceptedHandshake?
        var rejection: HTTPAnswer?
    }

    /// One pipeline per accepted TCP connection: HTTP/1.1 with a WebSocket upgrader, so the stage endpoint and
    /// `@connections` share the port.
    private func configurePipeline(_ channel: any Channel) throws -> EventLoopFuture<ChannelOutcome> {
        let slot = NIOLockedValueBox(HandshakeSlot())
        let upgrader = NIOTypedWebSocketServerUpgrader<ChannelOutcome>(
            // AWS: a frame above 32 KB closes the connection with 1009; NIO's decoder enforces it and its error
            // handler sends that close.
            maxFrameSize: configuration.limits.maxFrameSize,
            shouldUpgrade: { channel, head in
                channel.eventLoop.makeFutureWithTask {
                    let decision = await self.decideHandshake(head, channel: channel)
                    slot.withLockedValue { $0 = decision.slot }
                    return decision.headers
                }
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    guard let accepted = slot.withLockedValue({ $0.accepted }) else {
                        throw ChannelError.inappropriateOperationForState
                    }
                    let observer = DecoderErrorObserver()
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(
                        observer, position: .before(try pipeline.handler(type: WebSocketProtocolErrorHandler.self)))
                    let asyncChannel = try NIOAsyncChannel<WebSocketFrame, WebSocketFrame>(
                        wrappingChannelSynchronously: channel)
                    return ChannelOutcome.websocket(asyncChannel, accepted, observer)
                }
            })
        return try channel.pipeline.syncOperations.configureUpgradableHTTPServerPipeline(
            configuration: .init(
                upgradeConfiguration: .init(
                    upgraders: [upgrader],
                    notUpgradingCompletionHandler: { channel in
                        channel.eventLoop.makeCompletedFuture {
                            let asyncChannel = try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(
                                wrappingChannelSynchronously: channel)
                            return ChannelOutcome.http(asyncChannel, slot.withLockedValue { $0.rejection })
                        }
                    })))
    }

    private func serve(_ server: NIOAsyncChannel<EventLoopFuture<ChannelOutcome>, Never>) async {
        await withDiscardingTaskGroup { group in
            try? await server.executeThenClose { inbound in
                for try await pendingOutcome in inbound {
                    group.addTask {
                        guard let outcome = try? await pendingOutcome.get() else { return }
                        switch outcome {
                        case .websocket(let channel, let accepted, let decoderErrors):
                            await self.runSession(channel, accepted: accepted, decoderErrors: decoderErrors)
                        case .http(let channel, let rejection):
                            await self.serveHTTP(channel, rejection: rejection)
                        }
                    }
                }
            }
            group.cancelAll()
        }
    }

    // MARK: - Handshake

    private struct HandshakeOutcome {
        var headers: HTTPHeaders?
        var slot: HandshakeSlot
    }

    /// Runs `$connect` while the upgrade is pending ("Until execution of the integration associated with the
    /// $connect route is completed, the upgrade request is pending", AWS).
    private func decideHandshake(_ head: HTTPRequestHead, channel: any Channel) async -> HandshakeOutcome {
        let now = Timestamp.now
        let uriParts = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let rawQuery = uriParts.count > 1 ? String(uriParts[1]) : nil
        let headers = head.headers.map { HTTPHeader(name: $0.name, value: $0.value) }
        guard case .stage(let stage) = StagePath(uri: head.uri, stages: configuration.stages) else {
            // An extra path after the stage, or no stage at all: 403 (reference §2.2). Recorded like any handshake,
            // so a recording shows every client the gateway turned away and why.
            let label = await registry.nextLabel()
            emitter.emit(
                .connect(
                    ConnectEvent(
                        time: now, connection: label,
                        client: channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" },
                        method: "\(head.method)", path: String(uriParts[0]), rawQuery: rawQuery, headers: headers,
                        status: 403)))
            emitter.emit(
                .error(
                    ErrorEvent(
                        time: now, connection: label, side: .client, code: "no-such-stage",
                        message:
                            "403 Forbidden: \(String(uriParts[0])) is not a stage of this API (stages: "
                            + "\(configuration.stages.map { "/" + $0 }.joined(separator: ", "))); a path after the "
                            + "stage is refused too")))
            return HandshakeOutcome(headers: nil, slot: HandshakeSlot(rejection: .forbidden))
        }
        let details = ConnectionDetails(
            id: GatewayIdentifier.makeConnectionID(), label: await registry.nextLabel(), stage: stage,
            apiID: configuration.apiID, domainName: head.headers.first(name: "Host") ?? "\(host):\(port)",
            connectedAt: now, sourceIP: channel.remoteAddress?.ipAddress ?? "127.0.0.1",
            userAgent: head.headers.first(name: "User-Agent"), headers: headers, path: String(uriParts[0]),
            rawQuery: rawQuery, query: rawQuery.map { QueryString($0).decoded(policy: configuration.queryDecoding) })
        let offered = head.headers[canonicalForm: "Sec-WebSocket-Protocol"].map(String.init)
        let decision = await backend.handshake(
            HandshakeRequest(
                details: details, requestID: GatewayIdentifier.make(), offeredSubprotocols: offered, listenPort: port))
        emitter.emit(
            .connect(
                ConnectEvent(
                    time: now, connection: details.label, connectionID: details.id,
                    client: channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" },
                    method: "\(head.method)",
                    path: details.path, rawQuery: rawQuery, query: details.query, headers: headers,
                    subprotocol: decision.subprotocol, status: decision.status)))
        if let error = decision.error {
            emitter.emit(
                .error(
                    ErrorEvent(
                        time: now, connection: details.label, side: .server, code: error.code,
                        message: "$connect integration failed: \(error.message)")))
        }
        guard decision.accepts else {
            var answer = HTTPAnswer(status: decision.status, headers: [:], body: Array(decision.body.utf8))
            if !decision.body.isEmpty { answer.headers["Content-Type"] = "application/json" }
            return HandshakeOutcome(headers: nil, slot: HandshakeSlot(rejection: answer))
        }
        var responseHeaders = HTTPHeaders()
        if let subprotocol = decision.subprotocol {
            responseHeaders.add(name: "Sec-WebSocket-Protocol", value: subprotocol)
        }
        return HandshakeOutcome(
            headers: responseHeaders, slot: HandshakeSlot(accepted: AcceptedHandshake(details: details)))
    }

    // MARK: - WebSocket connections

    private func runSession(
        _ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, accepted: AcceptedHandshake,
        decoderErrors: DecoderErrorObserver
    ) async {
        let details = accepted.details
        let (outbox, outboxContinuation) = AsyncStream<MockConnection.Outbound>.makeStream()
        let (messages, messagesContinuation) = AsyncStream<RoutedMessage>.makeStream()
        let limits = ConnectionStateMachine.Limits(
            maxMessageSize: configuration.limits.maxMessageSize,
            idleTimeout: configuration.enforcesTimeLimits ? configuration.scaledIdleTimeout : nil,
            lifetime: configuration.enforcesTimeLimits ? configuration.scaledLifetime : nil)
        let connection = MockConnection(
            details: details, limits: limits, maxFrameSize: configuration.limits.maxFrameSize, router: router,
            outbox: outboxContinuation, messages: messagesContinuation, events: emitter,
            faultRules: configuration.faults)
        await registry.add(connection)
        await connection.startFaultTimers()
        let closeTimeout = configuration.closeHandshakeTimeout
        let backend = self.backend
        try? await channel.executeThenClose { inbound, outbound in
            await withTaskGroup(of: Void.self) { group in
                let rawChannel = channel.channel
                group.addTask {
                    // The connection's single writer: frames leave in the order the actor queued them.
                    let allocator = rawChannel.allocator
                    for await item in outbox {
                        if case .drop = item {
                            rawChannel.close(promise: nil)
                            return
                        }
                        try? await outbound.write(WebSocketFrame(item, allocator: allocator))
                        if case .close = item {
                            // RFC 6455 §7.1.1: wait a while for the client's close, then drop the TCP connection.
                            rawChannel.eventLoop.scheduleTask(in: .milliseconds(Int64(closeTimeout * 1000))) {
                                rawChannel.close(promise: nil)
                            }
                        }
                    }
                }
                group.addTask { await backend.serve(connection, messages: messages) }
                if limits.idleTimeout != nil || limits.lifetime != nil {
                    group.addTask {
                        while !Task.isCancelled, let deadline = await connection.nextDeadline {
                            let wait = deadline.secondsSinceEpoch - Timestamp.now.secondsSinceEpoch
                            if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000) + 1)) }
                            if Task.isCancelled { return }
                            await connection.checkDeadline()
                        }
                    }
                }
                var endCode: UInt16?
                var endError: String?
                do {
                    for try await wireFrame in inbound {
                        guard let frame = Frame(wireFrame) else {
                            await connection.rejected(.reservedOpcode)
                            continue
                        }
                        await connection.received(frame)
                    }
                } catch let error as NIOWebSocketError {
                    // NIO's error handler already sent the close frame for these, with the same close code.
                    let violation = FrameHeaderViolation(error)
                    (endCode, endError) = (violation.closeCode, violation.code)
                } catch {
                    endError = nil
                }
                // The decoder's error, when NIO closed the channel before the stream could throw it.
                if endError == nil, let error = decoderErrors.error {
                    let violation = FrameHeaderViolation(error)
                    (endCode, endError) = (violation.closeCode, violation.code)
                }
                await connection.transportEnded(closeCode: endCode, error: endError)
                group.cancelAll()
            }
        }
        await registry.remove(details.id)
        let closeInfo = await connection.closeInfo ?? CloseInfo(code: 1006, initiator: nil)
        await backend.disconnected(details, close: closeInfo)
    }

    // MARK: - Plain HTTP: @connections and refused handshakes

    private func serveHTTP(
        _ channel: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, rejection: HTTPAnswer?
    ) async {
        let controller = ConnectionsController(registry: registry, maxPostSize: configuration.limits.maxMessageSize)
        // Bodies are kept up to the post limit; beyond it only their size matters (the answer is 413).
        let maxBody = configuration.limits.maxMessageSize
        try? await channel.executeThenClose { inbound, outbound in
            if let rejection {
                // NIO's upgrade handler consumed the refused upgrade request, so answer it without reading.
                try await write(rejection, version: .http1_1, keepAlive: false, to: outbound)
                return
            }
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            var bodySize = 0
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body = []
                    bodySize = 0
                case .body(let buffer):
                    bodySize += buffer.readableBytes
                    if body.count < maxBody { body += buffer.readableBytesView.prefix(maxBody - body.count) }
                case .end:
                    guard let requestHead = head else { continue }
                    let answer: HTTPAnswer
                    switch StagePath(uri: requestHead.uri, stages: configuration.stages) {
                    case .connection(let stage, let id):
                        answer = await controller.respond(
                            method: requestHead.method.rawValue, stage: stage, id: id, body: body, bodySize: bodySize)
                    case .fault(let stage, let id):
                        answer = await controller.injectFault(
                            method: requestHead.method.rawValue, stage: stage, id: id, body: body)
                    default:
                        answer = .forbidden
                    }
                    let keepAlive = requestHead.isKeepAlive
                    try await write(answer, version: requestHead.version, keepAlive: keepAlive, to: outbound)
                    if !keepAlive { return }
                    head = nil
                }
            }
        }
    }

    private func write(
        _ answer: HTTPAnswer, version: HTTPVersion, keepAlive: Bool,
        to outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>
    ) async throws {
        var headers = HTTPHeaders()
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        headers.add(name: "Content-Length", value: String(answer.body.count))
        headers.add(name: "x-amzn-RequestId", value: GatewayIdentifier.make())
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(
            version: version, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        try await outbound.write(.head(head))
        if !answer.body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: answer.body)))) }
        try await outbound.write(.end(nil))
    }
}
