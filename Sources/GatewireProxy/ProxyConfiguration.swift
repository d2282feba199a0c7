import Foundation
public import GatewireCore
public import Logging

/// Everything a `ProxyServer` needs: where to listen, where to forward, TLS, limits and the clock.
///
/// The CLI builds one from its flags and tests build one directly, so both run the same proxy.
public struct ProxyConfiguration: Sendable {
    /// TLS for the upstream connection (`wss://`).
    public struct UpstreamTLS: Hashable, Sendable {
        /// Skip certificate and host-name verification. An explicit opt-in (`--insecure`): never the default.
        public var insecure: Bool
        /// A PEM file of extra trusted roots (`--ca FILE`), used instead of the system trust store.
        public var caFile: String?

        /// Creates upstream TLS settings; the default verifies against the system trust store with SNI.
        public init(insecure: Bool = false, caFile: String? = nil) {
            self.insecure = insecure
            self.caFile = caFile
        }
    }

    /// TLS for clients (`wss://` towards the proxy), from a PEM certificate chain and key.
    public struct ListenerTLS: Hashable, Sendable {
        public var certificateFile: String
        public var privateKeyFile: String

        /// Creates listener TLS settings.
        public init(certificateFile: String, privateKeyFile: String) {
            self.certificateFile = certificateFile
            self.privateKeyFile = privateKeyFile
        }
    }

    /// The address to listen on. Loopback by default: a debugging proxy that sees secrets should not face a network
    /// unless asked to.
    public var host: String
    /// The port to listen on; 0 picks a free one (see `ProxyServer.localPort`).
    public var port: Int
    /// Where every connection is forwarded.
    public var upstream: UpstreamEndpoint
    public var upstreamTLS: UpstreamTLS
    /// Serve `wss://` to clients when set.
    public var listenerTLS: ListenerTLS?
    /// The largest frame payload accepted from either side, in bytes; a larger one fails that side with 1009
    /// (RFC 6455 §7.4.1). The default, 16 MiB, is far above the gateway's 32 KB so that the proxy reports the
    /// gateway limit as a finding rather than enforcing it, while one frame can still never take unbounded memory.
    public var maxFrameSize: Int
    /// Seconds to wait for the upstream's TCP connection, TLS and handshake response before answering 502.
    public var upstreamHandshakeTimeout: Double
    /// Seconds a client has, from the accepted TCP connection, to complete its upgrade: TLS, the request and the
    /// upstream's answer. A connection still short of it is closed; one waiting for the upstream first gets 504 and
    /// its upstream connection is closed. 60 s is nginx's `client_header_timeout`: ample for a real client on a slow
    /// link, while sockets that never speak cannot hold the proxy's file descriptors for long (a local denial of
    /// service otherwise).
    public var handshakeTimeout: Double
    /// Seconds to wait for a peer's answer to a close frame the proxy sent, or for buffered frames to drain, before
    /// dropping the TCP connection.
    public var closeTimeout: Double
    /// Outbound bytes buffered per connection before the proxy stops reading the other side (backpressure). The
    /// low mark is half of it.
    public var writeBufferHighWaterMark: Int
    /// Bytes of session events allowed to wait for the consumer of `ProxyServer.events` before connections stop
    /// reading (see `EventBacklog`); 16 MiB by default. Events are never dropped.
    public var eventBacklogLimit: Int = 16 << 20
    /// File descriptors never used for clients (see `DescriptorBudget`): the proxy stops accepting while its clients
    /// hold all but these. 32 covers the runtime (libdispatch opens `/proc` files when its pool is busy, and traps if
    /// it cannot), the recording, the web view and TLS files, with room to spare.
    public var descriptorReserve: Int = 32
    /// The time source for event timestamps; tests inject a fixed clock.
    public var clock: @Sendable () -> Timestamp
    /// Diagnostics for operators (connection failures, TLS errors). Events never go through the logger.
    public var logger: Logger

    /// Creates a configuration with Gatewire's defaults.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, upstream: UpstreamEndpoint,
        upstreamTLS: UpstreamTLS = UpstreamTLS(), listenerTLS: ListenerTLS? = nil, maxFrameSize: Int = 16 << 20,
        upstreamHandshakeTimeout: Double = 10, handshakeTimeout: Double = 60, closeTimeout: Double = 2,
        writeBufferHighWaterMark: Int = 256 << 10,
        clock: @escaping @Sendable () -> Timestamp = ProxyConfiguration.systemClock,
        logger: Logger = Logger(label: "gatewire.proxy", factory: { _ in SwiftLogNoOpLogHandler() })
    ) {
        self.host = host
        self.port = port
        self.upstream = upstream
        self.upstreamTLS = upstreamTLS
        self.listenerTLS = listenerTLS
        self.maxFrameSize = maxFrameSize
        self.upstreamHandshakeTimeout = upstreamHandshakeTimeout
        self.handshakeTimeout = handshakeTimeout
        self.closeTimeout = closeTimeout
        self.writeBufferHighWaterMark = writeBufferHighWaterMark
        self.clock = clock
        self.logger = logger
    }

    /// The wall clock, read by the proxy shell (Core never reads it).
    @Sendable public static func systemClock() -> Timestamp {
        Timestamp(Date())
    }
}
