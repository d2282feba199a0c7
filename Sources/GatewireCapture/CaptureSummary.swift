public import GatewireCore

/// What an import found, for the line printed at the end of `gatewire inspect` and `gatewire capture`.
public struct CaptureSummary: Hashable, Sendable {
    /// Packets read from the source.
    public var packets = 0
    /// TCP segments among them.
    public var tcpSegments = 0
    /// Packets that could not be decoded down to TCP (not IP, truncated headers, fragments).
    public var undecodablePackets = 0
    /// WebSocket connections found.
    public var connections = 0
    /// Complete text and binary messages.
    public var messages = 0
    /// Pings and pongs.
    public var controlFrames = 0
    /// `error` events: protocol violations and decoding problems, gaps included.
    public var problems = 0
    /// Gaps in reassembled streams (missing or truncated bytes).
    public var gaps = 0
    /// Bytes of TCP payload read.
    public var payloadBytes = 0

    /// Creates an empty summary.
    public init() {}

    /// Counts one event: connections by their connect events, messages, control frames, problems and gaps.
    public mutating func count(_ event: SessionEvent) {
        switch event {
        case .connect: connections += 1
        case .message: messages += 1
        case .control: controlFrames += 1
        case .error(let error):
            problems += 1
            if error.code.hasPrefix("capture-gap-") { gaps += 1 }
        case .close: break
        }
    }
}
