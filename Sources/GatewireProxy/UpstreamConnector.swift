import Foundation
import GatewireCore
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// Opens the upstream connection for one client: TCP (and TLS with SNI for `wss`), then the WebSocket handshake
/// with the client's request target byte for byte, on the client channel's event loop so the two channels of a
/// relay never cross threads.
struct UpstreamConnector: Sendable {
    let endpoint: UpstreamEndpoint
    let tlsContext: NIOSSLContext?
    let maxFrameSize: Int
    let timeout: TimeAmount
    let closeTimeout: TimeAmount
    let writeBufferWaterMark: ChannelOptions.Types.WriteBufferWaterMark

    /// Headers never forwarded: hop-by-hop ones (RFC 9110 §7.6.1), the handshake's own (the upgrader makes fresh
    /// ones), `Host` (rewritten), and `Sec-WebSocket-Extensions`: Gatewire does not relay permessage-deflate, so it
    /// withholds the offer and both sides speak uncompressed frames the proxy can read.
    static let withheldRequestHeaders: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
        "trailer", "transfer-encoding", "upgrade", "host", "content-length", "sec-websocket-key",
        "sec-websocket-version", "sec-websocket-extensions",
    ]

    /// The request sent upstream: same method and target (prefixed with the base path), same headers minus the
    /// withheld ones and any the client's `Connection` header names, and the upstream's `Host`.
    func upstreamRequest(for request: HTTPRequestHead) -> HTTPRequestHead {
        let named = Set(
            request.headers["connection"].flatMap { $0.split(separator: ",") }.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            })
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: endpoint.hostHeader)
        for (name, value) in request.headers {
            let lowered = name.lowercased()
            if Self.withheldRequestHeaders.contains(lowered) || named.contains(lowered) { continue }
            headers.add(name: name, value: value)
        }
        return HTTPRequestHead(
            version: .http1_1, method: request.method, uri: endpoint.requestTarget(forClientTarget: request.uri),
            headers: headers)
    }

    /// Connects and performs the upstream handshake.
    ///
    /// - Parameters:
    ///   - deadline: when the client's whole handshake must be done (`ProxyConfiguration.handshakeTimeout`); an
    ///     upstream still connecting or answering then is abandoned and its connection closed.
    /// - Returns: the upstream's answer; a failed future when it cannot be reached, TLS fails, or it does not
    ///   answer within the timeout or before the deadline (`UpstreamFailure.passedHandshakeDeadline`).
    func connect(
        forwarding request: HTTPRequestHead, on eventLoop: any EventLoop, connection: NIOLoopBound<ProxyConnection>,
        deadline: NIODeadline = .distantFuture
    ) -> EventLoopFuture<UpstreamHandshake> {
        let promise = eventLoop.makePromise(of: UpstreamHandshake.self)
        let ownDeadline = NIODeadline.now() + timeout
        let timeoutTask = eventLoop.scheduleTask(deadline: min(ownDeadline, deadline)) {
            if deadline < ownDeadline {
                promise.fail(
                    UpstreamFailure(
                        reason: "the upstream had not answered when the client's handshake time ran out",
                        passedHandshakeDeadline: true))
            } else {
                promise.fail(
                    UpstreamFailure(
                        reason: "upstream did not answer within \(timeout.nanoseconds / 1_000_000_000) s"))
            }
        }
        promise.futureResult.whenComplete { _ in timeoutTask.cancel() }
        let endpoint = self.endpoint
        let tlsContext = self.tlsContext
        let maxFrameSize = self.maxFrameSize
        let closeTimeout = self.closeTimeout
        let serverName = Self.serverName(for: endpoint.host)
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(timeout)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelOption(.writeBufferWaterMark, value: writeBufferWaterMark)
            .channelOption(.recvAllocator, value: ReceiveBuffers.allocator)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if let tlsContext {
                        try sync.addHandler(NIOSSLClientHandler(context: tlsContext, serverHostname: serverName))
                    }
                    let upgrader = NIOWebSocketClientUpgrader(
                        maxFrameSize: maxFrameSize, automaticErrorHandling: false,
                        upgradePipelineHandler: { channel, response in
                            channel.eventLoop.makeCompletedFuture {
                                let sync = channel.pipeline.syncOperations
                                let handshake = try sync.handler(type: UpstreamHandshakeHandler.self)
                                sync.removeHandler(context: try sync.context(handler: handshake), promise: nil)
                                let proxyConnection = connection.value
                                proxyConnection.upstreamOpened()
                                let relay = FrameRelayHandler(
                                    side: .server, connection: proxyConnection, closeTimeout: closeTimeout)
                                try sync.addHandler(relay)
                                handshake.upgraded(response, relay: relay, channel: channel)
                            }
                        })
                    // Outbound validation off: NIO's validator refuses a request target holding characters
                    // RFC 3986 leaves out ({ } | ^ ` " < > and backslash), which browsers send unencoded in a
                    // query. The proxy forwards the client's target byte for byte, as the gateway would receive
                    // it; everything it forwards was already accepted by NIO's request parser on the client side.
                    try sync.addHTTPClientHandlers(
                        leftOverBytesStrategy: .forwardBytes, enableOutboundHeaderValidation: false,
                        withClientUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
                    try sync.addHandler(UpstreamHandshakeHandler(promise: promise))
                }
            }
        let request = upstreamRequest(for: request)
        bootstrap.connect(host: endpoint.host, port: endpoint.port).whenComplete { result in
            switch result {
            case .success(let channel):
                channel.write(HTTPClientRequestPart.head(request), promise: nil)
                channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
                promise.futureResult.whenFailure { _ in channel.close(promise: nil) }
            case .failure(let error):
                promise.fail(UpstreamFailure(reason: "cannot connect to \(endpoint.host):\(endpoint.port): \(error)"))
            }
        }
        return promise.futureResult
    }

    /// The SNI name: the host, unless it is an IP address (RFC 6066 §3 forbids literal addresses in SNI).
    static func serverName(for host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    /// The TLS context for a `wss` upstream: system trust and full verification unless told otherwise.
    static func makeTLSContext(_ settings: ProxyConfiguration.UpstreamTLS) throws -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        if settings.insecure { tls.certificateVerification = .none }
        if let caFile = settings.caFile { tls.trustRoots = .file(caFile) }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw ProxyError.tlsConfiguration("cannot set up upstream TLS: \(error)")
        }
    }
}
