#!/usr/bin/env python3
"""Drives a live proxied session through Gatewire's control API, as a backend developer would: real boto3
`apigatewaymanagementapi` for `@connections`, plain HTTP for `/@gatewire/…`, and a `websockets` client on the
proxy to see what arrives.

Usage: control_session.py PROXY_URL CONTROL_ENDPOINT SCENARIO
Prints one JSON object with what each step observed.
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import asyncio
import json
import sys
import urllib.error
import urllib.request

import boto3
from botocore.config import Config
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed


def management(endpoint):
    return boto3.client(
        "apigatewaymanagementapi", endpoint_url=endpoint, region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))


def call(function, **arguments):
    """Runs a boto3 call; returns its status and error code."""
    try:
        response = function(**arguments)
        return {"ok": True, "status": response["ResponseMetadata"]["HTTPStatusCode"],
                "response": {k: str(v) for k, v in response.items() if k != "ResponseMetadata"}}
    except Exception as error:  # botocore.exceptions.ClientError and its modelled subclasses
        response = getattr(error, "response", {})
        return {"ok": False, "status": response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                "code": response.get("Error", {}).get("Code"), "message": response.get("Error", {}).get("Message")}


def http(method, url, body=b""):
    request = urllib.request.Request(url, data=body if method != "GET" else None, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return {"status": response.status, "body": response.read().decode()}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "body": error.read().decode()}


async def receive(ws, timeout=5):
    try:
        message = await asyncio.wait_for(ws.recv(), timeout)
        return message if isinstance(message, str) else {"binary": message.hex()}
    except (ConnectionClosed, asyncio.TimeoutError):
        return None


async def closed(ws):
    try:
        await asyncio.wait_for(ws.wait_closed(), 10)
    except asyncio.TimeoutError:
        return {"code": None, "reason": "still open"}
    frame = ws.protocol.close_rcvd
    return {"code": frame.code if frame else None, "reason": frame.reason if frame else None}


async def run(proxy, endpoint, scenario):
    api = management(endpoint)
    loop = asyncio.get_running_loop()
    result = {}

    async def boto(function, **arguments):
        return await loop.run_in_executor(None, lambda: call(function, **arguments))

    async def gatewire(method, path, body=b""):
        return await loop.run_in_executor(None, lambda: http(method, endpoint + "/@gatewire" + path, body))

    if scenario == "boto3":
        async with connect(proxy + "/prod?name=a", user_agent_header="control-tests/1", compression=None) as ws:
            await ws.send("hello")
            result["echo"] = await receive(ws)
            result["post"] = await boto(api.post_to_connection, ConnectionId="c1", Data=b'{"pushed":true}')
            result["received_post"] = await receive(ws)
            result["get"] = await boto(api.get_connection, ConnectionId="c1")
            result["post_unknown"] = await boto(api.post_to_connection, ConnectionId="c99", Data=b"x")
            result["post_too_large"] = await boto(api.post_to_connection, ConnectionId="c1", Data=b"x" * 131073)
            result["delete"] = await boto(api.delete_connection, ConnectionId="c1")
            result["close"] = await closed(ws)
            result["get_after_delete"] = await boto(api.get_connection, ConnectionId="c1")
    elif scenario == "upstream-and-close":
        async with connect(proxy + "/prod", compression=None) as ws:
            await ws.send("first")
            result["echo"] = await receive(ws)
            result["send_as_client"] = await gatewire("POST", "/connections/c1/send?as=client", b"injected upstream")
            result["echo_of_injected"] = await receive(ws)
            result["send_binary"] = await gatewire("POST", "/connections/c1/send?opcode=binary", b"\x00\xff")
            result["received_binary"] = await receive(ws)
            result["bad_code"] = await gatewire("POST", "/connections/c1/close?code=1005")
            result["bad_side"] = await gatewire("POST", "/connections/c1/close?side=middle")
            result["close_call"] = await gatewire("POST", "/connections/c1/close?code=4000&reason=bye&side=client")
            result["close"] = await closed(ws)
            result["list_after"] = await gatewire("GET", "/connections")
    elif scenario == "faults":
        for fault in ["idle-timeout", "connection-duration", "message-too-large", "frame-too-large"]:
            async with connect(proxy + "/prod", compression=None) as ws:
                await ws.send("ping")
                await receive(ws)
                listing = json.loads((await gatewire("GET", "/connections"))["body"])
                label = listing["connections"][-1]["id"]
                answer = await gatewire("POST", f"/faults/{label}", json.dumps({"fault": fault}).encode())
                result[fault] = {"answer": answer, "close": await closed(ws)}
        async with connect(proxy + "/prod", compression=None) as ws:
            await ws.send("ping")
            await receive(ws)
            listing = json.loads((await gatewire("GET", "/connections"))["body"])
            label = listing["connections"][-1]["id"]
            await gatewire("POST", f"/faults/{label}", b'{"fault":"gone","count":2}')
            result["gone"] = [await boto(api.post_to_connection, ConnectionId=label, Data=b"a") for _ in range(3)]
            await gatewire("POST", f"/faults/{label}", b'{"fault":"throttled"}')
            result["throttled"] = [await boto(api.get_connection, ConnectionId=label) for _ in range(2)]
            result["received"] = await receive(ws)
            result["unknown_fault"] = await gatewire("POST", f"/faults/{label}", b'{"fault":"nope"}')
            result["message_fault"] = await gatewire("POST", f"/faults/{label}", b'{"fault":"forbidden"}')
            await ws.send('{"action":"anything"}')
            result["forbidden_frame"] = await receive(ws)
            await ws.send('{"action":"next"}')
            result["after_forbidden"] = await receive(ws)
            result["bad_after"] = await gatewire("POST", f"/faults/{label}", b'{"fault":"gone","afterSeconds":9000}')
            started = loop.time()
            await gatewire("POST", f"/faults/{label}", b'{"fault":"idle-timeout","afterSeconds":0.5}')
            result["scheduled_close"] = await closed(ws)
            result["scheduled_seconds"] = loop.time() - started
            result["unknown_connection"] = await gatewire("POST", "/faults/c999", b'{"fault":"gone"}')
    elif scenario == "rules":
        async with connect(proxy + "/prod", compression=None) as ws:
            await ws.send('{"action":"drop-me"}')
            await ws.send('{"action":"ping"}')
            result["after_drop"] = await receive(ws)
            await ws.send('{"action":"rewrite-me","user":"bob","n":1.50}')
            result["rewritten"] = await receive(ws)
            started = loop.time()
            await ws.send('{"action":"slow"}')
            await ws.send('{"action":"behind-slow"}')
            result["slow"] = await receive(ws)
            result["slow_seconds"] = loop.time() - started
            result["behind_slow"] = await receive(ws)
            await ws.send('{"action":"twice"}')
            result["twice"] = [await receive(ws), await receive(ws)]
            await ws.send('{"action":"forbid"}')
            result["forbidden"] = await receive(ws)
            await ws.send('{"action":"ise"}')
            result["internal_server_error"] = await receive(ws)
            await ws.send('{"action":"ping"}')
            result["still_open"] = await receive(ws)
            # Rules change at run time: a new rule drops "ping", removing it lets "ping" through again.
            added = await gatewire("POST", "/rules", b'{"name":"noping","match":{"route":"ping"},"action":"drop"}')
            result["rule_added"] = added
            result["rules_listed"] = await gatewire("GET", "/rules")
            await ws.send('{"action":"ping"}')
            await ws.send('{"action":"pong"}')
            result["after_new_rule"] = await receive(ws)
            result["rule_removed"] = await gatewire("DELETE", "/rules/noping")
            result["rule_bad"] = await gatewire("POST", "/rules", b'{"action":"explode"}')
            await ws.send('{"action":"ping"}')
            result["after_removal"] = await receive(ws)
    elif scenario == "breakpoint":
        async with connect(proxy + "/prod", compression=None) as held, \
                connect(proxy + "/prod", compression=None) as other:
            await held.send('{"action":"hold-me","n":1}')
            await held.send('{"action":"after"}')
            listing = []
            for _ in range(100):
                listing = json.loads((await gatewire("GET", "/held"))["body"])["held"]
                if listing:
                    break
                await asyncio.sleep(0.05)
            result["listing"] = listing
            # Another connection keeps flowing while the message is held.
            started = loop.time()
            await other.send("other connection")
            result["other"] = await receive(other)
            result["other_seconds"] = loop.time() - started
            result["nothing_yet"] = await receive(held, timeout=0.3)
            hold_id = listing[0]["id"] if listing else "h0"
            result["release"] = await gatewire("POST", f"/held/{hold_id}/release", b'{"action":"hold-me","n":2}')
            result["edited"] = await receive(held)
            result["after"] = await receive(held)
            result["release_again"] = await gatewire("POST", f"/held/{hold_id}/release")
            await held.send('{"action":"hold-me","n":3}')
            for _ in range(100):
                listing = json.loads((await gatewire("GET", "/held"))["body"])["held"]
                if listing:
                    break
                await asyncio.sleep(0.05)
            result["drop"] = await gatewire("POST", f"/held/{listing[0]['id']}/drop") if listing else None
            await held.send('{"action":"after-drop"}')
            result["after_drop"] = await receive(held)
            started = loop.time()
            await held.send('{"action":"timeout-me"}')
            result["timed_out"] = await receive(held, timeout=10)
            result["timeout_seconds"] = loop.time() - started
    return result


def main():
    proxy, endpoint, scenario = sys.argv[1], sys.argv[2], sys.argv[3]
    print(json.dumps(asyncio.run(run(proxy, endpoint, scenario))), flush=True)


if __name__ == "__main__":
    main()
