#!/usr/bin/env python3
"""Serves a Lambda-style handler over HTTP, as an integration endpoint of `gatewire mock`.

    python3 examples/lambda_shim.py examples/chat.py [--listen 127.0.0.1:3000]

The mock gateway POSTs each Lambda proxy event (CONNECT, MESSAGE, DISCONNECT) to this endpoint; the shim calls
`handler(event, context)` from the given file and answers with what it returned, as JSON: `{"statusCode": ...,
"headers": ..., "body": ...}`. A handler that raises is answered with HTTP 500, which the mock treats like a
Lambda function that threw (the client gets `Internal server error`, or 502 on `$connect`).

Like one warm Lambda instance, the module is loaded once, so module-level state (the dicts the examples use in
place of DynamoDB) lives as long as the shim, and events are handled one at a time. The shim also provides
what the Lambda runtime would: a region and (dummy) credentials in the environment, so boto3 can sign its
requests to the mock's `@connections` API, which does not check signatures.

On start it prints one line with its URL (`--listen 127.0.0.1:0` picks a free port):

    Lambda shim: POST events to http://127.0.0.1:3000/  (handler examples/chat.py)
"""
import argparse
import importlib.util
import json
import os
import signal
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class LambdaContext:
    """The parts of the Lambda context object handlers commonly read."""

    def __init__(self, function_name, request_id, timeout_seconds=29):
        self.function_name = function_name
        self.function_version = "$LATEST"
        self.aws_request_id = request_id
        self.memory_limit_in_mb = 128
        self.invoked_function_arn = f"arn:aws:lambda:{os.environ['AWS_REGION']}:000000000000:function:{function_name}"
        self._deadline = time.monotonic() + timeout_seconds

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def load_handler(path, name):
    """Imports the handler file as a module and returns its handler function."""
    module_name = os.path.splitext(os.path.basename(path))[0]
    # Handlers import their shared helpers (connections.py) from their own folder, as a Lambda bundle would.
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return getattr(module, name)


def make_request_handler(handler, function_name, verbose):
    # One event at a time, like a single Lambda instance: the examples' in-memory state needs no locking.
    lock = threading.Lock()

    class RequestHandler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            try:
                event = json.loads(self.rfile.read(length))
            except ValueError:
                self.answer(400, {"errorMessage": "the request body is not a JSON event"})
                return
            request = event.get("requestContext", {})
            context = LambdaContext(function_name, request.get("requestId") or str(uuid.uuid4()))
            try:
                with lock:
                    result = handler(event, context)
            except Exception as error:  # the function "threw": Lambda reports it, the gateway answers 5xx
                traceback.print_exc()
                self.answer(500, {"errorMessage": str(error), "errorType": type(error).__name__})
                return
            if verbose:
                status = result.get("statusCode", 200) if isinstance(result, dict) else 200
                print(f"{request.get('eventType')} {request.get('routeKey')} {request.get('connectionId')}"
                      f" -> {status}", file=sys.stderr, flush=True)
            self.answer(200, result)

        def answer(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)

    return RequestHandler


def main():
    parser = argparse.ArgumentParser(description="Serve a Lambda-style handler as a gatewire mock integration.")
    parser.add_argument("handler_file", help="a Python file defining handler(event, context)")
    parser.add_argument("--function", default="handler", help="the handler's name in the file (default: handler)")
    parser.add_argument("--listen", default="127.0.0.1:0", help="HOST:PORT to listen on (port 0 picks a free one)")
    parser.add_argument("--verbose", action="store_true", help="print one line per event to standard error")
    args = parser.parse_args()

    # What the Lambda runtime provides; kept when already set.
    os.environ.setdefault("AWS_REGION", "us-east-1")
    os.environ.setdefault("AWS_DEFAULT_REGION", os.environ["AWS_REGION"])
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
    function_name = os.path.splitext(os.path.basename(args.handler_file))[0]
    os.environ.setdefault("AWS_LAMBDA_FUNCTION_NAME", function_name)
    sys.path.insert(0, os.path.dirname(os.path.abspath(args.handler_file)))

    handler = load_handler(args.handler_file, args.function)
    host, _, port = args.listen.rpartition(":")
    server = ThreadingHTTPServer((host or "127.0.0.1", int(port)), make_request_handler(
        handler, function_name, args.verbose))
    server.daemon_threads = True

    def stop(*_):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    bound_host, bound_port = server.server_address[:2]
    print(f"Lambda shim: POST events to http://{bound_host}:{bound_port}/  (handler {args.handler_file})",
          flush=True)
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
