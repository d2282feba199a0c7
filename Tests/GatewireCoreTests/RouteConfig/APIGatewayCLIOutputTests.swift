import Foundation
import GatewireCore
import Testing

@Suite struct APIGatewayCLIOutputTests {
    @Test("get-api gives the name and expression but no routes")
    func getAPI() throws {
        let configurations = try RouteConfigLoader.load(text: APIGatewayCLIFixtures.getAPI, fileName: "get-api.json")
        let api = try #require(configurations.first)
        #expect(configurations.count == 1)
        #expect(api.apiName == "simple-backend")
        #expect(api.expression == "$request.body.action")
        #expect(api.routeKeys.isEmpty)
    }

    @Test("get-routes gives route keys without a name or expression")
    func getRoutes() throws {
        let routes = try #require(
            RouteConfigLoader.load(text: APIGatewayCLIFixtures.getRoutes, fileName: "get-routes.json").first
        )
        #expect(routes.apiName == nil)
        #expect(routes.expression == nil)
        #expect(routes.routeKeys == ["$connect", "sendmessage", "$disconnect"])
    }

    @Test("get-api and get-routes merge into one complete configuration")
    func merge() throws {
        var set = RouteConfigurationSet()
        try set.load(Data(APIGatewayCLIFixtures.getAPI.utf8), fileName: "get-api.json")
        try set.load(Data(APIGatewayCLIFixtures.getRoutes.utf8), fileName: "get-routes.json")
        let api = try set.select(apiNamed: nil)
        #expect(api.apiName == "simple-backend")
        #expect(api.expression == "$request.body.action")
        #expect(api.routeKeys == ["$connect", "sendmessage", "$disconnect"])
        #expect(api.source == "get-api.json + get-routes.json")
    }

    @Test("the merge works in either order")
    func mergeReversed() throws {
        var set = RouteConfigurationSet()
        try set.load(Data(APIGatewayCLIFixtures.getRoutes.utf8), fileName: "get-routes.json")
        try set.load(Data(APIGatewayCLIFixtures.getAPI.utf8), fileName: "get-api.json")
        try set.load(Data(APIGatewayCLIFixtures.getStages.utf8), fileName: "get-stages.json")
        let api = try set.select(apiNamed: "simple-backend")
        #expect(api.expression == "$request.body.action")
        #expect(api.routeKeys == ["$connect", "sendmessage", "$disconnect"])
        #expect(api.stages == ["production", "staging"])
    }

    @Test("the REST shape in lower camel case reads the same, and a page token is noted")
    func restShape() throws {
        var set = RouteConfigurationSet()
        try set.load(Data(APIGatewayCLIFixtures.restGetAPI.utf8), fileName: "api.json")
        try set.load(Data(APIGatewayCLIFixtures.restGetRoutes.utf8), fileName: "routes.json")
        let api = try set.select(apiNamed: nil)
        #expect(api.apiName == "simple-backend")
        #expect(api.expression == "$request.body.action")
        #expect(api.routeKeys == ["$connect", "sendmessage"])
        #expect(api.notes.count == 1)
        #expect(api.notes.first?.contains("NextToken") == true)
    }

    @Test("get-apis skips HTTP APIs and offers the WebSocket ones by name")
    func getAPIs() throws {
        let configurations = try RouteConfigLoader.load(text: APIGatewayCLIFixtures.getAPIs, fileName: "apis.json")
        #expect(configurations.map(\.apiName) == ["simple-backend", "scoreboard"])
        #expect(configurations.map(\.expression) == ["$request.body.action", "$request.body.kind"])
        let set = RouteConfigurationSet(configurations)
        #expect(try set.select(apiNamed: "scoreboard").expression == "$request.body.kind")
        let error = #expect(throws: RouteConfigError.self) { try set.select(apiNamed: "orders-http") }
        #expect(
            error?.description == "apis.json: no WebSocket API named 'orders-http'; found: simple-backend, scoreboard")
    }

    @Test("get-routes output of an HTTP API is refused")
    func httpRoutes() {
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: APIGatewayCLIFixtures.httpGetRoutes, fileName: "routes.json")
        }
        #expect(error?.description.contains("are HTTP API routes") == true)
    }

    @Test("get-api of an HTTP API is refused and names it")
    func httpAPI() {
        let json = #"{"ApiId": "h8u2nq0z1c", "Name": "orders-http", "ProtocolType": "HTTP"}"#
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: json, fileName: "get-api.json")
        }
        #expect(error?.description.contains("only HTTP APIs (orders-http)") == true)
    }

    @Test(
        "malformed output is reported with key paths",
        arguments: [
            (#"{"Items": {}}"#, "x.json: Items: expected a list, found a mapping"),
            (#"{"Items": []}"#, "x.json: Items: the list is empty, so it names no WebSocket API, route or stage"),
            (#"{"Items": [{"RouteKey": "a"}, {"RouteId": "b"}]}"#, "x.json: Items[1].RouteKey: missing"),
            (#"{"Items": [{"RouteKey": ["a"]}]}"#, "x.json: Items[0].RouteKey: expected a string, found a list"),
            (#"{"items": [{"routeKey": "a"}, 3]}"#, "x.json: items[1]: expected a mapping, found a number"),
            (
                #"{"Items": [{"Foo": 1}]}"#,
                "x.json: Items[0]: expected an API (ProtocolType), a route (RouteKey) or a stage (StageName)"
            ),
            (
                #"{"Name": "a", "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": {"x": 1}}"#,
                "x.json: RouteSelectionExpression: expected a string, found a mapping"
            ),
        ])
    func malformed(json: String, message: String) {
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: json, fileName: "x.json")
        }
        #expect(error?.description == message)
    }
}
