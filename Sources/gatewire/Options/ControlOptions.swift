import ArgumentParser
import GatewireCore
import GatewireProxy
import GatewireWeb

/// `--control [HOST:]PORT`: the proxy's control API, shaped like API Gateway's `@connections` management API.
struct ControlOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Serve the control API on this port (0 picks a free one), on 127.0.0.1 unless a host is given: "
                + "POST/GET/DELETE /@connections/ID as API Gateway answers them (boto3's apigatewaymanagementapi "
                + "works against it), and /@gatewire/… to send to the upstream, close, and inject faults "
                + "(docs/intercept.md). On any other address the endpoint carries a random access token.",
            valueName: "[host:]port"))
    var control: String?

    func validate() throws {
        if let control { _ = try WebOptions.parse(control, flag: "--control") }
    }

    /// Starts the control API for a proxy and prints its endpoint, or does nothing without `--control`.
    ///
    /// - Throws: `CommandFailure.cannotListen` when the address cannot be bound.
    func start(for proxy: ProxyServer, quiet: Bool) async throws -> ControlServer? {
        guard let control else { return nil }
        let (host, port) = try WebOptions.parse(control, flag: "--control")
        let loopback = Loopback.isAddress(host)
        let server = ControlServer(
            control: proxy.control, host: host, port: port,
            accessToken: loopback ? nil : WebViewConfiguration.randomToken())
        do {
            try await server.start()
        } catch {
            throw CommandFailure.cannotListen(host: host, port: port, because: error)
        }
        if !loopback {
            Terminal.printError(
                "gatewire: WARNING: the control API listens on \(host), not loopback: anyone with its endpoint can "
                    + "send, drop and close traffic.")
        }
        if !quiet { Terminal.printError("gatewire: control API (@connections endpoint): \(server.endpointURL)") }
        return server
    }
}
