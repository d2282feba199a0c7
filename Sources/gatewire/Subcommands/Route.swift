import ArgumentParser
import GatewireCore

extension GatewireCommand {
    /// `gatewire route`: shows which route API Gateway selects for a message, and why.
    struct Route: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show which route API Gateway selects for each message, and why.",
            discussion: """
                The route selection expression is evaluated against each message exactly as API Gateway does: \
                JSON only, exact and case-sensitive match, else $default, else the Forbidden reply; binary frames \
                close the connection with 1003. Each result names the value the expression produced, the reason \
                and near misses (case, whitespace, a leading $, a typo, a key not deployed). The expression and \
                route keys are linted too. Without a message, only the configuration is checked.

                Examples:
                  gatewire route -e '$request.body.action' -r sendmessage -r '$default' '{"action":"sendMessage"}'
                  gatewire route --routes captures/004-chat/template.yaml '{"action":"$sendPublic","message":"hi"}'
                  gatewire route --routes get-api.json --routes get-routes.json --lines - < messages.jsonl
                  gatewire route --json -e '${request.body.type}' -r start -r join -r move '{"type":"move"}'

                Exit codes: 0 every message matched a route and no finding reached --fail-on (default warning); \
                1 otherwise; 64 usage error; 65 an expression or file that cannot be parsed; 66 an unreadable file.
                """)

        @OptionGroup var routes: RouteConfigOptions

        @Argument(help: ArgumentHelp("Messages to resolve; '-' reads standard input.", valueName: "message"))
        var messages: [String] = []

        @Flag(name: .long, help: "With '-': treat each line of standard input as one message.")
        var lines = false

        @Flag(name: .long, help: "Send the messages as binary frames (API Gateway closes the connection with 1003).")
        var binary = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "How non-string values become route keys: "
                    + RouteValueStringification.allCases.map(\.rawValue).joined(separator: " or ") + ".",
                valueName: "style"))
        var stringify: String = RouteValueStringification.default.rawValue

        @OptionGroup var threshold: FailureThresholdOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if messages.filter({ $0 == "-" }).count > 1 {
                throw ValidationError("'-' (standard input) may be given only once")
            }
            if lines && !messages.contains("-") {
                throw ValidationError("--lines applies to '-' (standard input)")
            }
            if RouteValueStringification(rawValue: stringify) == nil {
                throw ValidationError(
                    "unknown --stringify '\(stringify)'; use "
                        + RouteValueStringification.allCases.map(\.rawValue).joined(separator: " or "))
            }
        }

        func run() throws {
            // Checked here rather than in validate(), which ArgumentParser runs before it reports an unknown option:
            // `route --bogus` must name the option, not ask for routes.
            if routes.isEmpty {
                throw ValidationError("give the API's routes: --expression and --route, or --routes FILE")
            }
            try ExitCodes.run(check)
        }

        private func check() throws {
            let payloads = messages.flatMap { message -> [[UInt8]] in
                guard message == "-" else { return [Array(message.utf8)] }
                return lines ? StandardInput.readLines().map { Array($0.utf8) } : [StandardInput.readAll()]
            }
            let configuration = try routes.configuration() ?? RouteConfiguration(expression: nil, routeKeys: [])
            let report = try RouteCheckReport(
                configuration: configuration, messages: payloads, opcode: binary ? .binary : .text,
                stringification: RouteValueStringification(rawValue: stringify) ?? .default)
            if output.json {
                Terminal.print([try JSONOutput.document(report)])
            } else if !output.quiet {
                Terminal.print(HumanRouteCheckFormatter(style: output.style).lines(for: report))
            }
            if report.severities.contains(where: { $0 >= threshold.threshold.severity }) {
                throw ExitCodes.findings
            }
        }
    }
}
