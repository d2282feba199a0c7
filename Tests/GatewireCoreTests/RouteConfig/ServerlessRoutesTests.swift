import Foundation
import GatewireCore
import Testing

@Suite struct ServerlessRoutesTests {
    @Test("short and long websocket events give route keys in file order; http events are ignored")
    func chat() throws {
        let configurations = try RouteConfigLoader.load(text: ServerlessFixtures.chat, fileName: "serverless.yml")
        let chat = try #require(configurations.first)
        #expect(configurations.count == 1)
        #expect(chat.apiName == "realtime-chat-ws")
        #expect(chat.expression == "$request.body.action")
        // `route: ${self:custom.sendRoute}` is resolved from the same file.
        #expect(chat.routeKeys == ["$connect", "$disconnect", "$default", "sendMessage"])
        #expect(chat.source == "serverless.yml")
    }

    @Test("a stage set by a command-line variable is kept as text and noted")
    func stageVariable() throws {
        let chat = try #require(RouteConfigLoader.load(text: ServerlessFixtures.chat, fileName: "serverless.yml").first)
        #expect(chat.stages == ["${opt:stage, 'dev'}"])
        #expect(chat.notes.contains { $0.hasPrefix("provider.stage is ${opt:stage, 'dev'}") })
    }

    @Test("the old plugin's websocketApiRouteSelectionExpression and routeKey are read")
    func oldPlugin() throws {
        let ticker = try #require(
            RouteConfigLoader.load(text: ServerlessFixtures.oldPlugin, fileName: "serverless.yml").first
        )
        #expect(ticker.apiName == "ticker-websockets")
        #expect(ticker.expression == "$request.body.event")
        #expect(ticker.routeKeys == ["$connect", "$disconnect", "subscribe"])
    }

    @Test("without settings, Serverless' own defaults apply and each is noted")
    func defaults() throws {
        let echo = try #require(
            RouteConfigLoader.load(text: ServerlessFixtures.defaults, fileName: "serverless.yml").first)
        #expect(echo.expression == "$request.body.action")
        #expect(echo.stages == ["dev"])
        #expect(echo.apiName == "dev-echo-websockets")
        #expect(echo.routeKeys == ["$default", "echo"])
        #expect(echo.notes.count == 2)
        #expect(echo.notes.contains { $0.contains("sets no websocketsApiRouteSelectionExpression") })
        #expect(echo.notes.contains { $0.contains("provider.stage is not set") })
    }

    @Test("a service with only http events has no WebSocket API, and the error says why")
    func httpOnly() {
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: ServerlessFixtures.httpOnly, fileName: "serverless.yml")
        }
        #expect(
            error?.description.hasPrefix("serverless.yml: no WebSocket API found: serverless.yml has only http") == true
        )
    }

    @Test("a braced expression is kept and flagged as colliding with variable syntax")
    func bracedExpression() throws {
        let yaml = #"""
            service: game
            provider:
              name: aws
              stage: prod
              websocketsApiRouteSelectionExpression: ${request.body.type}
            functions:
              move: {handler: h.move, events: [{websocket: move}]}
            """#
        let game = try #require(RouteConfigLoader.load(text: yaml, fileName: "serverless.yaml").first)
        #expect(game.expression == "${request.body.type}")
        #expect(game.stages == ["prod"])
        #expect(game.notes.contains { $0.contains("also Serverless variable syntax") })
    }

    @Test(
        "malformed events are reported with their key paths",
        arguments: [
            ("functions: {f: {events: {websocket: a}}}", "s.yml: functions.f.events: expected a list, found a mapping"),
            (
                "functions: {f: {events: [websocket]}}",
                "s.yml: functions.f.events[0]: expected a mapping, found a string"
            ),
            (
                "functions: {f: {events: [{websocket: [a]}]}}",
                "s.yml: functions.f.events[0].websocket: expected a string, found a list"
            ),
            (
                "functions: {f: {events: [{websocket: {route: {a: b}}}]}}",
                "s.yml: functions.f.events[0].websocket.route: expected a string, found a mapping"
            ),
            (
                "functions: {f: {events: [{websocket: {authorizer: auth}}]}}",
                "s.yml: functions.f.events[0].websocket.route: missing"
            ),
            ("functions: [f]", "s.yml: functions[0]: expected a mapping, found a string"),
            ("provider: [aws]\nfunctions: {}", "s.yml: provider: expected a mapping, found a list"),
        ])
    func malformed(yaml: String, message: String) {
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: "service: s\n" + yaml, fileName: "s.yml")
        }
        #expect(error?.description == message)
    }

    @Test("functions given as a list of mappings are read too")
    func functionList() throws {
        let yaml = #"""
            service: split
            provider: {name: aws, websocketsApiRouteSelectionExpression: $request.body.op}
            functions:
              - a: {handler: a.h, events: [{websocket: $connect}]}
              - b: {handler: b.h, events: [{websocket: {route: op1}}]}
            """#
        let split = try #require(RouteConfigLoader.load(text: yaml, fileName: "serverless.yml").first)
        #expect(split.routeKeys == ["$connect", "op1"])
        #expect(split.expression == "$request.body.op")
    }

    @Test("YAML anchors and merge keys are followed")
    func anchors() throws {
        let yaml = #"""
            service: anchored
            provider: {name: aws}
            x-common: &common
              handler: h.handle
              events:
                - websocket: shared
            functions:
              one:
                <<: *common
              two:
                <<: *common
                events: [{websocket: own}]
            """#
        let anchored = try #require(RouteConfigLoader.load(text: yaml, fileName: "serverless.yml").first)
        #expect(anchored.routeKeys == ["shared", "own"])
    }
}
