import Foundation
import GatewireCore
import GatewireWeb

/// The web view as a command runs it: the store, the server, and the pipeline sink that feeds them; the URL is
/// printed on standard error once the server listens.
struct LiveWebView {
    let store: LiveEventStore
    let server: WebViewServer

    /// The port the quick start (`gatewire proxy` with no upstream) serves the view on when it is free.
    static let quickStartPort = 8081

    /// Starts the view `--web` asks for, or on the quick start's port when `quickStart` and no `--web` was given.
    ///
    /// - Returns: `nil` when the view is off.
    static func start(
        _ options: WebOptions, quickStart: Bool = false, input: LiveEventStore.Input,
        diagnosis: DiagnosisConfiguration = DiagnosisConfiguration(), held: (any HeldMessageControl)? = nil
    ) async throws -> LiveWebView? {
        if let (host, port) = try options.endpoint() {
            return try await start(host: host, port: port, input: input, diagnosis: diagnosis, held: held)
        }
        guard quickStart else { return nil }
        return try await start(
            host: "127.0.0.1", port: quickStartPort, fallbackToFreePort: true, input: input, diagnosis: diagnosis,
            held: held)
    }

    /// Starts serving on `host:port`; any address other than loopback gets a random access token.
    ///
    /// - Parameters:
    ///   - fallbackToFreePort: when `port` is taken, listen on a free one instead of failing (the quick start).
    ///   - input: what the events are (the live traffic and its API), for the diagnosis; `nil` for files, which
    ///     begin their own inputs.
    ///   - diagnosis: how `/diagnosis` judges the events.
    ///   - held: a proxy's held messages, for the page's Held panel; `nil` outside a proxy.
    /// - Throws: ``CommandFailure`` with exit code 69 when the address cannot be bound.
    static func start(
        host: String, port: Int, fallbackToFreePort: Bool = false, input: LiveEventStore.Input? = nil,
        diagnosis: DiagnosisConfiguration = DiagnosisConfiguration(), held: (any HeldMessageControl)? = nil
    ) async throws -> LiveWebView {
        let store = LiveEventStore()
        if let input { store.begin(input) }
        let loopback = Loopback.isAddress(host)
        var configuration = WebViewConfiguration(
            host: host, port: port, accessToken: loopback ? nil : WebViewConfiguration.randomToken(),
            diagnosis: diagnosis, creator: .gatewire)
        do {
            let server = try WebViewServer(configuration: configuration, store: store, held: held)
            do {
                try await server.start()
                return LiveWebView(store: store, server: server)
            } catch  where fallbackToFreePort && port != 0 {
                await server.shutdown()
                configuration.port = 0
                let free = try WebViewServer(configuration: configuration, store: store, held: held)
                try await free.start()
                return LiveWebView(store: store, server: free)
            }
        } catch let error as CocoaError {
            throw CommandFailure(
                description: "the web view's files are missing: \(error)", exitCode: ExitCodes.software)
        } catch {
            throw CommandFailure(
                description: "cannot serve the web view on \(host):\(port): \(SocketErrorReason.reason(error))",
                exitCode: ExitCodes.unavailable)
        }
    }

    /// The sink that feeds the view; put it in the command's pipeline.
    var sink: LiveViewSink { LiveViewSink(store: store) }

    /// What the quick start adds to the URL: that it turned the view on, and on which port.
    var quickStartNote: String {
        let port = LiveWebView.quickStartPort
        return server.port == port
            ? "  (the quick start turns it on, on port \(port); --web sets another)"
            : "  (the quick start turns it on; port \(port) is taken, so a free one; --web sets another)"
    }

    /// Says where the view is, on standard error.
    func announce(_ note: String = "") {
        Terminal.printError("gatewire: web view: \(server.url)\(note)")
    }

    /// Stops serving.
    func shutdown() async {
        await server.shutdown()
    }
}
