import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// Keeps the frame decoder's error for the session, which would otherwise never learn it.
///
/// NIO's `WebSocketProtocolErrorHandler` sends the close frame (1009 for a frame over the limit, 1002 for the rest)
/// and closes the channel before it passes the error on; when the write completes at once, the channel is inactive
/// by then and the session's inbound stream ends as if the client had simply left. Placed in front of that handler,
/// this observer sees the error first, so the session records the close code the gateway sent and the violation.
final class DecoderErrorObserver: ChannelInboundHandler, Sendable {
    typealias InboundIn = WebSocketFrame

    private let observed = NIOLockedValueBox<NIOWebSocketError?>(nil)

    /// The first decoder error seen on the connection, if any.
    var error: NIOWebSocketError? { observed.withLockedValue { $0 } }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let error = error as? NIOWebSocketError {
            observed.withLockedValue { $0 = $0 ?? error }
        }
        context.fireErrorCaught(error)
    }
}
