/// `serverless.yml` files: a service with short- and long-form `websocket` events, a `$connect` authorizer and
/// Serverless variables; one written for the old `serverless-websockets-plugin`; one with only HTTP events.
enum ServerlessFixtures {
    static let chat = #"""
        service: realtime-chat
        frameworkVersion: '3'

        custom:
          tableName: ${self:service}-connections-${sls:stage}
          sendRoute: sendMessage

        provider:
          name: aws
          runtime: nodejs20.x
          region: eu-west-1
          stage: ${opt:stage, 'dev'}
          websocketsApiName: realtime-chat-ws
          websocketsApiRouteSelectionExpression: $request.body.action
          websocketsDescription: Realtime chat over WebSockets
          environment:
            CONNECTIONS_TABLE: ${self:custom.tableName}
          iam:
            role:
              statements:
                - Effect: Allow
                  Action:
                    - dynamodb:PutItem
                    - dynamodb:DeleteItem
                    - dynamodb:Scan
                  Resource: !GetAtt ConnectionsTable.Arn

        functions:
          auth:
            handler: src/auth.handler
          connectionHandler:
            handler: src/connection.handler
            events:
              - websocket:
                  route: $connect
                  authorizer:
                    name: auth
                    identitySource:
                      - 'route.request.header.Auth'
                      - 'route.request.querystring.Auth'
              - websocket:
                  route: $disconnect
          defaultHandler:
            handler: src/default.handler
            events:
              - websocket: $default
          sendMessage:
            handler: src/send.handler
            events:
              - websocket:
                  route: ${self:custom.sendRoute}
                  routeResponseSelectionExpression: $default
          health:
            handler: src/health.handler
            events:
              - httpApi:
                  path: /health
                  method: get

        resources:
          Resources:
            ConnectionsTable:
              Type: AWS::DynamoDB::Table
              Properties:
                TableName: ${self:custom.tableName}
                BillingMode: PAY_PER_REQUEST
                AttributeDefinitions:
                  - AttributeName: connectionId
                    AttributeType: S
                KeySchema:
                  - AttributeName: connectionId
                    KeyType: HASH
        """#

    /// The deprecated plugin's spelling: `websocketApiRouteSelectionExpression` and `routeKey:`, no stage.
    static let oldPlugin = #"""
        service: ticker

        plugins:
          - serverless-websockets-plugin

        provider:
          name: aws
          runtime: nodejs10.x
          websocketApiName: ticker-websockets
          websocketApiRouteSelectionExpression: $request.body.event

        functions:
          connectionManagement:
            handler: handler.connectionManagement
            events:
              - websocket:
                  routeKey: $connect
              - websocket:
                  routeKey: $disconnect
          subscribe:
            handler: handler.subscribe
            events:
              - websocket:
                  routeKey: subscribe
        """#

    /// No expression, no stage and no API name: every Serverless default applies.
    static let defaults = #"""
        service: echo
        provider:
          name: aws
          runtime: python3.12
        functions:
          echo:
            handler: handler.echo
            events:
              - websocket: $default
              - websocket: echo
        """#

    static let httpOnly = #"""
        service: orders
        provider:
          name: aws
          runtime: python3.12
        functions:
          list:
            handler: orders.list
            events:
              - httpApi: 'GET /orders'
          create:
            handler: orders.create
            events:
              - http:
                  path: orders
                  method: post
        """#
}
