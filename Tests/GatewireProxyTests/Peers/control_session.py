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
    except ConnectionClosed:
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
            result["close_call"] = await gatewire("POST", "/connections/c1/close?code=4000&reason=bye")
            result["close"] = await closed(ws)
            result["list_after"] = await gatewire("GET", "/connections")
    elif scenario == "faults":
        for fault in ["idle-timeout", "connection-duration", "message-too-large", "frame-too-large"]:
            async with connect(proxy + "/prod", compression=None) as ws:
                await ws.send("ping")
                await receive(ws)
                listing = json.loads((await gatewire("GET", "/connections"))["body"])
                label = listing["connections"][-1]["id"]
                answer = await gatewire("POST", f"/connections/{label}/fault", json.dumps({"fault": fault}).encode())
                result[fault] = {"answer": answer, "close": await closed(ws)}
        async with connect(proxy + "/prod", compression=None) as ws:
            await ws.send("ping")
            await receive(ws)
            listing = json.loads((await gatewire("GET", "/connections"))["body"])
            label = listing["connections"][-1]["id"]
            await gatewire("POST", f"/connections/{label}/fault", b'{"fault":"gone","count":2}')
            result["gone"] = [await boto(api.post_to_connection, ConnectionId=label, Data=b"a") for _ in range(3)]
            await gatewire("POST", f"/connections/{label}/fault", b'{"fault":"throttled"}')
            result["throttled"] = [await boto(api.get_connection, ConnectionId=label) for _ in range(2)]
            result["received"] = await receive(ws)
            result["unknown_fault"] = await gatewire("POST", f"/connections/{label}/fault", b'{"fault":"nope"}')
            result["message_fault"] = await gatewire("POST", f"/connections/{label}/fault", b'{"fault":"forbidden"}')
            result["unknown_connection"] = await gatewire("POST", "/connections/c999/fault", b'{"fault":"gone"}')
    return result


def main():
    proxy, endpoint, scenario = sys.argv[1], sys.argv[2], sys.argv[3]
    print(json.dumps(asyncio.run(run(proxy, endpoint, scenario))), flush=True)


if __name__ == "__main__":
    main()
