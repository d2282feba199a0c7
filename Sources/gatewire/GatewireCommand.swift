import ArgumentParser

@main
struct GatewireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatewire",
        abstract: "See, lint, record and replay WebSocket traffic as AWS API Gateway would handle it.",
        subcommands: [Proxy.self, Mock.self, Replay.self, Route.self, LintURL.self]
    )
}
