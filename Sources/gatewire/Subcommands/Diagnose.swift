import ArgumentParser
import GatewireCore

extension GatewireCommand {
    /// `gatewire diagnose FILE…`: explains missing subscriptions, messages that miss their route, and what the
    /// gateway would do to the connections of one or more sessions.
    struct Diagnose: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Explain missing subscriptions, unmatched routes and gateway-limit trouble in sessions.",
            discussion: """
                Reads recordings, pcap/pcapng captures and HAR files (detected from their content) exactly as \
                inspect does, and explains in plain words what API Gateway made of the traffic.

                Missing subscriptions: connections whose $connect keys mean the same value but reach the \
                backend differently (a raw '+' that becomes a space, a cut-off copy such as '%2B00%3A' of \
                '+00:00', a whole query encoded as one value), with the raw and decoded values side by side and \
                the fix.

                Route problems: client messages that fell to $default or were refused (Forbidden), grouped by \
                the value the route selection expression produced, with near-miss hints.

                Gateway trouble: rejected handshakes, frames over 32 KB and messages over 128 KB, binary frames, \
                abnormal closes, connections idle near the 10-minute limit or near the 2-hour lifetime.

                Subscription keys are the --key parameters, or guessed from the parameters several connections \
                share. Routes come from --routes/--expression/--route, or from a recording's header. Several \
                files are diagnosed together, so a browser's HAR and a backend's capture can be compared.

                Examples:
                  gatewire diagnose session.jsonl
                  gatewire diagnose browser.har worker.pcap --key serviceName --key cacheKey
                  gatewire diagnose chat.jsonl --routes template.yaml
                  gatewire diagnose capture.pcapng -r sendPublic -r '$default' --json

                Exit codes: 0 no problems found; 1 problems found; 64 usage error; 65 a file that is not a \
                capture, HAR or recording (or a broken route file); 66 a file that cannot be opened.
                """)

        @Argument(
            help: ArgumentHelp(
                "The files to diagnose: recordings, pcap/pcapng captures or HAR files.", valueName: "file"))
        var files: [String]

        @Option(
            name: .customLong("key"),
            help: ArgumentHelp(
                "A $connect query parameter that identifies a subscription (repeatable), e.g. --key cacheKey "
                    + "--key serviceName. Without it, keys are guessed from the parameters connections share.",
                valueName: "name"))
        var keys: [String] = []

        @OptionGroup var routes: RouteConfigOptions

        @Option(
            name: .long,
            help: ArgumentHelp(
                "How the gateway decodes $connect queries: \(QueryDecodingPolicy.names.joined(separator: " or ")). "
                    + "The default 'gateway' is inferred from REST API behaviour: '+' becomes a space.",
                valueName: "policy"))
        var decoding = QueryDecodingPolicy.gateway.name

        @OptionGroup var redaction: RedactionOptions

        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard QueryDecodingPolicy(name: decoding) != nil else {
                throw ValidationError(
                    "unknown decoding '\(decoding)'; use one of: \(QueryDecodingPolicy.names.joined(separator: ", "))")
            }
            if let empty = keys.first(where: { $0.isEmpty }) {
                throw ValidationError("--key needs a parameter name, not '\(empty)'")
            }
        }

        func run() throws {
            try ExitCodes.run(diagnose)
        }

        private func diagnose() throws {
            let configuration = DiagnosisConfiguration(
                keyParameters: keys, policy: QueryDecodingPolicy(name: decoding) ?? .gateway,
                routes: try routes.configuration())
            // Every file is opened before any is read, so a typo in the last name fails fast.
            let inputs = try files.map(SessionInput.init(opening:))
            // Each input is analysed against its own API (a recording names it) by the pipeline, which redacts before
            // the diagnosis sees anything: a credential used as a key shows as the same tag on every connection.
            let diagnosis = DiagnosisSink(try SessionDiagnoser(configuration: configuration, analyzesEvents: false))
            var pipeline = try CommandPipeline(
                analysis: SessionDiagnoser.analyzerConfiguration(configuration, routes: nil), redaction: redaction,
                sinks: [diagnosis])
            for input in inputs {
                try pipeline.restartAnalysis(
                    with: SessionDiagnoser.analyzerConfiguration(configuration, routes: input.routes))
                try diagnosis.diagnoser.begin(name: input.name, source: input.source, routes: input.routes)
                _ = try input.read { pipeline.process($0) }
            }
            try pipeline.finish()
            let diagnoser = diagnosis.diagnoser
            let report = diagnoser.report()
            if output.json {
                Terminal.print([try JSONOutput.document(report)])
            } else if !output.quiet {
                Terminal.print(HumanDiagnosisFormatter(style: output.style).lines(for: report))
            }
            if report.hasProblems { throw ExitCodes.findings }
        }
    }
}
