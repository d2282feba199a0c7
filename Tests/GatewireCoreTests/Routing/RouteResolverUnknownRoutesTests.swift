import GatewireCore
import Testing

@Suite struct RouteResolverUnknownRoutesTests {
    @Test("without route keys the value is reported but no route is claimed")
    func valueOnly() throws {
        let resolution = try RouteResolver(expression: "$request.body.action", table: .unknown).resolve(
            #"{"action":"join"}"#)
        #expect(resolution.outcome == .evaluated)
        #expect(resolution.reason == .routesUnknown)
        #expect(resolution.value == "join")
        #expect(resolution.routeKey == nil)
        #expect(resolution.reply == nil)
    }

    @Test("without route keys a non-JSON message keeps its reason")
    func notJSON() throws {
        let resolution = try RouteResolver(expression: "$request.body.action", table: .unknown).resolve("hello")
        #expect(resolution.outcome == .evaluated)
        #expect(resolution.reason == .notJSON)
        #expect(resolution.value == nil)
    }

    @Test("a configuration without route keys means the keys are unknown")
    func fromConfiguration() throws {
        let resolver = try RouteResolver(
            configuration: RouteConfiguration(expression: "$request.body.a", routeKeys: []))
        #expect(resolver.resolve(#"{"a":"b"}"#).outcome == .evaluated)
    }

    @Test("a binary frame still closes with 1003 when routes are unknown")
    func binary() throws {
        let resolution = try RouteResolver(expression: nil, table: .unknown).resolve(payload: [1, 2], opcode: .binary)
        #expect(resolution.outcome == .closed)
        #expect(resolution.closeCode == 1003)
    }
}
