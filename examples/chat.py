"""Chat (captures/004-chat/template.yaml, expression `$request.body.action`).

    {"action": "setName", "name": "ann"}                    -> {"type": "nameSet", "name": "ann"}
    {"action": "sendPublic", "text": "hi"}                  -> {"type": "public", "from": "ann", "text": "hi"} to all
    {"action": "sendPrivate", "to": "bob", "text": "psst"}  -> {"type": "private", "from": "ann", …} to bob
    anything else ($default)                                -> {"type": "help", …}, the route's response

Custom route keys never start with `$`: a client sending `{"action": "$sendPublic"}` lands on `$default` and gets
the help text. `$default` is a two-way route in the template (a RouteResponse), so its reply is the result's body;
everything else goes out through @connections.
"""
import json

from connections import post

# Display names of the open connections, kept in memory: connection id -> name ("" until setName).
MEMBERS = {}


def handler(event, context):
    request = event["requestContext"]
    route, connection_id = request["routeKey"], request["connectionId"]

    if route == "$connect":
        MEMBERS[connection_id] = ""
        return {"statusCode": 200}
    if route == "$disconnect":
        MEMBERS.pop(connection_id, None)
        return {"statusCode": 200}

    try:
        message = json.loads(event["body"])
    except ValueError:
        message = {}
    sender = MEMBERS.get(connection_id) or "anonymous"

    if route == "setName":
        MEMBERS[connection_id] = str(message.get("name", ""))
        post(event, connection_id, {"type": "nameSet", "name": MEMBERS[connection_id]})
    elif route == "sendPublic":
        for member in sorted(MEMBERS):
            post(event, member, {"type": "public", "from": sender, "text": message.get("text")})
    elif route == "sendPrivate":
        recipient = next((member for member, name in MEMBERS.items() if name == message.get("to")), None)
        if recipient is None:
            post(event, connection_id, {"type": "error", "text": f"nobody is called {message.get('to')}"})
        else:
            post(event, recipient, {"type": "private", "from": sender, "text": message.get("text")})
    else:
        action = message.get("action") if isinstance(message, dict) else None
        return {"statusCode": 200, "body": json.dumps({
            "type": "help", "received": action,
            "text": "Send {\"action\": …} with setName, sendPublic or sendPrivate (no leading $)."})}
    return {"statusCode": 200}
