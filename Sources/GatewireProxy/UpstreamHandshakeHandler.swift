import NIOCore
import NIOHTTP1

/// Waits for the upstream's answer to the forwarded handshake and reports it: a 101 is reported by the WebSocket
/// upgrader (which removes this handler first); anything else arrives here as a response to mirror to the client.
final class UpstreamHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart

    /// The most of a rejection's body kept to mirror to the client; the rest is cut off, as a handshake error page
    /// is never large and the proxy must not buffer without bound.
    static let maxRejectionBody = 64 << 10

    private let promise: EventLoopPromise<UpstreamHandshake>
    private var head: HTTPResponseHead?
    private var body = ByteBuffer()

    init(promise: EventLoopPromise<UpstreamHandshake>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let response):
            head = response
        case .body(var chunk):
            let room = Self.maxRejectionBody - body.readableBytes
            if room > 0, let bytes = chunk.readSlice(length: min(room, chunk.readableBytes)) {
                body.writeImmutableBuffer(bytes)
            }
        case .end:
            guard let head else { return }
            if head.status == .switchingProtocols {
                // The upgrader refused the 101 (a wrong Sec-WebSocket-Accept): the upstream is not speaking
                // WebSocket correctly, which the client learns as a 502.
                promise.fail(UpstreamFailure(reason: "upstream answered 101 with an invalid Sec-WebSocket-Accept"))
            } else {
                promise.succeed(.rejected(head, body))
            }
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(UpstreamFailure(reason: "\(error)"))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let head {
            // A response without a length ends with the connection (RFC 9112 §6.3).
            promise.succeed(.rejected(head, body))
        } else {
            promise.fail(UpstreamFailure(reason: "upstream closed the connection before answering the handshake"))
        }
        context.fireChannelInactive()
    }

    /// Reports the successful upgrade; called by the upgrader on the channel's event loop.
    func upgraded(_ response: HTTPResponseHead, relay: FrameRelayHandler, channel: any Channel) {
        promise.succeed(.upgraded(channel, response, NIOLoopBound(relay, eventLoop: channel.eventLoop)))
    }
}

@available(*, unavailable)
extension UpstreamHandshakeHandler: Sendable {}

/// How the upstream answered the forwarded handshake.
enum UpstreamHandshake: Sendable {
    /// 101: the upstream channel is a WebSocket now, with its relay handler in place and not yet joined.
    case upgraded(any Channel, HTTPResponseHead, NIOLoopBound<FrameRelayHandler>)
    /// Any other status, with the (possibly cut off) body, to mirror to the client.
    case rejected(HTTPResponseHead, ByteBuffer)
}

/// Why the upstream could not be reached or did not answer the handshake; the client gets 502, or 504 when the
/// client's own handshake time ran out while the upstream was still connecting or answering.
struct UpstreamFailure: Error, CustomStringConvertible {
    var reason: String
    /// Whether the client's handshake deadline (`ProxyConfiguration.handshakeTimeout`) ended the wait.
    var passedHandshakeDeadline = false
    var description: String { reason }
}
