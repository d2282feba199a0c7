#!/usr/bin/env python3
"""A Lambda-style integration behind a few lines of HTTP shim, for the mock gateway tests.

Usage: integration_handler.py PORT_FILE EVENTS_FILE. It listens on 127.0.0.1 (a free port, written to PORT_FILE),
appends every event it receives to EVENTS_FILE (one JSON per line) and answers like a Lambda handler:
- $connect: `?reject=NNN` answers statusCode NNN; an offered `Sec-WebSocket-Protocol` containing `chat.v2` is
  echoed; anything else is 200.
- $default: statusCode 200 with body `echo:` + the message body.
- sendmessage: replies through the @connections API with boto3 (as a real handler does), body-less 200.
- boom: the handler "throws" (HTTP 500 from the shim).
- $disconnect: 200.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3

lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        event = json.loads(self.rfile.read(length))
        with lock, open(self.server.events_file, "a") as out:
            out.write(json.dumps(event) + "\n")
        context = event["requestContext"]
        route = context["routeKey"]
        if route == "boom":
            self.reply(500, {"errorMessage": "handler threw"})
            return
        if route == "$connect":
            reject = (event.get("queryStringParameters") or {}).get("reject")
            if reject:
                self.reply(200, {"statusCode": int(reject), "body": "rejected by handler"})
                return
            offered = event.get("headers", {}).get("Sec-WebSocket-Protocol", "")
            if "chat.v2" in [p.strip() for p in offered.split(",")]:
                self.reply(200, {"statusCode": 200, "headers": {"Sec-WebSocket-Protocol": "chat.v2"}})
                return
            self.reply(200, {"statusCode": 200})
            return
        if route == "sendmessage":
            endpoint = "http://" + context["domainName"] + "/" + context["stage"]
            api = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint, region_name="us-east-1",
                               aws_access_key_id="x", aws_secret_access_key="y")
            data = json.loads(event["body"]).get("data", "")
            api.post_to_connection(ConnectionId=context["connectionId"], Data=("pushed:" + data).encode())
            self.reply(200, {"statusCode": 200})
            return
        if route == "$default":
            self.reply(200, {"statusCode": 200, "body": "echo:" + event.get("body", "")})
            return
        self.reply(200, {"statusCode": 200})

    def reply(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.events_file = sys.argv[2]
    open(sys.argv[2], "w").close()
    with open(sys.argv[1] + ".tmp", "w") as out:
        out.write(str(server.server_address[1]))
    import os
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()
