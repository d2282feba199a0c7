import ArgumentParser
import GatewireCore

/// Where a command learns the API's route selection expression and route keys: flags, configuration files, or both.
///
/// Flags override what files say, so `--expression` can test a fix against a deployed template.
struct RouteConfigOptions: ParsableArguments {
    @Option(
        name: [.customShort("e"), .long],
        help: ArgumentHelp(
            "The API's route selection expression, e.g. '$request.body.action'. Quote it for the shell.",
            valueName: "expression"))
    var expression: String?

    @Option(
        name: [.customShort("r"), .customLong("route")],
        help: ArgumentHelp(
            "A route key of the API (repeatable), e.g. --route sendmessage --route '$default'.",
            valueName: "key"))
    var routeKeys: [String] = []

    @Option(
        name: .customLong("routes"),
        help: ArgumentHelp(
            "A file declaring the API (repeatable): CloudFormation/SAM (JSON or YAML), CDK synth output, "
                + "serverless.yml, or `aws apigatewayv2 get-api` / `get-routes` JSON.",
            valueName: "file"))
    var routeFiles: [String] = []

    @Option(
        name: .customLong("api"),
        help: ArgumentHelp(
            "Which API to use when a file declares several.",
            valueName: "name"))
    var apiName: String?

    @Option(
        name: .customLong("deployed"),
        help: ArgumentHelp(
            "A route key live on the deployed stage (repeatable). Keys configured but not listed here are "
                + "reported as not deployed.",
            valueName: "key"))
    var deployedRouteKeys: [String] = []
}

extension RouteConfigOptions {
    /// Whether any flag or file says something about the API.
    var isEmpty: Bool { expression == nil && routeKeys.isEmpty && routeFiles.isEmpty && deployedRouteKeys.isEmpty }

    /// The configuration the files and flags describe together, or `nil` when none was given.
    ///
    /// Files are loaded and merged first (so `--routes get-api.json --routes get-routes.json` works), one API is
    /// selected (`--api`), then flags override: `--expression` replaces the expression, `--route` keys are added,
    /// `--deployed` keys become the deployed set.
    func configuration() throws -> RouteConfiguration? {
        if isEmpty { return nil }
        var configuration =
            try Self.load(files: routeFiles, apiName: apiName) ?? RouteConfiguration(expression: nil, routeKeys: [])
        if let expression { configuration.expression = expression }
        for key in routeKeys where !configuration.routeKeys.contains(key) {
            configuration.routeKeys.append(key)
        }
        if !deployedRouteKeys.isEmpty { configuration.deployedRouteKeys = deployedRouteKeys }
        return configuration
    }

    /// Loads and merges route configuration files, then selects one API; `nil` when no file is given.
    static func load(files: [String], apiName: String?) throws -> RouteConfiguration? {
        guard !files.isEmpty else { return nil }
        var set = RouteConfigurationSet()
        for path in files {
            try set.load(InputFile.read(path), fileName: InputFile.displayName(path))
        }
        return try set.select(apiNamed: apiName)
    }
}
