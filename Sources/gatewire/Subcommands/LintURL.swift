import ArgumentParser
import GatewireCore

extension GatewireCommand {
    /// `gatewire lint-url`: shows how API Gateway decodes `$connect` URLs and what is wrong with their encoding.
    struct LintURL: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lint-url",
            abstract: "Lint $connect URLs: how the gateway decodes each query parameter, and encoding mistakes.",
            discussion: """
                Each URL is decoded as API Gateway builds queryStringParameters for the $connect event, and \
                checked for encoding mistakes: a raw '+' that becomes a space, double encoding, a whole query \
                encoded as one value, invalid escapes, duplicates, non-ASCII bytes, reserved characters, a stage \
                that does not exist. With several URLs, values of the same parameter are compared: equal after \
                normalising but different as the gateway decodes them (the missing-subscription bug), or one cut \
                off from another.

                Examples:
                  gatewire lint-url 'wss://abc.execute-api.us-east-1.amazonaws.com/prod?cacheKey=2024-08-01T19:37:55+00:00'
                  gatewire lint-url --stage prod \\
                      '…/prod?serviceName=a&cacheKey=35354-2024-08-01T19:37:55.612063+00:00' \\
                      '…/prod?serviceName=a&cacheKey=35354-2024-08-01T19%3A37%3A55.612063%2B00%3A'
                  gatewire lint-url --json - < urls.txt

                Exit codes: 0 no findings at or above --fail-on (default warning); 1 findings; 64 usage error; \
                65 a URL that cannot be parsed.
                """)

        @Argument(
            help: ArgumentHelp(
                "$connect URLs (wss://host/stage?query, /stage?query); '-' reads one per line.",
                valueName: "url"))
        var urls: [String]

        @Option(
            name: .customLong("stage"),
            help: ArgumentHelp(
                "A deployed stage name (repeatable).",
                valueName: "name"))
        var stages: [String] = []

        @Option(
            name: .customLong("routes"),
            help: ArgumentHelp(
                "A file declaring the API's stages (CloudFormation, CDK, serverless.yml, get-stages).",
                valueName: "file"))
        var routeFiles: [String] = []

        @Option(
            name: .customLong("api"),
            help: ArgumentHelp(
                "Which API to use when a file declares several.",
                valueName: "name"))
        var apiName: String?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "How the gateway decodes queries: \(QueryDecodingPolicy.names.joined(separator: " or ")). "
                    + "The default 'gateway' is inferred from REST API behaviour: '+' becomes a space.",
                valueName: "policy"))
        var policy = QueryDecodingPolicy.gateway.name

        @OptionGroup var threshold: FailureThresholdOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            guard QueryDecodingPolicy(name: policy) != nil else {
                throw ValidationError(
                    "unknown policy '\(policy)'; use one of: \(QueryDecodingPolicy.names.joined(separator: ", "))")
            }
            if urls.filter({ $0 == "-" }).count > 1 {
                throw ValidationError("'-' (standard input) may be given only once")
            }
        }

        func run() throws {
            try ExitCodes.run(lint)
        }

        private func lint() throws {
            let inputs = urls.flatMap { $0 == "-" ? StandardInput.readLines() : [$0] }
            guard !inputs.isEmpty else { throw ValidationError("no URLs given (standard input was empty)") }
            var knownStages = stages
            knownStages += try RouteConfigOptions.load(files: routeFiles, apiName: apiName)?.stages ?? []
            let configuration = QueryLintConfiguration(
                policy: QueryDecodingPolicy(name: policy) ?? .gateway,
                knownStages: knownStages.isEmpty ? nil : knownStages)
            let report = URLLintReport(urls: inputs, configuration: configuration)
            if output.json {
                Terminal.print([try JSONOutput.document(report)])
            } else if !output.quiet {
                Terminal.print(HumanURLLintFormatter(style: output.style).lines(for: report))
            }
            if report.hasUnparseableURL { throw ExitCodes.dataError }
            if threshold.fails(report.allFindings) { throw ExitCodes.findings }
        }
    }
}
