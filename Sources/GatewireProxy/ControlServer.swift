import GatewireCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves a `ControlAPI` over HTTP/1.1 (NIOHTTP1), one request at a time per connection, keep-alive as the client
/// asks. Bodies above `ControlAPI.maxPostSize` are not read whole: the request gets 413 and its connection closes.
///
/// ```swift
/// let server = ControlServer(api: ControlAPI(control: proxy.control, accessToken: nil), host: "127.0.0.1", port: 0)
/// try await server.start()
/// // boto3.client("apigatewaymanagementapi", endpoint_url: server.endpointURL)
/// await server.shutdown()
/// ```
public final class ControlServer: Sendable {
    private let api: ControlAPI
    private let host: String
    private let requestedPort: Int
    private let accessToken: String?
    private let state = NIOLockedValueBox<(channel: (any Channel)?, port: Int?)>((nil, nil))

    /// Prepares a server; nothing listens before `start()`.
    ///
    /// - Parameter accessToken: the token the API requires as the first path segment, printed in `endpointURL`.
    public init(control: ProxyControl, host: String, port: Int, accessToken: String? = nil) {
        self.api = ControlAPI(control: control, accessToken: accessToken, loopback: Loopback.isAddress(host))
        self.host = host
        self.requestedPort = port
        self.accessToken = accessToken
    }

    /// Binds and starts serving.
    ///
    /// - Throws: the socket error when the address cannot be bound.
    public func start() async throws {
        let api = self.api
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(ControlRequestHandler(api: api))
                }
            }
            .bind(host: host, port: requestedPort).get()
        state.withLockedValue { $0 = (channel, channel.localAddress?.port) }
    }

    /// The port listened on, once started.
    public var port: Int? { state.withLockedValue { $0.port } }

    /// The endpoint to give an AWS SDK (`endpoint_url`), with the access token as its stage when there is one.
    public var endpointURL: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "http://\(shownHost):\(port ?? requestedPort)" + (accessToken.map { "/" + $0 } ?? "")
    }

    /// Stops listening and closes the listening socket.
    public func shutdown() async {
        let channel = state.withLockedValue { $0.channel }
        try? await channel?.close()
    }
}

/// Reads one request, asks the API, writes its answer. Requests on one connection are answered in order.
private final class ControlRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let api: ControlAPI
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(api: ControlAPI) {
        self.api = api
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = []
            tooLarge = false
        case .body(let buffer):
            guard !tooLarge else { return }
            if body.count + buffer.readableBytes > ControlAPI.maxPostSize {
                // Enough to know it is too large; the rest is read and discarded.
                tooLarge = true
                body = []
            } else {
                body.append(contentsOf: buffer.readableBytesView)
            }
        case .end:
            guard let head else { return }
            self.head = nil
            let keepAlive = head.isKeepAlive && !tooLarge
            let loop = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            if tooLarge {
                let answer = HTTPAnswer.message(
                    413, "Request entity too large: more than \(ControlAPI.maxPostSize) bytes",
                    errorType: "PayloadTooLargeException")
                write(answer, version: head.version, keepAlive: false, context: context)
                return
            }
            if let refusal = api.refusal(
                origin: head.headers.first(name: "Origin"), secFetchSite: head.headers.first(name: "Sec-Fetch-Site"),
                host: head.headers.first(name: "Host"))
            {
                write(refusal, version: head.version, keepAlive: keepAlive, context: context)
                return
            }
            let api = self.api
            let method = head.method.rawValue
            let target = head.uri
            let body = self.body
            let promise = context.eventLoop.makePromise(of: HTTPAnswer.self)
            promise.completeWithTask { await api.respond(method: method, target: target, body: body) }
            promise.futureResult.whenSuccess { answer in
                let (handler, context) = loop.value
                handler.write(answer, version: head.version, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func write(_ answer: HTTPAnswer, version: HTTPVersion, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(answer.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        headers.add(name: "Content-Length", value: String(answer.body.count))
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let status = HTTPResponseStatus(statusCode: answer.status)
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: version, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: answer.body)))), promise: nil)
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
