/// `cdk synth` output (`cdk.out/RealtimeStack.template.json`) of a stack with two WebSocket APIs built with
/// `aws-cdk-lib/aws-apigatewayv2` (`WebSocketApi`, `WebSocketStage`, `addRoute`) and one HTTP API for health
/// checks: generated logical ids, `Ref`-linked routes, `Fn::Join` targets, CDK metadata and the bootstrap rule.
enum CDKSynthFixtures {
    static let twoWebSocketAPIs = #"""
        {
         "Resources": {
          "ChatApi1B4C8C9E": {
           "Type": "AWS::ApiGatewayV2::Api",
           "Properties": {
            "Name": "ChatApi",
            "ProtocolType": "WEBSOCKET",
            "RouteSelectionExpression": "$request.body.action"
           },
           "Metadata": {"aws:cdk:path": "RealtimeStack/ChatApi/Resource"}
          },
          "ChatApiconnectRouteChatConnectIntegration9F3A2B11": {
           "Type": "AWS::ApiGatewayV2::Integration",
           "Properties": {
            "ApiId": {"Ref": "ChatApi1B4C8C9E"},
            "IntegrationType": "AWS_PROXY",
            "IntegrationUri": {
             "Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"},
              ":lambda:path/2015-03-31/functions/", {"Fn::GetAtt": ["ConnectHandler2FFD52D8", "Arn"]}, "/invocations"]]
            }
           }
          },
          "ChatApiconnectRoute5E7C0A44": {
           "Type": "AWS::ApiGatewayV2::Route",
           "Properties": {
            "ApiId": {"Ref": "ChatApi1B4C8C9E"},
            "AuthorizationType": "NONE",
            "RouteKey": "$connect",
            "Target": {
             "Fn::Join": ["", ["integrations/", {"Ref": "ChatApiconnectRouteChatConnectIntegration9F3A2B11"}]]
            }
           }
          },
          "ChatApidisconnectRoute3D9E5B21": {
           "Type": "AWS::ApiGatewayV2::Route",
           "Properties": {
            "ApiId": {"Ref": "ChatApi1B4C8C9E"},
            "AuthorizationType": "NONE",
            "RouteKey": "$disconnect",
            "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "ChatApidisconnectRouteIntegration7A1C"}]]}
           }
          },
          "ChatApisendMessageRoute8C2D4E6F": {
           "Type": "AWS::ApiGatewayV2::Route",
           "Properties": {
            "ApiId": {"Ref": "ChatApi1B4C8C9E"},
            "AuthorizationType": "NONE",
            "RouteKey": "sendMessage",
            "RouteResponseSelectionExpression": "$default",
            "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "ChatApisendMessageRouteIntegration5B3F"}]]}
           }
          },
          "ChatStage4A7B2C1D": {
           "Type": "AWS::ApiGatewayV2::Stage",
           "Properties": {"ApiId": {"Ref": "ChatApi1B4C8C9E"}, "AutoDeploy": true, "StageName": "dev"},
           "Metadata": {"aws:cdk:path": "RealtimeStack/ChatStage/Resource"}
          },
          "GameApiE2F0A7C3": {
           "Type": "AWS::ApiGatewayV2::Api",
           "Properties": {
            "Name": "GameApi",
            "ProtocolType": "WEBSOCKET",
            "RouteSelectionExpression": "${request.body.type}"
           }
          },
          "GameApistartRoute0C1D2E3F": {
           "Type": "AWS::ApiGatewayV2::Route",
           "Properties": {"ApiId": {"Ref": "GameApiE2F0A7C3"}, "AuthorizationType": "NONE", "RouteKey": "start",
            "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "GameApistartRouteIntegration1A2B"}]]}}
          },
          "GameApijoinRoute4A5B6C7D": {
           "Type": "AWS::ApiGatewayV2::Route",
           "Properties": {"ApiId": {"Ref": "GameApiE2F0A7C3"}, "AuthorizationType": "NONE", "RouteKey": "join",
            "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "GameApijoinRouteIntegration3C4D"}]]}}
          },
          "GameApimoveRoute8E9F0A1B": {
           "Type": "AWS::ApiGatewayV2::Route",
           "Properties": {"ApiId": {"Ref": "GameApiE2F0A7C3"}, "AuthorizationType": "NONE", "RouteKey": "move",
            "Target": {"Fn::Join": ["", ["integrations/", {"Ref": "GameApimoveRouteIntegration5E6F"}]]}}
          },
          "GameStageB1C2D3E4": {
           "Type": "AWS::ApiGatewayV2::Stage",
           "Properties": {"ApiId": {"Ref": "GameApiE2F0A7C3"}, "AutoDeploy": true, "StageName": "live"}
          },
          "HealthApi7D8E9F01": {
           "Type": "AWS::ApiGatewayV2::Api",
           "Properties": {"Name": "HealthApi", "ProtocolType": "HTTP"}
          },
          "HealthApiGEThealthRoute2B3C": {
           "Type": "AWS::ApiGatewayV2::Route",
           "Properties": {"ApiId": {"Ref": "HealthApi7D8E9F01"}, "AuthorizationType": "NONE",
            "RouteKey": "GET /health"}
          },
          "CDKMetadata": {
           "Type": "AWS::CDK::Metadata",
           "Properties": {"Analytics": "v2:deflate64:H4sIAAAAAAAA/1WOwQ6CMBBEv4XeWgFvvQsHrBq5qG"},
           "Metadata": {"aws:cdk:path": "RealtimeStack/CDKMetadata/Default"}
          }
         },
         "Parameters": {
          "BootstrapVersion": {
           "Type": "AWS::SSM::Parameter::Value<String>",
           "Default": "/cdk-bootstrap/hnb659fds/version",
           "Description": "Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM"
          }
         },
         "Rules": {
          "CheckBootstrapVersion": {
           "Assertions": [{
            "Assert": {"Fn::Not": [{"Fn::Contains": [["1", "2", "3", "4", "5"], {"Ref": "BootstrapVersion"}]}]},
            "AssertDescription": "CDK bootstrap stack version 6 required."
           }]
          }
         }
        }
        """#
}
