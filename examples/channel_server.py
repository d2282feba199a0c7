"""Channel server (captures/001-channel-server/serverless.yml, expression `$request.body.type`).

    {"type": "join", "channel": "lobby"}               -> {"type": "joinSuccess", "channel": "lobby"}
    {"type": "publish", "channel": "lobby", "data": …} -> {"type": "message", "channel": "lobby",
                                                           "senderId": "<connection id>", "data": …} to members,
                                                          {"type": "publishFailure", …} to a non-member
    {"type": "ping"}                                   -> {"type": "pong"}

`join` and `ping` are two-way routes (`routeResponseSelectionExpression: $default`): their result's body is the
reply. `publish` reaches the channel's members through @connections.
"""
import json

from connections import post

# The channels table of serverless.yml, kept in memory: channel -> member connection ids.
CHANNELS = {}


def reply(payload):
    return {"statusCode": 200, "body": json.dumps(payload)}


def handler(event, context):
    request = event["requestContext"]
    route, connection_id = request["routeKey"], request["connectionId"]

    if route == "$connect":
        return {"statusCode": 200}
    if route == "$disconnect":
        for members in CHANNELS.values():
            members.discard(connection_id)
        return {"statusCode": 200}

    message = json.loads(event["body"])
    channel = message.get("channel")
    if route == "ping":
        return reply({"type": "pong"})
    if route == "join":
        CHANNELS.setdefault(channel, set()).add(connection_id)
        return reply({"type": "joinSuccess", "channel": channel})
    if route == "publish":
        members = CHANNELS.get(channel, set())
        if connection_id not in members:
            post(event, connection_id, {"type": "publishFailure", "channel": channel,
                                        "reason": f"not a member of {channel}: join it first"})
        else:
            for member in sorted(members):
                post(event, member, {"type": "message", "channel": channel, "senderId": connection_id,
                                     "data": message.get("data")})
    return {"statusCode": 200}
