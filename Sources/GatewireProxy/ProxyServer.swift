import GatewireCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// The man-in-the-middle WebSocket proxy: accepts clients, forwards each to the configured upstream, relays frames
/// both ways, and reports everything it sees as `SessionEvent`s on `events`.
///
/// The proxy never formats or writes output: attach consumers (analyzer, log, recorder) to `events`.
public final class ProxyServer: Sendable {
    /// The configuration the server was built from.
    public let configuration: ProxyConfiguration
    /// Every connect, message, control frame, close and error, in the order observed. Finishes after `shutdown()`.
    /// Iterate it promptly: while `configuration.eventBacklogLimit` bytes of events wait, connections stop reading.
    public let events: ProxyEvents
    /// Acts on live connections: what the control API (`ControlServer`) serves.
    public let control: ProxyControl
    private let runtime: ProxyRuntime
    private let serverChannel = NIOLockedValueBox<(any Channel)?>(nil)

    /// Builds a server; nothing listens until `start()`.
    ///
    /// - Throws: `ProxyError.tlsConfiguration` when a certificate, key or CA file cannot be loaded.
    ///
    /// - Parameter interceptor: the rules and breakpoints that act on messages (`MessageInterceptor`), if any;
    ///   without one every message is relayed as it came.
    public init(configuration: ProxyConfiguration, interceptor: MessageInterceptor? = nil) throws {
        self.configuration = configuration
        // Connections stop reading while too much waits in the backlog.
        let backlog = EventBacklog(limit: configuration.eventBacklogLimit)
        self.events = ProxyEvents(backlog: backlog)
        self.runtime = try ProxyRuntime(
            configuration: configuration, sink: EventSink(backlog: backlog, clock: configuration.clock),
            interceptor: interceptor)
        self.control = ProxyControl(runtime: runtime, interceptor: runtime.interceptor)
    }

    /// Starts listening.
    ///
    /// - Throws: `ProxyError.bindFailed` when the address cannot be bound.
    public func start() async throws {
        let runtime = self.runtime
        let highWater = max(configuration.writeBufferHighWaterMark, 2)
        let budget = DescriptorBudget.current(reserve: configuration.descriptorReserve)
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Out of descriptors, the listener sleeps and retries instead of spinning on accept.
                    try channel.pipeline.syncOperations.addHandler(
                        AcceptPauseHandler(budget: budget) { reason in runtime.acceptFailed(reason) })
                }
            }
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.writeBufferWaterMark, value: .init(low: highWater / 2, high: highWater))
            .childChannelOption(.recvAllocator, value: ReceiveBuffers.allocator)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try DownstreamPipeline.configure(channel, runtime: runtime)
                }
            }
        do {
            let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
            serverChannel.withLockedValue { $0 = channel }
        } catch {
            throw ProxyError.bindFailed(host: configuration.host, port: configuration.port, reason: "\(error)")
        }
    }

    /// The port actually bound (useful with port 0), or `nil` before `start()`.
    public var localPort: Int? {
        serverChannel.withLockedValue { $0?.localAddress?.port }
    }

    /// Stops accepting, sends close 1001 (going away) to both sides of every connection, waits up to the close
    /// timeout for them to finish, drops what remains, and finishes `events`.
    public func shutdown() async {
        let channel = serverChannel.withLockedValue { current in
            defer { current = nil }
            return current
        }
        try? await channel?.close()
        let live = runtime.liveChannels()
        for channel in live {
            channel.pipeline.fireUserInboundEventTriggered(ProxyShutdownEvent())
        }
        let deadline = ContinuousClock.now + .milliseconds(Int(configuration.closeTimeout * 1000) + 500)
        for channel in live {
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining > .zero {
                let closed = channel.closeFuture
                let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(remaining.nanosecondsClamped)) {
                    channel.close(promise: nil)
                }
                try? await closed.get()
                timer.cancel()
            } else {
                try? await channel.close()
            }
        }
        runtime.finish()
    }
}

/// What every connection of one server shares: configuration, TLS contexts, the upstream connector, the event
/// sink, connection labels and the registry of live connections for shutdown.
final class ProxyRuntime: Sendable {
    let configuration: ProxyConfiguration
    let sink: EventSink
    let connector: UpstreamConnector
    let listenerTLSContext: NIOSSLContext?
    let closeTimeout: TimeAmount
    /// `ProxyConfiguration.handshakeTimeout` as a time amount.
    let handshakeTimeout: TimeAmount
    /// The rules and breakpoints in force (none unless given at start or added through the control API).
    let interceptor: MessageInterceptor
    private let state = NIOLockedValueBox(State())

    private struct State {
        var nextLabel = 1
        var live: [String: LiveConnection] = [:]
        var finished = false
    }

    /// A relayed connection's channels, for shutdown, and its handle, for the control API.
    private struct LiveConnection {
        var channels: [any Channel]
        var handle: ConnectionHandle
    }

    init(configuration: ProxyConfiguration, sink: EventSink, interceptor: MessageInterceptor?) throws {
        self.configuration = configuration
        self.sink = sink
        self.interceptor = interceptor ?? MessageInterceptor()
        self.closeTimeout = .milliseconds(Int64(configuration.closeTimeout * 1000))
        self.handshakeTimeout = .milliseconds(Int64(configuration.handshakeTimeout * 1000))
        let upstreamTLS =
            configuration.upstream.secure ? try UpstreamConnector.makeTLSContext(configuration.upstreamTLS) : nil
        let highWater = max(configuration.writeBufferHighWaterMark, 2)
        self.connector = UpstreamConnector(
            endpoint: configuration.upstream, tlsContext: upstreamTLS, maxFrameSize: configuration.maxFrameSize,
            timeout: .milliseconds(Int64(configuration.upstreamHandshakeTimeout * 1000)),
            closeTimeout: .milliseconds(Int64(configuration.closeTimeout * 1000)),
            writeBufferWaterMark: .init(low: highWater / 2, high: highWater))
        if let listener = configuration.listenerTLS {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(listener.certificateFile).map {
                    NIOSSLCertificateSource.certificate($0)
                }
                let key = try NIOSSLPrivateKey(file: listener.privateKeyFile, format: .pem)
                let tls = TLSConfiguration.makeServerConfiguration(
                    certificateChain: chain, privateKey: .privateKey(key))
                self.listenerTLSContext = try NIOSSLContext(configuration: tls)
            } catch {
                throw ProxyError.tlsConfiguration(
                    "cannot load \(listener.certificateFile) / \(listener.privateKeyFile): \(error)")
            }
        } else {
            self.listenerTLSContext = nil
        }
    }

    /// A new connection with the next label (`c1`, `c2`, …).
    func makeConnection(clientAddress: String?) -> ProxyConnection {
        let label = state.withLockedValue { state in
            defer { state.nextLabel += 1 }
            return "c\(state.nextLabel)"
        }
        let connection = ProxyConnection(label: label, sink: sink, interceptor: interceptor) { [weak self] in
            self?.unregister(label)
        }
        connection.clientAddress = clientAddress
        return connection
    }

    func register(_ label: String, client: any Channel, upstream: any Channel, handle: ConnectionHandle) {
        state.withLockedValue { $0.live[label] = LiveConnection(channels: [client, upstream], handle: handle) }
    }

    /// The handle of a live connection, by label.
    func handle(_ label: String) -> ConnectionHandle? {
        state.withLockedValue { $0.live[label]?.handle }
    }

    /// The handles of every live connection, in label order (`c2` before `c10`).
    func handles() -> [ConnectionHandle] {
        let live = state.withLockedValue { $0.live }
        return live.sorted { ($0.key.count, $0.key) < ($1.key.count, $1.key) }.map(\.value.handle)
    }

    func unregister(_ label: String) {
        state.withLockedValue { _ = $0.live.removeValue(forKey: label) }
    }

    func liveChannels() -> [any Channel] {
        state.withLockedValue { $0.live.values.flatMap(\.channels) }
    }

    /// Tells the operator and the event stream that new clients cannot be accepted for now (once per shortage).
    func acceptFailed(_ reason: String) {
        configuration.logger.warning("cannot accept new clients: \(reason)")
        sink.yield(
            .error(
                ErrorEvent(
                    time: sink.clock(), connection: nil, code: "accept-failed",
                    message: "cannot accept new clients (\(reason)): they wait in the listen backlog and are served "
                        + "as soon as file descriptors free up; silent connections are closed after "
                        + "\(configuration.handshakeTimeout) s")))
    }

    func finish() {
        let first = state.withLockedValue { state in
            defer { state.finished = true }
            return !state.finished
        }
        if first { sink.backlog.finish() }
    }
}

extension Duration {
    fileprivate var nanosecondsClamped: Int64 {
        let (seconds, attoseconds) = components
        return seconds > 1_000_000 ? Int64.max : seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
