import ArgumentParser

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
        help: ArgumentHelp("A route key of the API (repeatable), e.g. --route sendmessage --route '$default'.",
            valueName: "key"))
    var routeKeys: [String] = []

    @Option(
        name: .customLong("routes"),
        help: ArgumentHelp(
            "A file declaring the API (repeatable): CloudFormation/SAM (JSON or YAML), CDK synth output, "
                + "serverless.yml, or `aws apigatewayv2 get-api` / `get-routes` JSON.",
            valueName: "file"))
    var routeFiles: [String] = []

    @Option(name: .customLong("api"), help: ArgumentHelp("Which API to use when a file declares several.",
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
