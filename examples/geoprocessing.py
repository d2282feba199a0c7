"""Geoprocessing task socket (captures/000-geoprocessing/template.yaml, expression `$request.body.message`).

A browser subscribes to the results of one task on $connect with
`?serviceName=…&cacheKey=…&fromClient=true`. The task runner opens its own connection with the same serviceName
and cacheKey (without fromClient) and sends `{"message": "sendmessage", …}` with its progress or results; the
handler forwards them to every browser subscribed to the same (serviceName, cacheKey) and tells the runner how
many it reached.

Subscriptions are matched on the values API Gateway decoded from each query string, so both sides must encode
the key the same way: a raw `+00:00` arrives as ` 00:00` (a `+` is a space), an encoded and cut-off
`%2B00%3A` arrives as `+00:`, and the two never meet.
"""
import json

from connections import post

# The DynamoDB table of the template, kept in memory: (serviceName, cacheKey) -> subscribed connection ids.
SUBSCRIPTIONS = {}
# What each open connection was opened for: connection id -> (serviceName, cacheKey).
CONNECTIONS = {}


def handler(event, context):
    request = event["requestContext"]
    route, connection_id = request["routeKey"], request["connectionId"]

    if route == "$connect":
        query = event.get("queryStringParameters") or {}
        service, cache_key = query.get("serviceName"), query.get("cacheKey")
        if not service or not cache_key:
            return {"statusCode": 400, "body": "serviceName and cacheKey are required"}
        CONNECTIONS[connection_id] = (service, cache_key)
        if query.get("fromClient") == "true":
            SUBSCRIPTIONS.setdefault((service, cache_key), set()).add(connection_id)
        return {"statusCode": 200}

    if route == "$disconnect":
        task = CONNECTIONS.pop(connection_id, None)
        SUBSCRIPTIONS.get(task, set()).discard(connection_id)
        return {"statusCode": 200}

    # sendmessage: the task runner reports on the task its connection was opened for.
    service, cache_key = CONNECTIONS[connection_id]
    report = json.loads(event["body"])
    update = {"serviceName": service, "cacheKey": cache_key, "status": report.get("status"),
              "result": report.get("result")}
    reached = sum(post(event, browser, update) for browser in sorted(SUBSCRIPTIONS.get((service, cache_key), ())))
    post(event, connection_id, {"delivered": reached, "serviceName": service, "cacheKey": cache_key})
    return {"statusCode": 200}
