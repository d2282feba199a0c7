import Foundation
import GatewireCore
import Testing

@Suite struct RouteConfigurationSetTests {
    private func configuration(
        _ name: String?, _ expression: String?, _ keys: [String], stages: [String] = [], source: String
    ) -> RouteConfiguration {
        RouteConfiguration(apiName: name, expression: expression, routeKeys: keys, stages: stages, source: source)
    }

    @Test("merging unites keys and stages in order and fills what one side lacks")
    func mergedWith() throws {
        let api = configuration("chat", "$request.body.action", ["$connect"], stages: ["prod"], source: "a.json")
        let routes = configuration(nil, nil, ["sendmessage", "$connect"], stages: ["dev", "prod"], source: "b.json")
        let merged = try api.merged(with: routes)
        #expect(merged.apiName == "chat")
        #expect(merged.expression == "$request.body.action")
        #expect(merged.routeKeys == ["$connect", "sendmessage"])
        #expect(merged.stages == ["prod", "dev"])
        #expect(merged.source == "a.json + b.json")
        #expect(merged.deployedRouteKeys == nil)
    }

    @Test("deployed keys are united when either side knows them")
    func deployedKeys() throws {
        var first = configuration("chat", nil, ["a", "b"], source: "x")
        first.deployedRouteKeys = ["a"]
        let merged = try first.merged(with: configuration("chat", nil, ["c"], source: "y"))
        #expect(merged.deployedRouteKeys == ["a"])
    }

    @Test("two different expressions for one API are a conflict naming both files")
    func expressionConflict() {
        let template = configuration("chat", "$request.body.action", [], source: "template.yaml")
        let live = configuration("chat", "$request.body.message", [], source: "get-api.json")
        let error = #expect(throws: RouteConfigError.self) { try template.merged(with: live) }
        #expect(
            error?.description
                == "template.yaml + get-api.json: route selection expression: template.yaml says "
                + "'$request.body.action' but get-api.json says '$request.body.message'"
        )
    }

    @Test("differently named APIs stay apart; selection then needs a name")
    func separateAPIs() throws {
        var set = RouteConfigurationSet()
        try set.add([configuration("chat", "$request.body.action", ["send"], source: "chat.yaml")])
        try set.add([configuration("game", "$request.body.type", ["move"], source: "game.yaml")])
        #expect(set.configurations.map(\.apiName) == ["chat", "game"])
        #expect(try set.select(apiNamed: "game").routeKeys == ["move"])
        #expect(try set.select(apiNamed: "CHAT").routeKeys == ["send"])
        let error = #expect(throws: RouteConfigError.self) { try set.select(apiNamed: "lobby") }
        #expect(error?.apiNames == ["chat", "game"])
        #expect(error?.description == "chat.yaml + game.yaml: no WebSocket API named 'lobby'; found: chat, game")
    }

    @Test("an unnamed file cannot be attached when several APIs are known")
    func unnamedAmongSeveral() throws {
        var set = RouteConfigurationSet()
        try set.add([
            configuration("chat", "$request.body.action", [], source: "apis.json"),
            configuration("game", "$request.body.type", [], source: "apis.json"),
        ])
        let error = #expect(throws: RouteConfigError.self) {
            try set.add([configuration(nil, nil, ["move"], source: "routes.json")])
        }
        #expect(
            error?.description.hasPrefix("routes.json: the file does not name its API, and several are known") == true)
        #expect(error?.apiNames == ["chat", "game"])
    }

    @Test("two unnamed parts of one file stay separate APIs")
    func unnamedFromOneFile() throws {
        var set = RouteConfigurationSet()
        try set.add([
            configuration("chat", "$request.body.action", ["a"], source: "t.yaml"),
            configuration(nil, nil, ["b"], source: "t.yaml"),
        ])
        #expect(set.configurations.count == 2)
        let error = #expect(throws: RouteConfigError.self) { try set.select(apiNamed: nil) }
        #expect(error?.apiNames == ["chat", "(unnamed API in t.yaml)"])
    }

    @Test("selecting from nothing says no file was read")
    func emptySet() {
        let error = #expect(throws: RouteConfigError.self) { try RouteConfigurationSet().select(apiNamed: nil) }
        #expect(error?.description == "route configuration: no WebSocket API found: no configuration file was read")
    }
}
