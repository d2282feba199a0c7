import Foundation
import GatewireCore
import Testing

@Suite struct RouteConfigurationCodingTests {
    @Test("a configuration round-trips through JSON, notes included")
    func roundTrip() throws {
        let original = RouteConfiguration(
            apiName: "chat", expression: "$request.body.action", routeKeys: ["$connect", "send"],
            deployedRouteKeys: ["$connect"], stages: ["prod"], source: "template.yaml", notes: ["a note"]
        )
        let decoded = try JSONDecoder().decode(RouteConfiguration.self, from: JSONEncoder().encode(original))
        #expect(decoded == original)
    }

    @Test("empty notes are not written, and missing notes and stages decode as empty")
    func compatibility() throws {
        let plain = RouteConfiguration(expression: nil, routeKeys: ["a"])
        let json = try #require(String(data: JSONEncoder().encode(plain), encoding: .utf8))
        #expect(!json.contains("notes"))
        let decoded = try JSONDecoder().decode(
            RouteConfiguration.self, from: Data(#"{"routeKeys": ["a"], "expression": "$request.body.x"}"#.utf8)
        )
        #expect(decoded.notes.isEmpty)
        #expect(decoded.stages.isEmpty)
        #expect(decoded.expression == "$request.body.x")
    }
}
