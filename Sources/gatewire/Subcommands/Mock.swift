import ArgumentParser
import Foundation
import GatewireCore
import GatewireMock

extension GatewireCommand {
    /// `gatewire mock`: a local API Gateway WebSocket API with `@connections` and Lambda-style integrations.
    struct Mock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a local API Gateway WebSocket API: stages, route selection, @connections, integrations.",
            discussion: """
                Serves ws://HOST:PORT/STAGE with gateway-shaped connection ids and the API's route selection: the \
                Forbidden frame when nothing matches and there is no $default, close 1003 on a binary frame, 1009 \
                above 32 KB per frame or 128 KB per message, 403 for a path that is not a stage, and the idle \
                (10 min) and lifetime (2 h) limits. The @connections API (POST, GET, DELETE \
                /STAGE/@connections/ID) shares the port: point an SDK's endpoint at http://HOST:PORT/STAGE.

                Integrations receive the Lambda proxy event (CONNECT, MESSAGE, DISCONNECT) as an HTTP POST and \
                answer a Lambda-style result {"statusCode", "headers", "body"}: a non-2xx $connect status refuses \
                the handshake, an echoed Sec-WebSocket-Protocol selects the subprotocol, a two-way route's body \
                is sent back, and a failing integration gives the client `Internal server error`.

                Examples:
                  gatewire mock -r sendmessage -r '$default' --integration '*=http://127.0.0.1:3000/'
                  gatewire mock --routes template.yaml --stage Prod --integration '$connect=http://127.0.0.1:3000/c'
                  gatewire mock -e '$request.body.type' -r join --two-way join --record session.jsonl
                  gatewire mock -r sendmessage --fault idle-timeout:after=5s --fault throttled:every=3

                Gateway faults: --fault applies one to every connection (repeatable): FAULT:after=DURATION \
                closes each connection that long after its handshake (frame-too-large and message-too-large with \
                1009, idle-timeout and connection-duration with 1001 "Going away"); gone:every=N and \
                throttled:every=N answer every Nth @connections call of a connection with 410 GoneException or \
                429 LimitExceededException; forbidden:route=ROUTE and internal-server-error:route=ROUTE answer \
                every message of the route (* for all) with that error frame instead of delivering it. While the \
                mock runs, POST {"fault": NAME, "afterSeconds": S, "count": N} to \
                http://HOST:PORT/STAGE/@gatewire/faults/CONNECTION_ID injects one into a live connection. Events \
                caused by a fault carry "intervention" (by "fault NAME") in the log and the recording.

                Every handshake is recorded, the refused ones too (403 for a path that is not a stage), and \
                credentials are redacted in everything shown and recorded (see --no-redact).
                Exit codes: 0 stopped by a signal; 64 usage error; 65 unreadable route configuration; 69 cannot \
                listen; 73 --record names an existing file or a missing folder; 74 the recording could not be \
                written.
                """)

        @OptionGroup var listen: GatewayListenOptions
        @OptionGroup var routes: RouteConfigOptions

        @Option(
            name: .long,
            help: ArgumentHelp(
                "A stage to serve (repeatable); default: the configuration's, else prod.",
                valueName: "name"))
        var stage: [String] = []

        @Option(
            name: .long,
            help: ArgumentHelp(
                "ROUTE=URL: POST the route's Lambda proxy events to an http:// endpoint (repeatable); '*' for every "
                    + "route without its own.", valueName: "route=url"))
        var integration: [String] = []

        @Option(
            name: .customLong("two-way"),
            help: ArgumentHelp(
                "A route whose integration body is sent back to the client (repeatable); '*' for all.",
                valueName: "route"))
        var twoWay: [String] = []

        @Option(
            name: .customLong("time-scale"),
            help: ArgumentHelp(
                "Multiply the idle (600 s) and lifetime (7200 s) limits, e.g. 0.01 for 6 s and 72 s.",
                valueName: "factor"))
        var timeScale: Double = 1

        @Flag(name: .customLong("no-time-limits"), help: "Do not close idle or long-lived connections.")
        var noTimeLimits = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "A gateway fault for every connection (repeatable): FAULT:after=5s (frame-too-large, "
                    + "message-too-large, idle-timeout, connection-duration), gone|throttled:every=N (@connections "
                    + "calls), forbidden|internal-server-error:route=ROUTE (messages; * for all).",
                valueName: "fault:key=value"))
        var fault: [String] = []

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Added latency: each client message is handled this much later (500ms, 2s; up to 10 minutes), as "
                    + "with a slow gateway or a cold Lambda; order is kept. $connect and $disconnect are not delayed.",
                valueName: "duration"))
        var latency: String?

        /// `--latency` in seconds, 0 without it.
        func parsedLatency() throws -> Double {
            guard let latency else { return 0 }
            guard let seconds = RuleDuration.seconds(latency), seconds >= 0, seconds <= 600 else {
                throw ValidationError(
                    "--latency takes a duration from 0 to 10 minutes (500ms, 2s, 1m); got '\(latency)'")
            }
            return seconds
        }

        @Option(name: .long, help: ArgumentHelp("Write every event to a recording file.", valueName: "file"))
        var record: String?

        @OptionGroup var redaction: RedactionOptions

        @OptionGroup var filter: EventFilterOptions

        @OptionGroup var output: OutputOptions

        @OptionGroup var web: WebOptions

        func validate() throws {
            _ = try listen.address()
            _ = try parsedIntegrations()
            if timeScale <= 0 { throw ValidationError("--time-scale must be positive") }
            _ = try parsedFaults()
            _ = try parsedLatency()
        }

        func parsedFaults() throws -> [MockFaultRule] {
            do {
                return try fault.map { try MockFaultRule(parsing: $0) }
            } catch {
                throw ValidationError("\(error)")
            }
        }

        func parsedIntegrations() throws -> IntegrationSettings {
            var settings = IntegrationSettings(twoWayRoutes: Set(twoWay))
            for entry in integration {
                guard let equals = entry.firstIndex(of: "="),
                    let url = URL(string: String(entry[entry.index(after: equals)...])),
                    url.scheme == "http", url.host != nil
                else { throw ValidationError("--integration takes ROUTE=http://HOST:PORT/PATH; got '\(entry)'") }
                let route = String(entry[..<equals])
                if route == "*" { settings.fallback = url } else { settings.routes[route] = url }
            }
            return settings
        }

        func run() async throws {
            try await ExitCodes.run {
                let (host, port) = try listen.address()
                let routeConfiguration = try routes.configuration()
                let stages =
                    stage.isEmpty
                    ? (routeConfiguration?.stages.isEmpty == false
                        ? routeConfiguration?.stages ?? ["prod"] : ["prod"]) : stage
                let configuration = MockGatewayConfiguration(
                    host: host, port: port, stages: stages, routeSelectionExpression: routeConfiguration?.expression,
                    routeKeys: routeConfiguration?.routeKeys ?? [], enforcesTimeLimits: !noTimeLimits,
                    timeScale: timeScale, backend: .integrations(try parsedIntegrations()),
                    faults: try parsedFaults(), latency: try parsedLatency())
                let header = RecordingHeader(
                    creator: .gatewire, startedAt: Timestamp(Date()), source: .mock,
                    api: routeConfiguration.map { RecordingHeader.API($0, stage: stages.first) })
                try await GatewayRunner(
                    configuration: configuration, record: record, header: header, output: output,
                    filter: filter.filter, redaction: redaction, warnsPublic: listen.isPublic,
                    web: try web.endpoint()
                ).run()
            }
        }
    }
}
