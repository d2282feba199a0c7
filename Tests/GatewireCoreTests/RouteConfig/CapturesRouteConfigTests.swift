import Foundation
import GatewireCore
import Testing

/// The route configurations bundled with the seed scenarios in `captures/` load as the scenarios describe.
@Suite struct CapturesRouteConfigTests {
    /// One seed scenario: its folder, its configuration files, and what they must say.
    struct Scenario: CustomTestStringConvertible, Sendable {
        var folder: String
        var files: [String]
        var apiName: String
        var expression: String
        var routeKeys: [String]
        var stages: [String]

        var testDescription: String { folder }
    }

    static let scenarios = [
        Scenario(
            folder: "000-geoprocessing", files: ["template.yaml"], apiName: "geoprocessing-tasks",
            expression: "$request.body.message", routeKeys: ["$connect", "$disconnect", "sendmessage"],
            stages: ["prod"]
        ),
        Scenario(
            folder: "001-channel-server", files: ["serverless.yml"], apiName: "channel-server",
            expression: "$request.body.type", routeKeys: ["$connect", "$disconnect", "join", "publish", "ping"],
            stages: ["staging"]
        ),
        Scenario(
            folder: "002-simple-backend", files: ["get-api.json", "get-routes.json"], apiName: "simple-backend",
            expression: "$request.body.action", routeKeys: ["$connect", "$disconnect", "sendmessage"], stages: []
        ),
        Scenario(
            folder: "003-naughts-and-crosses", files: ["cdk.template.json"], apiName: "naughts-and-crosses",
            expression: "${request.body.type}", routeKeys: ["$connect", "$disconnect", "start", "join", "move"],
            stages: ["dev"]
        ),
        Scenario(
            folder: "004-chat", files: ["template.yaml"], apiName: "chat", expression: "$request.body.action",
            routeKeys: ["$connect", "$disconnect", "setName", "sendPublic", "sendPrivate", "$default"],
            stages: ["prod"]
        ),
    ]

    /// `captures/` at the package root, found from this file's path (Tests/GatewireCoreTests/RouteConfig/…).
    static let capturesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("captures")

    @Test("each seed scenario's configuration loads with its expression, routes and stage", arguments: scenarios)
    func scenario(_ scenario: Scenario) throws {
        var set = RouteConfigurationSet()
        for file in scenario.files {
            let url = Self.capturesDirectory.appendingPathComponent(scenario.folder).appendingPathComponent(file)
            try set.load(Data(contentsOf: url), fileName: "\(scenario.folder)/\(file)")
        }
        let configuration = try set.select(apiNamed: nil)
        #expect(configuration.apiName == scenario.apiName)
        #expect(configuration.expression == scenario.expression)
        #expect(configuration.routeKeys == scenario.routeKeys)
        #expect(configuration.stages == scenario.stages)
        #expect(configuration.notes.isEmpty)
    }
}
