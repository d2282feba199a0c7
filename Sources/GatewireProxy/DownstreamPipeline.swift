import GatewireCore
import NIOCore
import NIOHTTP1
import NIOSSL
import NIOWebSocket

/// Builds the pipeline for one accepted client connection: optional TLS, HTTP with NIO's WebSocket server upgrader,
/// and the rejection handler. The upgrader's `shouldUpgrade` opens the upstream first and completes the client's
/// upgrade only after the upstream's 101, returning the upstream's chosen subprotocol; on success the relay
/// replaces the HTTP handlers.
enum DownstreamPipeline {
    /// Headers of the upstream's 101 that are not passed to the client: NIO writes its own `Upgrade`, `Connection`
    /// and `Sec-WebSocket-Accept`, and no extension is relayed (see `UpstreamConnector.withheldRequestHeaders`).
    static let withheld101Headers: Set<String> = [
        "connection", "upgrade", "sec-websocket-accept", "sec-websocket-extensions", "content-length",
        "transfer-encoding", "keep-alive",
    ]

    /// Configures a freshly accepted channel; runs on its event loop.
    static func configure(_ channel: any Channel, runtime: ProxyRuntime) throws {
        let sync = channel.pipeline.syncOperations
        if let tls = runtime.listenerTLSContext {
            try sync.addHandler(NIOSSLServerHandler(context: tls))
        }
        let connection = runtime.makeConnection(clientAddress: channel.remoteAddress.map(Self.describe))
        let loopBound = NIOLoopBound(connection, eventLoop: channel.eventLoop)
        let deadline = NIODeadline.now() + runtime.handshakeTimeout
        // Set once a handshake reaches the upgrader; from then on the upstream connector keeps the deadline.
        let handshakeStarted = NIOLoopBoundBox(false, eventLoop: channel.eventLoop)
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
            guard !handshakeStarted.value, !loopBound.value.relaying else { return }
            loopBound.value.error(
                side: .client, code: "handshake-timeout",
                message: "no WebSocket handshake within \(runtime.configuration.handshakeTimeout) s; connection closed")
            channel.close(promise: nil)
        }
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: runtime.configuration.maxFrameSize, automaticErrorHandling: false,
            shouldUpgrade: { channel, request in
                handshakeStarted.value = true
                return shouldUpgrade(
                    channel: channel, request: request, deadline: deadline, connection: loopBound, runtime: runtime)
            },
            upgradePipelineHandler: { channel, _ in
                timer.cancel()
                return channel.eventLoop.makeCompletedFuture {
                    try relay(channel: channel, connection: loopBound.value, runtime: runtime)
                }
            })
        try sync.configureHTTPServerPipeline(
            withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }), withErrorHandling: true)
        try sync.addHandler(
            HandshakeRejectionHandler(connection: connection, upstream: runtime.configuration.upstream.description))
        channel.closeFuture.whenComplete { _ in
            timer.cancel()
            let connection = loopBound.value
            // The client left before its upgrade completed: the upstream it was waiting for goes too.
            if let pending = connection.pendingUpstream {
                connection.pendingUpstream = nil
                pending.channel.close(promise: nil)
            }
            connection.sideClosed(.client)
        }
    }

    private static func shouldUpgrade(
        channel: any Channel, request: HTTPRequestHead, deadline: NIODeadline,
        connection: NIOLoopBound<ProxyConnection>, runtime: ProxyRuntime
    ) -> EventLoopFuture<HTTPHeaders?> {
        let started = connection.value.now
        connection.value.connectedAt = started
        connection.value.userAgent = request.headers.first(name: "User-Agent")
        let answer = channel.eventLoop.makePromise(of: HTTPHeaders?.self)
        runtime.connector.connect(
            forwarding: request, on: channel.eventLoop, connection: connection, deadline: deadline
        )
        .whenComplete { result in
            answer.succeed(
                decide(result, request: request, started: started, connection: connection.value, runtime: runtime))
        }
        return answer.futureResult
    }

    /// Turns the upstream's answer into the client's: the headers for a 101, or `nil` with a rejection stored.
    private static func decide(
        _ result: Result<UpstreamHandshake, any Error>, request: HTTPRequestHead, started: Timestamp,
        connection proxyConnection: ProxyConnection, runtime: ProxyRuntime
    ) -> HTTPHeaders? {
        switch result {
        case .success(.upgraded(let upstream, let response, let relay)):
            proxyConnection.pendingUpstream = (upstream, relay.value)
            let subprotocol = response.headers.first(name: "Sec-WebSocket-Protocol")
            emitConnect(
                proxyConnection, request: request, time: started, status: 101, subprotocol: subprotocol,
                runtime: runtime)
            return HTTPHeaders(
                response.headers.filter { !withheld101Headers.contains($0.name.lowercased()) })
        case .success(.rejected(let response, let body)):
            proxyConnection.rejection = HandshakeRejection(mirroring: response, body: body)
            emitConnect(
                proxyConnection, request: request, time: started, status: Int(response.status.code),
                subprotocol: nil, runtime: runtime)
            proxyConnection.error(
                side: .server, code: "upstream-rejected-handshake",
                message: "upstream answered the handshake with \(response.status.code) "
                    + "\(response.status.reasonPhrase); the client gets the same response")
            return nil
        case .failure(let error as UpstreamFailure) where error.passedHandshakeDeadline:
            // The client's handshake time ran out while the upstream was still connecting or answering: the
            // upstream connection is closed (by the connector) and the client gets 504, a gateway timeout.
            proxyConnection.rejection = HandshakeRejection(
                status: .gatewayTimeout, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]),
                body: ByteBuffer(
                    string: "gatewire proxy: upstream \(runtime.configuration.upstream) did not answer the handshake "
                        + "within the proxy's handshake timeout (\(runtime.configuration.handshakeTimeout) s)\n"))
            emitConnect(
                proxyConnection, request: request, time: started, status: 504, subprotocol: nil, runtime: runtime)
            proxyConnection.error(side: .server, code: "handshake-timeout", message: "\(error)")
            return nil
        case .failure(let error):
            // An unreachable upstream looks to the client as the gateway itself does when $connect fails
            // with an exception: 502.
            proxyConnection.rejection = HandshakeRejection(
                status: .badGateway, headers: HTTPHeaders([("Content-Type", "text/plain; charset=utf-8")]),
                body: ByteBuffer(string: "gatewire proxy: upstream \(runtime.configuration.upstream): \(error)\n"))
            emitConnect(
                proxyConnection, request: request, time: started, status: 502, subprotocol: nil,
                runtime: runtime)
            proxyConnection.error(
                side: .server, code: "upstream-unreachable", message: "\(error)")
            return nil
        }
    }

    private static func relay(channel: any Channel, connection: ProxyConnection, runtime: ProxyRuntime) throws {
        let sync = channel.pipeline.syncOperations
        let rejection = try sync.handler(type: HandshakeRejectionHandler.self)
        sync.removeHandler(context: try sync.context(handler: rejection), promise: nil)
        guard let upstream = connection.pendingUpstream else {
            channel.close(promise: nil)
            return
        }
        connection.pendingUpstream = nil
        connection.relaying = true
        let relay = FrameRelayHandler(
            side: .client, connection: connection, closeTimeout: runtime.closeTimeout)
        try sync.addHandler(relay)
        runtime.register(
            connection.label, client: channel, upstream: upstream.channel,
            handle: ConnectionHandle(
                connection: connection, client: relay, upstream: upstream.relay, eventLoop: channel.eventLoop))
        FrameRelayHandler.join(relay, upstream.relay)
    }

    private static func emitConnect(
        _ connection: ProxyConnection, request: HTTPRequestHead, time: Timestamp, status: Int, subprotocol: String?,
        runtime: ProxyRuntime
    ) {
        let target = request.uri
        let questionMark = target.firstIndex(of: "?")
        let path = questionMark.map { String(target[..<$0]) } ?? target
        let rawQuery = questionMark.map { String(target[target.index(after: $0)...]) }
        connection.emit(
            .connect(
                ConnectEvent(
                    time: time, connection: connection.label, client: connection.clientAddress,
                    upstream: runtime.configuration.upstream.description, method: request.method.rawValue,
                    path: path, rawQuery: rawQuery,
                    headers: request.headers.map { HTTPHeader(name: $0.name, value: $0.value) },
                    subprotocol: subprotocol, status: status)))
    }

    /// `host:port` for an address, with brackets for IPv6.
    static func describe(_ address: SocketAddress) -> String {
        let host = address.ipAddress ?? "?"
        let port = address.port ?? 0
        return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
