/// Output of `aws apigatewayv2` commands for a WebSocket API, as the CLI prints it (PascalCase) and as the REST
/// API returns it (lower camel case).
enum APIGatewayCLIFixtures {
    static let getAPI = #"""
        {
            "ApiEndpoint": "wss://k3x9d1q2ab.execute-api.us-east-1.amazonaws.com",
            "ApiId": "k3x9d1q2ab",
            "ApiKeySelectionExpression": "$request.header.x-api-key",
            "CreatedDate": "2024-03-11T09:41:27+00:00",
            "DisableSchemaValidation": false,
            "DisableExecuteApiEndpoint": false,
            "IpAddressType": "ipv4",
            "Name": "simple-backend",
            "ProtocolType": "WEBSOCKET",
            "RouteSelectionExpression": "$request.body.action",
            "Tags": {}
        }
        """#

    static let getRoutes = #"""
        {
            "Items": [
                {
                    "ApiKeyRequired": false,
                    "AuthorizationType": "NONE",
                    "RouteId": "0v7wz1",
                    "RouteKey": "$connect",
                    "Target": "integrations/4jd2ko1"
                },
                {
                    "ApiKeyRequired": false,
                    "AuthorizationType": "NONE",
                    "RouteId": "8c2qyt",
                    "RouteKey": "sendmessage",
                    "RouteResponseSelectionExpression": "$default",
                    "Target": "integrations/p1l0s7e"
                },
                {
                    "ApiKeyRequired": false,
                    "AuthorizationType": "NONE",
                    "RouteId": "rq3m9x",
                    "RouteKey": "$disconnect",
                    "Target": "integrations/d9xk2mv"
                }
            ]
        }
        """#

    static let getAPIs = #"""
        {
            "Items": [
                {
                    "ApiEndpoint": "https://h8u2nq0z1c.execute-api.us-east-1.amazonaws.com",
                    "ApiId": "h8u2nq0z1c",
                    "ApiKeySelectionExpression": "$request.header.x-api-key",
                    "Name": "orders-http",
                    "ProtocolType": "HTTP",
                    "RouteSelectionExpression": "${request.method} ${request.path}"
                },
                {
                    "ApiEndpoint": "wss://k3x9d1q2ab.execute-api.us-east-1.amazonaws.com",
                    "ApiId": "k3x9d1q2ab",
                    "Name": "simple-backend",
                    "ProtocolType": "WEBSOCKET",
                    "RouteSelectionExpression": "$request.body.action"
                },
                {
                    "ApiEndpoint": "wss://w0r1d2c3up.execute-api.us-east-1.amazonaws.com",
                    "ApiId": "w0r1d2c3up",
                    "Name": "scoreboard",
                    "ProtocolType": "WEBSOCKET",
                    "RouteSelectionExpression": "$request.body.kind"
                }
            ]
        }
        """#

    static let getStages = #"""
        {
            "Items": [
                {"AutoDeploy": false, "DeploymentId": "x7k2p0", "StageName": "production"},
                {"AutoDeploy": true, "DeploymentId": "m3n8q1", "StageName": "staging"}
            ]
        }
        """#

    /// The REST wire shapes (`GET /v2/apis/{id}` and `GET /v2/apis/{id}/routes`), with a page token.
    static let restGetAPI = #"""
        {"apiEndpoint":"wss://k3x9d1q2ab.execute-api.us-east-1.amazonaws.com","apiId":"k3x9d1q2ab",
         "name":"simple-backend","protocolType":"WEBSOCKET","routeSelectionExpression":"$request.body.action"}
        """#

    static let restGetRoutes = #"""
        {"items":[{"apiKeyRequired":false,"authorizationType":"NONE","routeId":"0v7wz1","routeKey":"$connect"},
        {"apiKeyRequired":false,"authorizationType":"NONE","routeId":"8c2qyt","routeKey":"sendmessage"}],
        "nextToken":"eyJFeGNsdXNpdmVTdGFydEtleSI6eyJwIjp7IlMiOiJhcGlzIn19fQ=="}
        """#

    /// `get-routes` of an HTTP API, as in the AWS CLI documentation's example.
    static let httpGetRoutes = #"""
        {
            "Items": [
                {"ApiKeyRequired": false, "AuthorizationType": "NONE", "RouteId": "72jz1wk",
                 "RouteKey": "ANY /admin", "Target": "integrations/a1b2c3"},
                {"ApiGatewayManaged": true, "ApiKeyRequired": false, "AuthorizationType": "NONE",
                 "RouteId": "go65gqi", "RouteKey": "$default", "Target": "integrations/a1b2c4"}
            ]
        }
        """#
}
