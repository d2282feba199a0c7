import GatewireCore
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// Answers a request the proxy does not upgrade: with the upstream's own rejection (status, headers and body,
/// mirrored), with 502 when the upstream could not be reached (504 when the handshake time ran out), or with a
/// refusal that says what the proxy is for when the request is not a WebSocket handshake at all. It sits after
/// NIO's upgrade handler, which passes it every request it declines, and leaves the pipeline when an upgrade
/// succeeds.
///
/// A refusal also produces an `error` event (`connect-method-refused`, `not-a-websocket-handshake`,
/// `invalid-websocket-handshake`), so a client that talks to the proxy the wrong way shows in the log.
final class HandshakeRejectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let connection: ProxyConnection
    private let upstream: String
    private var head: HTTPRequestHead?
    private var upgradeError: NIOWebSocketUpgradeError?

    /// - Parameters:
    ///   - upstream: the upstream's description, named in refusals so a person knows where the proxy leads.
    init(connection: ProxyConnection, upstream: String) {
        self.connection = connection
        self.upstream = upstream
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let request):
            head = request
            return
        case .body:
            return
        case .end:
            break
        }
        let rejection = connection.rejection ?? refusal()
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
        if let error = error as? NIOWebSocketUpgradeError {
            upgradeError = error
            return
        }
        context.close(promise: nil)
    }

    /// The answer to a request that is not a handshake the proxy can forward, with its `error` event.
    private func refusal() -> HandshakeRejection {
        let method = head?.method ?? .GET
        // The path only: a query may carry tokens, and error messages are not redacted as `connect` events are.
        let target = head.map { String($0.uri.prefix { $0 != "?" }) } ?? "/"
        let usage =
            "gatewire proxy: this is a WebSocket proxy relaying to \(upstream). Connect a WebSocket client "
            + "(RFC 6455) to this address with the path and query the upstream expects, e.g. ws://HOST:PORT/prod\n"
        if method == .CONNECT {
            // RFC 9110 §9.3.6: CONNECT asks for a tunnel; a server that does not offer one answers 405 with Allow.
            connection.error(
                side: .client, code: "connect-method-refused",
                message: "CONNECT \(target) refused with 405: gatewire is a WebSocket proxy, not a forward proxy")
            // NIO's encoder sends no body in a response to CONNECT (RFC 9112 §6.3 forbids one only for 2xx), so
            // the reason phrase carries the explanation too.
            return HandshakeRejection(
                status: .custom(code: 405, reasonPhrase: "Method Not Allowed: gatewire is a WebSocket proxy"),
                headers: HTTPHeaders([("Allow", "GET"), ("Content-Type", "text/plain; charset=utf-8")]),
                body: ByteBuffer(
                    string: "gatewire proxy: CONNECT is not supported: gatewire is not a forward (tunnelling) proxy.\n"
                        + usage))
        }
        let upgrade = head?.headers[canonicalForm: "upgrade"].map { $0.lowercased() } ?? []
        guard upgrade.contains("websocket") else {
            // RFC 9110 §15.5.22: 426 names the protocol the resource needs (`Upgrade: websocket`).
            connection.error(
                side: .client, code: "not-a-websocket-handshake",
                message: "\(method.rawValue) \(target) without Upgrade: websocket refused with 426")
            return HandshakeRejection(
                status: .upgradeRequired,
                headers: HTTPHeaders([
                    ("Upgrade", "websocket"), ("Sec-WebSocket-Version", "13"),
                    ("Content-Type", "text/plain; charset=utf-8"),
                ]),
                body: ByteBuffer(string: "gatewire proxy: expected a WebSocket handshake, got plain HTTP.\n" + usage))
        }
        // RFC 6455 §4.2.1: a handshake without a valid key or version 13 is answered 400; §4.4 adds the versions
        // the server speaks.
        let reason =
            upgradeError == .invalidUpgradeHeader
            ? "Sec-WebSocket-Key must appear once and Sec-WebSocket-Version must be 13" : "the upgrade was refused"
        connection.error(
            side: .client, code: "invalid-websocket-handshake",
            message: "\(method.rawValue) \(target) refused with 400: \(reason)")
        return HandshakeRejection(
            status: .badRequest,
            headers: HTTPHeaders([("Sec-WebSocket-Version", "13"), ("Content-Type", "text/plain; charset=utf-8")]),
            body: ByteBuffer(
                string: "gatewire proxy: invalid WebSocket handshake (RFC 6455 §4.1): \(reason).\n" + usage))
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
