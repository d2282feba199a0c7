/// The kinds of file a route configuration can be read from.
///
/// `RouteConfigLoader` detects the format from the file's name and content; passing one explicitly skips the
/// detection (the raw values are meant for a command-line option).
public enum RouteConfigFormat: String, CaseIterable, Codable, Hashable, Sendable {
    /// A CloudFormation template in JSON or YAML, including SAM templates and CDK synth output
    /// (`cdk.out/*.template.json`).
    case cloudFormation = "cloudformation"
    /// A Serverless Framework `serverless.yml`.
    case serverless
    /// The JSON printed by `aws apigatewayv2 get-api`, `get-apis`, `get-routes`, `get-stages` (or the REST API).
    case apiGatewayCLI = "aws-cli"
}
