import Foundation
import GatewireCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// The live web view: an HTTP server (NIOHTTP1) that shows the events of a ``LiveEventStore`` in a browser.
///
/// It runs on its own event loop thread, so pages being served never take time from the relay's loops. Build it
/// the same way from the command line and from tests:
///
/// ```swift
/// let store = LiveEventStore()
/// let server = try WebViewServer(configuration: WebViewConfiguration(port: 0), store: store)
/// try await server.start()
/// print(server.url)          // http://127.0.0.1:PORT/
/// // the pipeline's LiveViewSink(store: store) feeds it
/// await server.shutdown()
/// ```
public final class WebViewServer: Sendable {
    /// Where it listens and how much it sends.
    public let configuration: WebViewConfiguration
    /// The events it shows; a ``LiveViewSink`` in the command's pipeline feeds it.
    public let store: LiveEventStore
    /// The proxy's held messages, for the page's Held panel; `nil` outside a proxy (no panel).
    public let held: (any HeldMessageControl)?
    private let assets: WebViewAssets
    private let group: MultiThreadedEventLoopGroup
    /// Where the diagnosis and the downloads are computed: they read every kept event, so never on the loop.
    private let workers: NIOThreadPool
    private let state = NIOLockedValueBox<(channel: (any Channel)?, port: Int?)>((nil, nil))

    /// Prepares a server; nothing listens before ``start()``.
    ///
    /// - Parameter held: the proxy's breakpoints' held messages, which the page then lists and lets the user
    ///   release, edit or drop (``HeldAPI``); `nil` for none.
    /// - Throws: when the page's files are missing from the installed resources.
    public init(
        configuration: WebViewConfiguration, store: LiveEventStore, held: (any HeldMessageControl)? = nil
    ) throws {
        self.configuration = configuration
        self.store = store
        self.held = held
        assets = try WebViewAssets()
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        workers = NIOThreadPool(numberOfThreads: 1)
    }

    /// Binds and starts serving.
    ///
    /// - Throws: the socket error when the address cannot be bound (in use, not local).
    public func start() async throws {
        let access = WebAccess(
            token: configuration.accessToken, loopback: Loopback.isAddress(configuration.host))
        let diagnosis = DiagnosisCache(
            store: store, configuration: configuration.diagnosis,
            intervalMilliseconds: configuration.diagnosisIntervalMilliseconds)
        workers.start()
        let shared = WebRequestHandler.Shared(
            store: store, configuration: configuration, assets: assets, access: access, diagnosis: diagnosis,
            workers: workers, held: held)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            // A page that stops reading holds at most this much; its stream then skips (EventStream).
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 256 << 10, high: 1 << 20))
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(WebRequestHandler(shared: shared))
                }
            }
            .bind(host: configuration.host, port: configuration.port).get()
        let port = channel.localAddress?.port ?? configuration.port
        state.withLockedValue { $0 = (channel, port) }
        // The view's threads yield to the relay when the machine is busy: a page is worth less than the traffic.
        let loop = group.next()
        try await loop.submit { Self.lowerThreadPriority() }.get()
        try await workers.runIfActive(eventLoop: loop) { Self.lowerThreadPriority() }.get()
    }

    /// The port listened on, once started.
    public var port: Int? { state.withLockedValue { $0.port } }

    /// The address to open in a browser, with the access token when there is one.
    public var url: String {
        let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        let token = configuration.accessToken.map { "?token=\($0)" } ?? ""
        return "http://\(host):\(port ?? configuration.port)/\(token)"
    }

    /// Lowers the calling thread's scheduling priority (nice 10) where the system allows it per thread (Linux).
    private static func lowerThreadPriority() {
        #if os(Linux)
            // On Linux the nice value belongs to the thread, and `who` 0 names the calling one (setpriority(2)).
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
        #endif
    }

    /// Stops listening, closes every page's connection and stops the thread.
    public func shutdown() async {
        let channel = state.withLockedValue { $0.channel }
        try? await channel?.close()
        try? await group.shutdownGracefully()
        try? await workers.shutdownGracefully()
    }
}
