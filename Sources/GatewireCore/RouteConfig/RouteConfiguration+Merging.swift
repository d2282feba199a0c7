extension RouteConfiguration {
    /// Combines what two files say about the same WebSocket API, e.g. `get-api` output (name and expression) with
    /// `get-routes` output (route keys).
    ///
    /// Values only one side has are taken from it; route keys, deployed keys, stages and notes are united in order
    /// (this configuration's first). Two different names or expressions are a conflict, because silently
    /// preferring one would route messages by a rule the user did not choose.
    ///
    /// - Parameter other: The configuration read from another file.
    /// - Returns: The combined configuration, whose `source` names both files.
    /// - Throws: `RouteConfigError` when both sides name a different API or give a different expression.
    public func merged(with other: RouteConfiguration) throws(RouteConfigError) -> RouteConfiguration {
        let sources = Self.union([source ?? "(unnamed source)"], [other.source ?? "(unnamed source)"])
        let combinedSource = sources.joined(separator: " + ")
        func pick(_ field: String, _ mine: String?, _ theirs: String?) throws(RouteConfigError) -> String? {
            guard let mine, let theirs, mine != theirs else { return mine ?? theirs }
            throw RouteConfigError.conflict(
                combinedSource, field: field,
                "\(source ?? "one file") says '\(mine)' but \(other.source ?? "another file") says '\(theirs)'"
            )
        }
        var result = self
        result.apiName = try pick("API name", apiName, other.apiName)
        result.expression = try pick("route selection expression", expression, other.expression)
        result.routeKeys = Self.union(routeKeys, other.routeKeys)
        if deployedRouteKeys != nil || other.deployedRouteKeys != nil {
            result.deployedRouteKeys = Self.union(deployedRouteKeys ?? [], other.deployedRouteKeys ?? [])
        }
        result.stages = Self.union(stages, other.stages)
        result.source = combinedSource
        result.notes = Self.union(notes, other.notes)
        return result
    }

    /// The elements of both lists, first occurrence kept, in order.
    static func union(_ first: [String], _ second: [String]) -> [String] {
        var seen = Set<String>()
        return (first + second).filter { seen.insert($0).inserted }
    }
}
