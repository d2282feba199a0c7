/// Why a route configuration file could not be read, or why no single WebSocket API could be chosen from it.
///
/// Every message names the file, then the place (`line:column` for syntax errors, a key path such as
/// `Resources.SendRoute.Properties.RouteKey` for content errors), then the problem, so the user can jump straight
/// to it: `template.yaml: Resources.SendRoute.Properties.RouteKey: expected a string, found a list`.
public struct RouteConfigError: Error, CustomStringConvertible, Hashable, Sendable {
    private enum Problem: Hashable, Sendable {
        case empty
        case notUTF8
        case syntax(line: Int?, column: Int?, language: String, message: String)
        case content(path: String, message: String)
        case unknownFormat
        case noWebSocketAPI(httpAPIs: [String], detail: String)
        case ambiguousAPI(names: [String])
        case noSuchAPI(requested: String, names: [String])
        case conflict(path: String, message: String)
        case unnamedPart(names: [String])
    }

    /// The file the problem is in (as the caller named it), or several joined by `+` for merge conflicts.
    public let fileName: String
    private let problem: Problem

    private init(fileName: String, problem: Problem) {
        self.fileName = fileName
        self.problem = problem
    }

    /// The 1-based line of a syntax error, when the parser reports it.
    public var line: Int? {
        if case .syntax(let line, _, _, _) = problem { return line }
        return nil
    }

    /// The 1-based column of a syntax error, when the parser reports it.
    public var column: Int? {
        if case .syntax(_, let column, _, _) = problem { return column }
        return nil
    }

    /// The key path of a content error (`Resources.SendRoute.Properties.RouteKey`), or `nil`.
    public var keyPath: String? {
        switch problem {
        case .content(let path, _), .conflict(let path, _): path
        default: nil
        }
    }

    /// The WebSocket API names to choose from, when the error is about choosing one (empty otherwise).
    public var apiNames: [String] {
        switch problem {
        case .ambiguousAPI(let names), .noSuchAPI(_, let names), .unnamedPart(let names): names
        default: []
        }
    }

    /// The message, starting with the file name and place.
    public var description: String {
        switch problem {
        case .empty:
            return "\(fileName): the file is empty; expected a route configuration (\(Self.supportedFormats))"
        case .notUTF8:
            return "\(fileName): the file is not UTF-8 text; expected a route configuration (\(Self.supportedFormats))"
        case .syntax(let line, let column, let language, let message):
            let place = [line, column].compactMap { $0.map(String.init) }.joined(separator: ":")
            return "\(fileName)\(place.isEmpty ? "" : ":" + place): \(language) syntax error: \(message)"
        case .content(let path, let message):
            return "\(fileName): \(path): \(message)"
        case .unknownFormat:
            return "\(fileName): not a known route configuration format; supported: \(Self.supportedFormats)"
        case .noWebSocketAPI(let httpAPIs, let detail):
            guard !httpAPIs.isEmpty else { return "\(fileName): no WebSocket API found: \(detail)" }
            let list = httpAPIs.joined(separator: ", ")
            return "\(fileName): no WebSocket API found: only HTTP APIs (\(list)), which have no route selection "
                + "expression and are ignored"
        case .ambiguousAPI(let names):
            return "\(fileName): \(names.count) WebSocket APIs found (\(names.joined(separator: ", "))); "
                + "name the one to use"
        case .noSuchAPI(let requested, let names):
            return "\(fileName): no WebSocket API named '\(requested)'; found: \(names.joined(separator: ", "))"
        case .conflict(let path, let message):
            return "\(fileName): \(path): \(message)"
        case .unnamedPart(let names):
            return
                "\(fileName): the file does not name its API, and several are known "
                + "(\(names.joined(separator: ", "))); "
                + "give only the files of one API"
        }
    }

    /// The formats a route configuration file may have, for "unknown format" messages.
    static let supportedFormats =
        "a CloudFormation/SAM template or CDK synth output (*.template.json) with AWS::ApiGatewayV2 resources, "
        + "a serverless.yml with websocket events, or the JSON printed by `aws apigatewayv2 get-api`, "
        + "`get-apis`, `get-routes` or `get-stages`"

    static func empty(_ fileName: String) -> Self { Self(fileName: fileName, problem: .empty) }

    static func notUTF8(_ fileName: String) -> Self { Self(fileName: fileName, problem: .notUTF8) }

    static func syntax(_ fileName: String, language: String, at position: TextPosition?, _ message: String) -> Self {
        Self(
            fileName: fileName,
            problem: .syntax(line: position?.line, column: position?.column, language: language, message: message)
        )
    }

    static func content(_ fileName: String, at path: ConfigPath, _ message: String) -> Self {
        Self(fileName: fileName, problem: .content(path: path.description, message: message))
    }

    /// A node of the wrong kind: "expected a string, found a list".
    static func wrongType(_ fileName: String, at path: ConfigPath, expected: String, found node: ConfigNode) -> Self {
        content(fileName, at: path, "expected \(expected), found \(node.kindDescription)")
    }

    static func unknownFormat(_ fileName: String) -> Self { Self(fileName: fileName, problem: .unknownFormat) }

    static func noWebSocketAPI(_ fileName: String, httpAPIs: [String] = [], detail: String) -> Self {
        Self(fileName: fileName, problem: .noWebSocketAPI(httpAPIs: httpAPIs, detail: detail))
    }

    static func ambiguousAPI(_ fileName: String, names: [String]) -> Self {
        Self(fileName: fileName, problem: .ambiguousAPI(names: names))
    }

    static func noSuchAPI(_ fileName: String, requested: String, names: [String]) -> Self {
        Self(fileName: fileName, problem: .noSuchAPI(requested: requested, names: names))
    }

    static func unnamedPart(_ fileName: String, names: [String]) -> Self {
        Self(fileName: fileName, problem: .unnamedPart(names: names))
    }

    static func conflict(_ fileName: String, field: String, _ message: String) -> Self {
        Self(fileName: fileName, problem: .conflict(path: field, message: message))
    }
}
