import GatewireCore

extension RouteResolver {
    /// A resolver for an expression (or the assumed one) and live keys, with optional undeployed keys.
    static func fixture(
        _ expression: String?, keys: [String], undeployed: [String] = [],
        stringification: RouteValueStringification = .default
    ) throws -> RouteResolver {
        try RouteResolver(
            expression: expression, table: RouteTable(routeKeys: keys, undeployedRouteKeys: undeployed),
            stringification: stringification
        )
    }

    /// Resolves a text message given as a string.
    func resolve(_ text: String, connectionID: ConnectionID? = nil, requestID: String? = nil) -> RouteResolution {
        resolve(payload: Array(text.utf8), opcode: .text, connectionID: connectionID, requestID: requestID)
    }
}
