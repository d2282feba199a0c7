import Foundation

/// A chat application's SAM template in the shape of the well-known WebSocket chat samples: one API with
/// `$request.body.action`, routes `$connect`, `$disconnect` and `sendmessage`, linked with `!Ref`, `!GetAtt`,
/// `!Sub` and `!Join`, in YAML and in the equivalent JSON.
enum ChatTemplateFixtures {
    static let yaml = #"""
        AWSTemplateFormatVersion: '2010-09-09'
        Transform: AWS::Serverless-2016-10-31
        Description: >-
          chat-app: a chat room on an API Gateway WebSocket API. Connection ids are kept in DynamoDB and
          every message is sent to every connection through the @connections API.

        Parameters:
          ConnectionsTableName:
            Type: String
            Default: chat_connections
            MinLength: 3
            MaxLength: 50
            AllowedPattern: ^[A-Za-z_]+$
          StageName:
            Type: String
            Default: Prod

        Globals:
          Function:
            Runtime: nodejs20.x
            MemorySize: 256
            Timeout: 10

        Resources:
          ChatWebSocket:
            Type: AWS::ApiGatewayV2::Api
            Properties:
              Name: ChatWebSocket
              ProtocolType: WEBSOCKET
              RouteSelectionExpression: "$request.body.action"

          ConnectRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties:
              ApiId: !Ref ChatWebSocket
              RouteKey: $connect
              AuthorizationType: NONE
              OperationName: ConnectRoute
              Target: !Join
                - '/'
                - - 'integrations'
                  - !Ref ConnectIntegration
          ConnectIntegration:
            Type: AWS::ApiGatewayV2::Integration
            Properties:
              ApiId: !Ref ChatWebSocket
              Description: Connect Integration
              IntegrationType: AWS_PROXY
              IntegrationUri: !Sub >-
                arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${ConnectFn.Arn}/invocations

          DisconnectRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties:
              ApiId: !GetAtt ChatWebSocket.ApiId
              RouteKey: $disconnect
              AuthorizationType: NONE
              OperationName: DisconnectRoute
              Target: !Join ['/', ['integrations', !Ref DisconnectIntegration]]
          DisconnectIntegration:
            Type: AWS::ApiGatewayV2::Integration
            Properties:
              ApiId: !Ref ChatWebSocket
              IntegrationType: AWS_PROXY
              IntegrationUri: !Sub >-
                arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${DisconnectFn.Arn}/invocations

          SendRoute:
            Type: AWS::ApiGatewayV2::Route
            Properties:
              ApiId: !Ref ChatWebSocket
              RouteKey: sendmessage
              AuthorizationType: NONE
              OperationName: SendRoute
              Target: !Join ['/', ['integrations', !Ref SendIntegration]]
          SendIntegration:
            Type: AWS::ApiGatewayV2::Integration
            Properties:
              ApiId: !Ref ChatWebSocket
              IntegrationType: AWS_PROXY
              IntegrationUri: !Sub >-
                arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${SendMessageFn.Arn}/invocations

          Deployment:
            Type: AWS::ApiGatewayV2::Deployment
            DependsOn:
              - ConnectRoute
              - SendRoute
              - DisconnectRoute
            Properties:
              ApiId: !Ref ChatWebSocket
          Stage:
            Type: AWS::ApiGatewayV2::Stage
            Properties:
              StageName: !Ref StageName
              Description: Prod Stage
              DeploymentId: !Ref Deployment
              ApiId: !Ref ChatWebSocket

          ConnectionsTable:
            Type: AWS::DynamoDB::Table
            Properties:
              AttributeDefinitions:
                - AttributeName: "connectionId"
                  AttributeType: "S"
              KeySchema:
                - AttributeName: "connectionId"
                  KeyType: "HASH"
              BillingMode: PAY_PER_REQUEST
              SSESpecification:
                SSEEnabled: True
              TableName: !Ref ConnectionsTableName

          ConnectFn:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: onconnect/
              Handler: app.handler
              Environment:
                Variables:
                  TABLE_NAME: !Ref ConnectionsTableName
              Policies:
                - DynamoDBCrudPolicy:
                    TableName: !Ref ConnectionsTableName
          ConnectPermission:
            Type: AWS::Lambda::Permission
            DependsOn:
              - ChatWebSocket
            Properties:
              Action: lambda:InvokeFunction
              FunctionName: !Ref ConnectFn
              Principal: apigateway.amazonaws.com

          DisconnectFn:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: ondisconnect/
              Handler: app.handler
              Environment:
                Variables:
                  TABLE_NAME: !Ref ConnectionsTableName
              Policies:
                - DynamoDBCrudPolicy:
                    TableName: !Ref ConnectionsTableName

          SendMessageFn:
            Type: AWS::Serverless::Function
            Properties:
              CodeUri: sendmessage/
              Handler: app.handler
              Environment:
                Variables:
                  TABLE_NAME: !Ref ConnectionsTableName
              Policies:
                - DynamoDBCrudPolicy:
                    TableName: !Ref ConnectionsTableName
                - Statement:
                    - Effect: Allow
                      Action:
                        - 'execute-api:ManageConnections'
                      Resource:
                        - !Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${ChatWebSocket}/*'

        Outputs:
          ConnectionsTableArn:
            Description: "Connections table ARN"
            Value: !GetAtt ConnectionsTable.Arn
          WebSocketURI:
            Description: "The WSS Protocol URI to connect to"
            Value: !Join
              - ''
              - ['wss://', !Ref ChatWebSocket, '.execute-api.', !Ref 'AWS::Region', '.amazonaws.com/', !Ref 'Stage']
        """#

    static let json = #"""
        {
          "AWSTemplateFormatVersion": "2010-09-09",
          "Transform": "AWS::Serverless-2016-10-31",
          "Description": "chat-app: a chat room on an API Gateway WebSocket API.",
          "Parameters": {
            "ConnectionsTableName": {"Type": "String", "Default": "chat_connections"},
            "StageName": {"Type": "String", "Default": "Prod"}
          },
          "Resources": {
            "ChatWebSocket": {
              "Type": "AWS::ApiGatewayV2::Api",
              "Properties": {
                "Name": "ChatWebSocket",
                "ProtocolType": "WEBSOCKET",
                "RouteSelectionExpression": "$request.body.action"
              }
            },
            "ConnectRoute": {
              "Type": "AWS::ApiGatewayV2::Route",
              "Properties": {
                "ApiId": {"Ref": "ChatWebSocket"},
                "RouteKey": "$connect",
                "AuthorizationType": "NONE",
                "OperationName": "ConnectRoute",
                "Target": {"Fn::Join": ["/", ["integrations", {"Ref": "ConnectIntegration"}]]}
              }
            },
            "ConnectIntegration": {
              "Type": "AWS::ApiGatewayV2::Integration",
              "Properties": {
                "ApiId": {"Ref": "ChatWebSocket"},
                "IntegrationType": "AWS_PROXY",
                "IntegrationUri": {
                  "Fn::Join": ["", ["arn:aws:apigateway:", {"Ref": "AWS::Region"}, ":lambda:path/2015-03-31/functions/",
                    {"Fn::GetAtt": ["ConnectFn", "Arn"]}, "/invocations"]]
                }
              }
            },
            "DisconnectRoute": {
              "Type": "AWS::ApiGatewayV2::Route",
              "Properties": {
                "ApiId": {"Fn::GetAtt": ["ChatWebSocket", "ApiId"]},
                "RouteKey": "$disconnect",
                "AuthorizationType": "NONE",
                "Target": {"Fn::Join": ["/", ["integrations", {"Ref": "DisconnectIntegration"}]]}
              }
            },
            "SendRoute": {
              "Type": "AWS::ApiGatewayV2::Route",
              "Properties": {
                "ApiId": {"Ref": "ChatWebSocket"},
                "RouteKey": "sendmessage",
                "AuthorizationType": "NONE",
                "Target": {"Fn::Join": ["/", ["integrations", {"Ref": "SendIntegration"}]]}
              }
            },
            "Deployment": {
              "Type": "AWS::ApiGatewayV2::Deployment",
              "DependsOn": ["ConnectRoute", "SendRoute", "DisconnectRoute"],
              "Properties": {"ApiId": {"Ref": "ChatWebSocket"}}
            },
            "Stage": {
              "Type": "AWS::ApiGatewayV2::Stage",
              "Properties": {
                "StageName": {"Ref": "StageName"},
                "DeploymentId": {"Ref": "Deployment"},
                "ApiId": {"Ref": "ChatWebSocket"}
              }
            },
            "ConnectionsTable": {
              "Type": "AWS::DynamoDB::Table",
              "Properties": {
                "AttributeDefinitions": [{"AttributeName": "connectionId", "AttributeType": "S"}],
                "KeySchema": [{"AttributeName": "connectionId", "KeyType": "HASH"}],
                "BillingMode": "PAY_PER_REQUEST",
                "TableName": {"Ref": "ConnectionsTableName"}
              }
            }
          },
          "Outputs": {
            "WebSocketURI": {
              "Value": {"Fn::Join": ["", ["wss://", {"Ref": "ChatWebSocket"}, ".execute-api.", {"Ref": "AWS::Region"},
                ".amazonaws.com/", {"Ref": "Stage"}]]}
            }
          }
        }
        """#
}
