"""Simple backend (captures/002-simple-backend/get-api.json + get-routes.json, expression `$request.body.action`).

    {"action": "sendmessage", "data": "hello"} -> "hello", sent back to the sender through @connections
"""
import json
from functools import lru_cache

import boto3

# The connections table, kept in memory: the ids of the open connections.
CONNECTIONS = set()


@lru_cache
def management_api(endpoint):
    return boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)


def handler(event, context):
    request = event["requestContext"]
    route, connection_id = request["routeKey"], request["connectionId"]

    if route == "$connect":
        CONNECTIONS.add(connection_id)
    elif route == "$disconnect":
        CONNECTIONS.discard(connection_id)
    elif route == "sendmessage":
        domain = request["domainName"]
        # A deployed Lambda calls https://{domainName}/{stage}; the local mock gateway speaks plain http.
        scheme = "http" if domain.startswith(("127.0.0.1", "localhost")) else "https"
        client = management_api(f"{scheme}://{domain}/{request['stage']}")
        data = json.loads(event["body"]).get("data", "")
        client.post_to_connection(ConnectionId=connection_id, Data=str(data).encode())
    return {"statusCode": 200}
