import ArgumentParser

@main
struct GatewireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatewire",
        abstract: "See, lint, record and replay WebSocket traffic as AWS API Gateway would handle it.",
        subcommands: [
            Proxy.self,
            Mock.self,
            Replay.self,
            Inspect.self,
            View.self,
            Capture.self,
            Export.self,
            Route.self,
            Diagnose.self,
            LintURL.self,
        ]
    )

    /// The version written into exported files.
    static let version = "0.1.0"
}
