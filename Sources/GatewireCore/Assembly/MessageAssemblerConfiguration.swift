/// The limits and negotiated features a `MessageAssembler` works with.
public struct MessageAssemblerConfiguration: Hashable, Sendable {
    /// The default cap on one message's size: 16 MiB.
    ///
    /// Far above API Gateway's own 128 KB message limit on purpose: the assembler must let oversized messages
    /// through so that the limits lint can report them with their real size, while still bounding the memory one
    /// misbehaving peer can make Gatewire hold for a single message.
    public static let defaultMaxMessageSize = 16 * 1024 * 1024

    /// The largest message, in bytes, the assembler buffers; both the bytes on the wire and, for a compressed
    /// message, the inflated bytes count against it. A larger message is dropped and reported as
    /// `message-too-large` with close code 1009 (RFC 6455 §7.4.1).
    public var maxMessageSize: Int

    /// The directions in which permessage-deflate (RFC 7692) was negotiated, so that RSV1 on a message's first
    /// frame means "compressed"; in any other direction RSV1 is a protocol error.
    public var permessageDeflate: Set<Direction>

    /// Whether to report frames whose masking breaks RFC 6455 §5.1 (clients must mask, servers must not).
    ///
    /// On by default; sources that cannot tell masking (some captures) turn it off. Reported once per direction,
    /// because a peer that gets it wrong gets it wrong on every frame.
    public var checksMasking: Bool

    /// Creates a configuration.
    public init(
        maxMessageSize: Int = MessageAssemblerConfiguration.defaultMaxMessageSize,
        permessageDeflate: Set<Direction> = [], checksMasking: Bool = true
    ) {
        self.maxMessageSize = maxMessageSize
        self.permessageDeflate = permessageDeflate
        self.checksMasking = checksMasking
    }
}
