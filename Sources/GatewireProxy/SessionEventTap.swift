import GatewireCore
import GatewireWebSocketSupport
import NIOCore
import NIOWebSocket

/// Watches the frames one side sent, after the relay accepted them, and turns them into session events for the
/// connection. It changes nothing and forwards nothing: it is the last inbound handler of a relayed channel.
final class SessionEventTap: ChannelInboundHandler {
    typealias InboundIn = RelayedFrame

    private let side: Direction
    private let connection: ProxyConnection

    /// Creates a tap for frames sent by `side`.
    init(side: Direction, connection: ProxyConnection) {
        self.side = side
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let relayed = unwrapInboundIn(data)
        guard let frame = Frame(relayed.frame, unmaskedPayload: relayed.payload) else { return }
        connection.frame(frame, from: side)
    }
}

@available(*, unavailable)
extension SessionEventTap: Sendable {}
