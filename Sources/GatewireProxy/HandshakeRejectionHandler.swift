import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Answers a request the proxy does not upgrade: with the upstream's own rejection (status, headers and body,
/// mirrored), with 502 when the upstream could not be reached, or with 400 for a request that is not a WebSocket
/// handshake. It sits after NIO's upgrade handler, which passes it every request it declines, and leaves the
/// pipeline when an upgrade succeeds.
final class HandshakeRejectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let connection: ProxyConnection

    init(connection: ProxyConnection) {
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        let rejection =
            connection.rejection
            ?? HandshakeRejection(
                status: .badRequest, headers: HTTPHeaders(),
                body: ByteBuffer(string: "gatewire proxy: expected a WebSocket handshake (RFC 6455 §4.1)\n"))
        var head = HTTPResponseHead(version: .http1_1, status: rejection.status, headers: rejection.headers)
        head.headers.replaceOrAdd(name: "Content-Length", value: "\(rejection.body.readableBytes)")
        head.headers.replaceOrAdd(name: "Connection", value: "close")
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(rejection.body))), promise: nil)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // NIO reports a declined upgrade as an error before passing the request on; the request is answered above.
        if error is NIOWebSocketUpgradeError { return }
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension HandshakeRejectionHandler: Sendable {}

/// The response mirrored to a client whose handshake the upstream did not accept.
struct HandshakeRejection {
    var status: HTTPResponseStatus
    var headers: HTTPHeaders
    var body: ByteBuffer

    /// Headers of the upstream's response that describe its own connection or framing, not the rejection.
    static let withheldResponseHeaders: Set<String> = [
        "connection", "keep-alive", "transfer-encoding", "content-length", "upgrade", "proxy-connection", "te",
        "trailer",
    ]

    /// Mirrors the upstream's response: same status and reason phrase, headers minus connection-level ones, body.
    init(mirroring response: HTTPResponseHead, body: ByteBuffer) {
        self.status = response.status
        self.headers = HTTPHeaders(
            response.headers.filter { !Self.withheldResponseHeaders.contains($0.name.lowercased()) })
        self.body = body
    }

    init(status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
