import Foundation
import GatewireCore
import Testing

@Suite struct RouteConfigLoaderTests {
    @Test(
        "the format is detected from the content",
        arguments: [
            (ChatTemplateFixtures.yaml, "template.yaml", RouteConfigFormat.cloudFormation),
            (ChatTemplateFixtures.json, "template.json", .cloudFormation),
            (CDKSynthFixtures.twoWebSocketAPIs, "Stack.template.json", .cloudFormation),
            (ServerlessFixtures.chat, "serverless.yml", .serverless),
            (ServerlessFixtures.defaults, "config.yaml", .serverless),
            (APIGatewayCLIFixtures.getAPI, "api.json", .apiGatewayCLI),
            (APIGatewayCLIFixtures.getRoutes, "routes.json", .apiGatewayCLI),
            (APIGatewayCLIFixtures.getStages, "stages.json", .apiGatewayCLI),
            (APIGatewayCLIFixtures.restGetRoutes, "routes", .apiGatewayCLI),
        ])
    func detection(text: String, fileName: String, format: RouteConfigFormat) throws {
        #expect(try RouteConfigLoader.detectFormat(Data(text.utf8), fileName: fileName) == format)
    }

    @Test("an explicit format skips detection, and a mismatching file says what is missing")
    func explicitFormat() {
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(
                text: ServerlessFixtures.chat, fileName: "serverless.yml", format: .cloudFormation)
        }
        #expect(error?.description == "serverless.yml: Resources: missing; a template declares its API there")
    }

    @Test("format raw values are stable option spellings")
    func rawValues() {
        #expect(RouteConfigFormat.allCases.map(\.rawValue) == ["cloudformation", "serverless", "aws-cli"])
    }

    @Test(
        "an empty file, or one with only whitespace or comments, is refused as empty",
        arguments: [
            "", "   \n\t\n", "# nothing here yet\n# still nothing\n",
        ])
    func empty(text: String) {
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: text, fileName: "template.yaml")
        }
        #expect(
            error?.description.hasPrefix("template.yaml: the file is empty; expected a route configuration") == true)
    }

    @Test(
        "a file of no known format lists the supported ones",
        arguments: [
            (#"{"name": "chat-client", "version": "1.0.0", "dependencies": {"ws": "^8.16.0"}}"#, "package.json"),
            ("just some words", "notes.txt"),
            ("- a\n- b\n", "list.yaml"),
        ])
    func unknownFormat(text: String, fileName: String) {
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: text, fileName: fileName)
        }
        let description = error?.description ?? ""
        #expect(description.hasPrefix("\(fileName): not a known route configuration format; supported: "))
        #expect(description.contains("CloudFormation/SAM template"))
        #expect(description.contains("serverless.yml"))
        #expect(description.contains("get-routes"))
    }

    @Test("bytes that are not UTF-8 are refused")
    func notUTF8() {
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(Data([0x7B, 0xFF, 0xFE, 0x7D]), fileName: "blob.json")
        }
        #expect(error?.description.hasPrefix("blob.json: the file is not UTF-8 text") == true)
    }

    @Test("a YAML syntax error reports the line and column libyaml found it at")
    func yamlSyntax() {
        // Line 6 is indented less than its siblings but more than its parent: no valid structure.
        let yaml = """
            Resources:
              SendRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  RouteKey: sendmessage
                 ApiId: !Ref Api
            """
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: yaml, fileName: "template.yaml")
        }
        #expect(error?.line == 6)
        #expect(error?.column != nil)
        #expect(error?.description.hasPrefix("template.yaml:6:") == true)
        #expect(error?.description.contains("YAML syntax error") == true)
    }

    @Test("an unclosed flow list reports a line in YAML")
    func yamlUnclosedFlow() {
        let yaml = "Resources:\n  Route:\n    Type: AWS::ApiGatewayV2::Route\n    Properties: {RouteKey: [a, b}\n"
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: yaml, fileName: "t.yaml")
        }
        #expect(error?.line == 4)
    }

    @Test("a JSON syntax error reports line and column of the offending character")
    func jsonSyntax() {
        let json = """
            {
              "Resources": {
                "Api": {
                  "Type": "AWS::ApiGatewayV2::Api"
                  "Properties": {}
                }
              }
            }
            """
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: json, fileName: "template.json")
        }
        #expect(error?.line == 5)
        #expect(error?.column == 7)
        #expect(
            error?.description
                == #"template.json:5:7: JSON syntax error: expected ',' or '}' in an object, found '"'"#
        )
    }

    @Test("a .json file is never reinterpreted as YAML, but a .template file may be")
    func jsonOrYAML() throws {
        let flowYAML =
            "{Resources: {Api: {Type: AWS::ApiGatewayV2::Api, Properties: {Name: flow, ProtocolType: "
            + "WEBSOCKET, RouteSelectionExpression: $request.body.action}}}}"
        #expect(throws: RouteConfigError.self) { try RouteConfigLoader.load(text: flowYAML, fileName: "t.json") }
        let configurations = try RouteConfigLoader.load(text: flowYAML, fileName: "stack.template")
        #expect(configurations.map(\.apiName) == ["flow"])
    }

    @Test("several YAML documents in one file are a syntax error, not a silent pick")
    func multipleDocuments() {
        let yaml = "Resources: {}\n---\nResources: {}\n"
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: yaml, fileName: "t.yaml")
        }
        #expect(error?.line == 2)
    }

    @Test("a byte order mark is tolerated in JSON and YAML", arguments: ["t.json", "t.yaml"])
    func byteOrderMark(fileName: String) throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data(APIGatewayCLIFixtures.getAPI.utf8)
        #expect(try RouteConfigLoader.load(data, fileName: fileName).first?.apiName == "simple-backend")
    }

    @Test("alias expansion is bounded instead of running away")
    func billionLaughs() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let aliases = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(aliases)]\n"
        }
        yaml += "Resources: {Bomb: {Type: AWS::ApiGatewayV2::Api, Properties: {Tags: *a9}}}\n"
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: yaml, fileName: "bomb.yaml")
        }
        #expect(error?.description.contains("more than") == true)
    }

    @Test("JSON nesting beyond the limit is an error, not a crash")
    func deepJSON() {
        let json = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: json, fileName: "deep.json")
        }
        #expect(error?.description.contains("nesting deeper than") == true)
    }
}
