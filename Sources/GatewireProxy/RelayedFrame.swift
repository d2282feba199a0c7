import NIOCore
import NIOWebSocket

/// A frame the relay accepted, with its payload unmasked once for both the partner and the session event tap.
struct RelayedFrame {
    /// The frame as it came from the wire.
    var frame: WebSocketFrame
    /// The application's bytes: `frame.data` unmasked.
    var payload: ByteBuffer
}
