public import GatewireCore
public import NIOWebSocket

extension FrameHeaderViolation {
    /// The violation NIOWebSocket's frame decoder stopped at: the one table from the decoder's errors to Gatewire's
    /// codes, used by the proxy, the mock and capture import alike so the same bytes are reported the same way.
    ///
    /// - Parameter error: the error `WebSocketFrameDecoder` threw. It throws `invalidFrameLength` both for a frame
    ///   above its `maxFrameSize` and for a 64-bit length with the top bit set (RFC 6455 §5.2), which the wire
    ///   cannot tell apart from a frame too large for the decoder; both are `frameTooLarge`.
    public init(_ error: NIOWebSocketError) {
        switch error {
        case .invalidFrameLength: self = .frameTooLarge
        case .fragmentedControlFrame: self = .fragmentedControlFrame
        case .multiByteControlFrameLength: self = .controlFrameTooLarge
        }
    }
}
