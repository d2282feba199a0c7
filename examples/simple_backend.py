"""Simple backend (captures/002-simple-backend/get-api.json + get-routes.json, expression `$request.body.action`).

    {"action": "sendmessage", "data": "hello"} -> "hello", sent back to the sender through @connections
"""
import json

from connections import post_bytes

# The connections table, kept in memory: the ids of the open connections.
CONNECTIONS = set()


def handler(event, context):
    request = event["requestContext"]
    route, connection_id = request["routeKey"], request["connectionId"]

    if route == "$connect":
        CONNECTIONS.add(connection_id)
    elif route == "$disconnect":
        CONNECTIONS.discard(connection_id)
    elif route == "sendmessage":
        data = json.loads(event["body"]).get("data", "")
        post_bytes(event, connection_id, str(data).encode())
    return {"statusCode": 200}
