public import Foundation

/// The WebSocket APIs described by one or more configuration files, combined, from which one API is chosen.
///
/// Files that describe the same API are merged: `get-api` output (name, expression) with `get-routes` output
/// (route keys), or a template with `get-stages` output. An API is the same when the names match, or when one side
/// has no name (as `get-routes` output never does) and the other side is the only API so far.
public struct RouteConfigurationSet: Hashable, Sendable {
    /// The APIs known so far, in the order they were first seen.
    public private(set) var configurations: [RouteConfiguration]

    /// Creates a set from configurations already loaded (merging nothing).
    public init(_ configurations: [RouteConfiguration] = []) {
        self.configurations = configurations
    }

    /// Reads a file with `RouteConfigLoader` and adds what it describes.
    ///
    /// - Throws: `RouteConfigError` from loading or merging.
    public mutating func load(
        _ data: Data, fileName: String, format: RouteConfigFormat? = nil
    ) throws(RouteConfigError) {
        try add(RouteConfigLoader.load(data, fileName: fileName, format: format))
    }

    /// Adds configurations read from one file, merging each with the API it describes.
    ///
    /// - Throws: `RouteConfigError` when two files disagree about the same API, or when an unnamed configuration
    ///   (e.g. `get-routes` output) arrives while several APIs are known, so it cannot be told which one it is.
    public mutating func add(_ incoming: [RouteConfiguration]) throws(RouteConfigError) {
        for configuration in incoming {
            try add(configuration)
        }
    }

    private mutating func add(_ configuration: RouteConfiguration) throws(RouteConfigError) {
        if let name = configuration.apiName, let index = configurations.firstIndex(where: { $0.apiName == name }) {
            configurations[index] = try configurations[index].merged(with: configuration)
            return
        }
        // Only a configuration from another file can describe the same API without naming it; two unnamed parts of
        // one template are different APIs.
        if configurations.count == 1, configurations[0].source != configuration.source,
            configurations[0].apiName == nil || configuration.apiName == nil
        {
            configurations[0] = try configurations[0].merged(with: configuration)
            return
        }
        if configuration.apiName == nil, configurations.count > 1,
            !configurations.contains(where: { $0.source == configuration.source })
        {
            throw RouteConfigError.unnamedPart(
                configuration.source ?? "(unnamed source)", names: configurations.map(Self.displayName)
            )
        }
        configurations.append(configuration)
    }

    /// Chooses the API to use.
    ///
    /// - Parameter name: The API's name, or `nil` when the files describe exactly one API. The name is compared
    ///   exactly first, then ignoring case when that finds exactly one.
    /// - Returns: The chosen configuration.
    /// - Throws: `RouteConfigError` listing the API names when none or several match.
    public func select(apiNamed name: String?) throws(RouteConfigError) -> RouteConfiguration {
        let names = configurations.map(Self.displayName)
        let sources = RouteConfiguration.union(configurations.compactMap(\.source), [])
        let fileName = sources.isEmpty ? "route configuration" : sources.joined(separator: " + ")
        guard let name else {
            switch configurations.count {
            case 1: return configurations[0]
            case 0: throw RouteConfigError.noWebSocketAPI(fileName, detail: "no configuration file was read")
            default: throw RouteConfigError.ambiguousAPI(fileName, names: names)
            }
        }
        if let exact = configurations.first(where: { $0.apiName == name }) { return exact }
        let caseInsensitive = configurations.filter { $0.apiName?.lowercased() == name.lowercased() }
        if caseInsensitive.count == 1 { return caseInsensitive[0] }
        throw RouteConfigError.noSuchAPI(fileName, requested: name, names: names)
    }

    /// The API's name, or a placeholder saying which file an unnamed one came from.
    private static func displayName(_ configuration: RouteConfiguration) -> String {
        configuration.apiName ?? "(unnamed API in \(configuration.source ?? "an unnamed source"))"
    }
}
