public import Foundation

/// Reads route configurations from the bytes of a configuration file.
///
/// Loaders take `Data` and a file name (used for messages and format detection), never a path: reading files is
/// the caller's job, so the core stays free of I/O and tests need no files.
public enum RouteConfigLoader {
    /// Reads every WebSocket API a configuration file describes.
    ///
    /// The syntax (JSON or YAML) follows the file extension, or the first character when the extension says
    /// nothing (`template`, no extension). The format is detected from the content: `Resources` or
    /// `AWSTemplateFormatVersion` means CloudFormation (also SAM and CDK output), `provider`/`functions`/`service`
    /// means Serverless, and `Items`, `RouteKey`, `ProtocolType` or `StageName` mean `aws apigatewayv2` output.
    ///
    /// - Parameters:
    ///   - data: The file's bytes (UTF-8).
    ///   - fileName: The name shown in messages, e.g. `template.yaml`; only its last path component is used for
    ///     detection.
    ///   - format: A format to use instead of detecting one.
    /// - Returns: One configuration per WebSocket API, in file order; HTTP APIs are left out.
    /// - Throws: `RouteConfigError` naming the file and the place: syntax errors with line and column, content
    ///   errors with a key path, an unknown format with the list of supported ones, or a file without any
    ///   WebSocket API.
    public static func load(
        _ data: Data, fileName: String, format: RouteConfigFormat? = nil
    ) throws(RouteConfigError) -> [RouteConfiguration] {
        let root = try parse(data, fileName: fileName)
        let resolvedFormat: RouteConfigFormat
        if let format { resolvedFormat = format } else { resolvedFormat = try detect(root, fileName: fileName) }
        switch resolvedFormat {
        case .cloudFormation: return try CloudFormationRoutes.load(root, fileName: fileName)
        case .serverless: return try ServerlessRoutes.load(root, fileName: fileName)
        case .apiGatewayCLI: return try APIGatewayCLIOutput.load(root, fileName: fileName)
        }
    }

    /// The format `load` would use for a file.
    ///
    /// - Throws: `RouteConfigError` when the file cannot be parsed or has no known format.
    public static func detectFormat(_ data: Data, fileName: String) throws(RouteConfigError) -> RouteConfigFormat {
        try detect(parse(data, fileName: fileName), fileName: fileName)
    }

    private static func detect(_ root: ConfigNode, fileName: String) throws(RouteConfigError) -> RouteConfigFormat {
        // CloudFormation first: a template's own keys are unambiguous, while a serverless.yml may embed a
        // CloudFormation fragment only under the lower-case `resources` key.
        if root.entries != nil {
            if CloudFormationRoutes.matches(root) { return .cloudFormation }
            if ServerlessRoutes.matches(root) { return .serverless }
            if APIGatewayCLIOutput.matches(root) { return .apiGatewayCLI }
        }
        if baseName(fileName).lowercased().hasPrefix("serverless.") { return .serverless }
        throw RouteConfigError.unknownFormat(fileName)
    }

    private static func baseName(_ fileName: String) -> String {
        String(fileName.split(separator: "/", omittingEmptySubsequences: false).last ?? "")
    }

    /// Parses the bytes as JSON or YAML into one tree.
    private static func parse(_ data: Data, fileName: String) throws(RouteConfigError) -> ConfigNode {
        guard let text = String(data: data, encoding: .utf8) else { throw RouteConfigError.notUTF8(fileName) }
        let firstCharacter = text.first { !$0.isWhitespace && $0 != "\u{FEFF}" }
        guard let firstCharacter else { throw RouteConfigError.empty(fileName) }
        let name = baseName(fileName).lowercased()
        let isJSONName = name.hasSuffix(".json")
        let isYAMLName = name.hasSuffix(".yaml") || name.hasSuffix(".yml")
        if isJSONName || (!isYAMLName && (firstCharacter == "{" || firstCharacter == "[")) {
            do throws(JSONParseError) {
                return try JSONParser().parse(Array(data))
            } catch {
                let jsonError = RouteConfigError.syntax(
                    fileName, language: "JSON", at: error.position, error.message
                )
                // A `.template` file starting with `{` may still be YAML flow style; a `.json` file may not.
                guard !isJSONName, let node = try? ConfigNode.parseYAML(text, fileName: fileName) else {
                    throw jsonError
                }
                return node
            }
        }
        guard let node = try ConfigNode.parseYAML(text, fileName: fileName) else {
            throw RouteConfigError.empty(fileName)
        }
        return node
    }
}
