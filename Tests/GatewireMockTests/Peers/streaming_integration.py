#!/usr/bin/env python3
"""An integration that answers every MESSAGE event with an endless body, for the mock's response-size cap test.

Usage: streaming_integration.py MEGABYTES
Prints "PORT <n>" once listening on 127.0.0.1. $connect and $disconnect get {"statusCode": 200}; any other route
gets a 200 response with no Content-Length whose body streams MEGABYTES MB of JSON-looking bytes, 64 KB at a time.
After each stream it prints "STREAMED <bytes> cut" when the mock closed the connection before the end, or
"STREAMED <bytes> complete" when it read everything.
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOTAL = int(sys.argv[1]) << 20
CHUNK = b'{"body": "' + b"x" * (64 * 1024 - 10)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.0"

    def log_message(self, *args):
        pass

    def do_POST(self):
        event = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))))
        route = event["requestContext"]["routeKey"]
        if route in ("$connect", "$disconnect"):
            body = b'{"statusCode": 200}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        sent = 0
        try:
            while sent < TOTAL:
                self.wfile.write(CHUNK)
                sent += len(CHUNK)
            self.wfile.flush()
            print(f"STREAMED {sent} complete", flush=True)
        except (BrokenPipeError, ConnectionResetError):
            print(f"STREAMED {sent} cut", flush=True)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
