import Foundation
import GatewireCore
import Testing

@Suite struct CloudFormationRoutesTests {
    @Test("the chat template in YAML gives its API, expression, routes in file order and its stage")
    func chatYAML() throws {
        let configurations = try RouteConfigLoader.load(text: ChatTemplateFixtures.yaml, fileName: "template.yaml")
        let chat = try #require(configurations.first)
        #expect(configurations.count == 1)
        #expect(chat.apiName == "ChatWebSocket")
        #expect(chat.expression == "$request.body.action")
        #expect(chat.routeKeys == ["$connect", "$disconnect", "sendmessage"])
        // `StageName: !Ref StageName` resolves to the parameter's Default.
        #expect(chat.stages == ["Prod"])
        #expect(chat.deployedRouteKeys == nil)
        #expect(chat.source == "template.yaml")
        #expect(chat.notes.isEmpty)
    }

    @Test("the same template written as JSON reads the same")
    func chatJSON() throws {
        let yaml = try RouteConfigLoader.load(text: ChatTemplateFixtures.yaml, fileName: "template.yaml")
        let json = try RouteConfigLoader.load(text: ChatTemplateFixtures.json, fileName: "template.json")
        #expect(json.map(\.routeKeys) == yaml.map(\.routeKeys))
        #expect(json.map(\.expression) == yaml.map(\.expression))
        #expect(json.map(\.apiName) == yaml.map(\.apiName))
        #expect(json.map(\.stages) == yaml.map(\.stages))
        #expect(json.first?.source == "template.json")
    }

    @Test("CDK synth output with two WebSocket APIs gives both, in file order, and skips the HTTP API")
    func cdkTwoAPIs() throws {
        let configurations = try RouteConfigLoader.load(
            text: CDKSynthFixtures.twoWebSocketAPIs, fileName: "cdk.out/RealtimeStack.template.json"
        )
        #expect(configurations.map(\.apiName) == ["ChatApi", "GameApi"])
        #expect(configurations[0].routeKeys == ["$connect", "$disconnect", "sendMessage"])
        #expect(configurations[0].stages == ["dev"])
        #expect(configurations[1].expression == "${request.body.type}")
        #expect(configurations[1].routeKeys == ["start", "join", "move"])
        #expect(configurations[1].stages == ["live"])
        #expect(!configurations.flatMap(\.routeKeys).contains("GET /health"))
    }

    @Test("choosing by name picks one CDK API; without a name the error lists both")
    func cdkSelection() throws {
        var set = RouteConfigurationSet()
        try set.load(Data(CDKSynthFixtures.twoWebSocketAPIs.utf8), fileName: "RealtimeStack.template.json")
        #expect(try set.select(apiNamed: "GameApi").routeKeys == ["start", "join", "move"])
        let error = #expect(throws: RouteConfigError.self) { try set.select(apiNamed: nil) }
        #expect(error?.apiNames == ["ChatApi", "GameApi"])
        #expect(
            error?.description
                == "RealtimeStack.template.json: 2 WebSocket APIs found (ChatApi, GameApi); name the one to use"
        )
    }

    @Test("a template with only an HTTP API is refused and says the HTTP API was ignored")
    func httpOnly() {
        let template = #"""
            Resources:
              OrdersApi:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Name: orders
                  ProtocolType: HTTP
              ListRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  ApiId: !Ref OrdersApi
                  RouteKey: GET /orders
            """#
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: template, fileName: "http.yaml")
        }
        #expect(
            error?.description
                == "http.yaml: no WebSocket API found: only HTTP APIs (orders), which have no route selection "
                + "expression and are ignored"
        )
    }

    @Test("a template without any ApiGatewayV2 resource says SAM has no WebSocket type")
    func noAPI() {
        let template = #"""
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Fn:
                Type: AWS::Serverless::Function
                Properties: {Handler: app.handler, Runtime: python3.12}
            """#
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: template, fileName: "sam.yaml")
        }
        #expect(error?.description.hasPrefix("sam.yaml: no WebSocket API found: the template declares no") == true)
        #expect(error?.description.contains("SAM has no WebSocket resource type") == true)
    }

    @Test("a RouteKey that is a list names its key path and both kinds")
    func routeKeyList() {
        let template = ChatTemplateFixtures.yaml.replacingOccurrences(
            of: "RouteKey: sendmessage", with: "RouteKey: [sendmessage, send]"
        )
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: template, fileName: "template.yaml")
        }
        #expect(error?.keyPath == "Resources.SendRoute.Properties.RouteKey")
        #expect(
            error?.description
                == "template.yaml: Resources.SendRoute.Properties.RouteKey: expected a string, found a list"
        )
    }

    @Test(
        "wrong kinds elsewhere are reported with their key paths",
        arguments: [
            (#"{"Resources": []}"#, "t.json: Resources: expected a mapping, found a list"),
            (#"{"Resources": {"Api": "x"}}"#, "t.json: Resources.Api: expected a mapping, found a string"),
            (
                #"{"Resources": {"Api": {"Type": ["AWS::ApiGatewayV2::Api"]}}}"#,
                "t.json: Resources.Api.Type: expected a string, found a list"
            ),
            (
                #"{"Resources": {"Api": {"Type": "AWS::ApiGatewayV2::Api", "Properties": 3}}}"#,
                "t.json: Resources.Api.Properties: expected a mapping, found a number"
            ),
            (
                #"{"Resources": {"R": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"ApiId": {"Ref": "A"}}}}}"#,
                "t.json: Resources.R.Properties.RouteKey: missing"
            ),
            (
                #"{"Resources": {"R": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"RouteKey": "a"}}}}"#,
                "t.json: Resources.R.Properties.ApiId: missing"
            ),
            (
                #"{"Resources": {"R": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"RouteKey": {"a": 1}}}}}"#,
                "t.json: Resources.R.Properties.RouteKey: expected a string, found a mapping"
            ),
            (
                #"{"Resources": {"R": {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"RouteKey": null}}}}"#,
                "t.json: Resources.R.Properties.RouteKey: expected a string, found null"
            ),
            (
                #"{"AWSTemplateFormatVersion": "2010-09-09"}"#,
                "t.json: Resources: missing; a template declares its API there"
            ),
        ])
    func wrongKinds(template: String, message: String) {
        let error = #expect(throws: RouteConfigError.self) {
            try RouteConfigLoader.load(text: template, fileName: "t.json")
        }
        #expect(error?.description == message)
    }

    @Test("parameter defaults resolve through !Ref, !Sub, !Join, !Select/!Split and !FindInMap")
    func resolvableIntrinsics() throws {
        let template = #"""
            Parameters:
              Prefix: {Type: String, Default: chat}
              Field: {Type: String, Default: kind}
              Env: {Type: String, Default: prod}
            Mappings:
              Names:
                prod: {Api: chat-prod}
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Name: !FindInMap [Names, !Ref Env, Api]
                  ProtocolType: WEBSOCKET
                  RouteSelectionExpression: !Sub "$request.body.${Field}"
              SubRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: !Sub "${Prefix}Send"}
              VarsRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties:
                  ApiId: !Ref Api
                  RouteKey: !Sub ["${Verb}-${Prefix}", {Verb: !Join ["", [le, ave]]}]
              SelectRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: !Select [1, !Split [",", "a,typing,c"]]}
              EscapedRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: !Sub "${!literal}"}
            """#
        let configuration = try #require(RouteConfigLoader.load(text: template, fileName: "t.yaml").first)
        #expect(configuration.apiName == "chat-prod")
        #expect(configuration.expression == "$request.body.kind")
        #expect(configuration.routeKeys == ["chatSend", "leave-chat", "typing", "${literal}"])
        #expect(configuration.notes.isEmpty)
    }

    @Test("values known only at deploy time are kept as readable text, and a note says so")
    func unresolvableIntrinsics() throws {
        let template = #"""
            Conditions:
              IsProd: !Equals [!Ref "AWS::AccountId", "123456789012"]
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Name: !Sub "${AWS::StackName}-chat"
                  ProtocolType: WEBSOCKET
                  RouteSelectionExpression: !If [IsProd, "$request.body.action", "$request.body.debug"]
              ImportedRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: !ImportValue shared-route-key}
              ProdRoute:
                Type: AWS::ApiGatewayV2::Route
                Condition: IsProd
                Properties: {ApiId: !GetAtt Api.ApiId, RouteKey: audit}
            """#
        let configuration = try #require(RouteConfigLoader.load(text: template, fileName: "t.yaml").first)
        #expect(configuration.apiName == "Api")
        #expect(configuration.expression == "!If [IsProd, $request.body.action, $request.body.debug]")
        #expect(configuration.routeKeys == ["!ImportValue shared-route-key", "audit"])
        let notes = configuration.notes.joined(separator: "\n")
        #expect(notes.contains("Name is ${AWS::StackName}-chat"))
        #expect(notes.contains("RouteSelectionExpression is !If"))
        #expect(notes.contains("Resources.ImportedRoute.Properties.RouteKey is !ImportValue shared-route-key"))
        #expect(notes.contains("ProdRoute exists only when the template condition IsProd holds"))
    }

    @Test("every short-form tag parses, wherever it appears in the template")
    func allShortFormTags() throws {
        let template = #"""
            Conditions:
              HasDomain: !Not [!Equals [!Ref Domain, ""]]
              UseAll: !And [!Condition HasDomain, !Or [!Condition HasDomain, !Equals [a, a]]]
            Parameters:
              Domain: {Type: String, Default: ""}
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Name: tags
                  ProtocolType: WEBSOCKET
                  RouteSelectionExpression: $request.body.action
                  Description: !Base64 "hello"
                  Tags:
                    zone: !Select [0, !GetAZs ""]
                    vpc: !ImportValue network-vpc
                    cidr: !Select [0, !Cidr ["10.0.0.0/16", 4, 8]]
                    mapped: !FindInMap [Somewhere, !Ref "AWS::Region", Key]
                    joined: !Join [",", !Split ["|", "a|b"]]
                    conditional: !If [HasDomain, !Ref Domain, !Ref "AWS::NoValue"]
                    length: !Length [1, 2]
                    json: !ToJsonString {a: b}
                    custom: !Transform {Name: AWS::Include, Parameters: {Location: s3://bucket/x.yaml}}
              Route:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !Ref Api, RouteKey: ping}
            """#
        let configuration = try #require(RouteConfigLoader.load(text: template, fileName: "tags.yaml").first)
        #expect(configuration.routeKeys == ["ping"])
        #expect(configuration.expression == "$request.body.action")
    }

    @Test("routes attached to an API made elsewhere are reported without an expression")
    func foreignAPI() throws {
        let template = #"""
            Resources:
              PingRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !ImportValue chat-api-id, RouteKey: ping}
              PongRoute:
                Type: AWS::ApiGatewayV2::Route
                Properties: {ApiId: !ImportValue chat-api-id, RouteKey: pong}
            """#
        let configurations = try RouteConfigLoader.load(text: template, fileName: "extra-routes.yaml")
        let configuration = try #require(configurations.first)
        #expect(configurations.count == 1)
        #expect(configuration.apiName == nil)
        #expect(configuration.expression == nil)
        #expect(configuration.routeKeys == ["ping", "pong"])
        #expect(configuration.notes.first?.contains("ApiId: !ImportValue chat-api-id") == true)
    }

    @Test("a WebSocket API without an expression keeps nil and notes that AWS requires one")
    func missingExpression() throws {
        let template = #"""
            {"Resources": {"Api": {"Type": "AWS::ApiGatewayV2::Api",
              "Properties": {"Name": "bare", "ProtocolType": "WEBSOCKET"}}}}
            """#
        let configuration = try #require(RouteConfigLoader.load(text: template, fileName: "bare.json").first)
        #expect(configuration.expression == nil)
        #expect(configuration.routeKeys.isEmpty)
        #expect(configuration.notes == ["Api has no RouteSelectionExpression, which a WebSocket API requires"])
    }

    @Test("a duplicated route key is reported once")
    func duplicateKeys() throws {
        let template = #"""
            Resources:
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties: {ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.a}
              One: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: go}}
              Two: {Type: AWS::ApiGatewayV2::Route, Properties: {ApiId: !Ref Api, RouteKey: go}}
            """#
        let configuration = try #require(RouteConfigLoader.load(text: template, fileName: "dup.yaml").first)
        #expect(configuration.routeKeys == ["go"])
    }
}
