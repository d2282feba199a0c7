#!/usr/bin/env python3
"""Injects gateway faults into a live mock connection and reports what a real client and real boto3 saw.

Usage: fault_injection.py WS_URL ENDPOINT_URL [PLAN_JSON] (else the plan on standard input). A Python `websockets` client connects to WS_URL and
learns its connection id from the gateway's Forbidden frame (it sends a message no route takes). The plan is a list
of steps, run in order:

  {"fault": BODY}            POST BODY (an object, or {"raw": TEXT}) to ENDPOINT_URL/@gatewire/faults/ID;
                             "id" overrides the connection id. Appends {status, error_type, body} to "faults".
  {"send": TEXT}             sends a text message.
  {"recv": SECONDS}          appends the next message to "received" (or "timeout" / "closed").
  {"boto": "post"|"get"|"delete", "data": TEXT}
                             calls apigatewaymanagementapi with boto3; appends {ok, status, code, message} to "calls".
  {"quiet": SECONDS}         waits that long for a message or a close; records "quiet": true when none came.
  {"wait_close": SECONDS}    waits for the gateway's close; "close" is {code, reason, after_fault} (seconds since
                             the last fault answer).

Prints one JSON report.
"""
import asyncio
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import boto3
import botocore.config
from botocore.exceptions import ClientError
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed


def management(endpoint):
    return boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="y",
        # One attempt: boto3 retries a 429 by itself, and the test wants to see it.
        config=botocore.config.Config(retries={"total_max_attempts": 1}),
    )


def call(function, **arguments):
    try:
        response = function(**arguments)
        return {"ok": True, "status": response["ResponseMetadata"]["HTTPStatusCode"]}
    except ClientError as error:
        return {
            "ok": False,
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
            "code": error.response["Error"]["Code"],
            "message": error.response["Error"].get("Message"),
            "exception": type(error).__name__,
        }


def inject(endpoint, connection_id, body):
    url = endpoint + "/@gatewire/faults/" + urllib.parse.quote(connection_id, safe="")
    data = body["raw"].encode() if "raw" in body else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, headers, text = response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        status, headers, text = error.code, error.headers, error.read().decode()
    return {"status": status, "error_type": headers.get("x-amzn-ErrorType"), "body": json.loads(text)}


async def run(ws_url, endpoint, steps):
    api = management(endpoint)
    report = {"faults": [], "received": [], "calls": [], "close": None, "quiet": None}
    async with connect(ws_url, compression=None, max_size=None, open_timeout=30, close_timeout=5) as ws:
        await ws.send('{"action":"whoami"}')
        connection_id = json.loads(await asyncio.wait_for(ws.recv(), 10))["connectionId"]
        report["connection_id"] = connection_id
        last_fault = time.monotonic()
        for step in steps:
            if "fault" in step:
                target = step.get("id", connection_id)
                report["faults"].append(await asyncio.to_thread(inject, endpoint, target, step["fault"]))
                last_fault = time.monotonic()
            elif "send" in step:
                await ws.send(step["send"])
            elif "recv" in step:
                try:
                    report["received"].append(await asyncio.wait_for(ws.recv(), step["recv"]))
                except asyncio.TimeoutError:
                    report["received"].append("timeout")
                except ConnectionClosed:
                    report["received"].append("closed")
            elif "boto" in step:
                kind = step["boto"]
                if kind == "post":
                    result = await asyncio.to_thread(
                        call, api.post_to_connection, ConnectionId=connection_id, Data=step["data"].encode())
                elif kind == "get":
                    result = await asyncio.to_thread(call, api.get_connection, ConnectionId=connection_id)
                else:
                    result = await asyncio.to_thread(call, api.delete_connection, ConnectionId=connection_id)
                report["calls"].append(result)
            elif "quiet" in step:
                try:
                    await asyncio.wait_for(ws.recv(), step["quiet"])
                    report["quiet"] = False
                except asyncio.TimeoutError:
                    report["quiet"] = True
                except ConnectionClosed:
                    report["quiet"] = False
            elif "wait_close" in step:
                try:
                    while True:
                        await asyncio.wait_for(ws.recv(), step["wait_close"])
                except ConnectionClosed:
                    pass
                except asyncio.TimeoutError:
                    report["close"] = "timeout"
                    continue
                report["close"] = {
                    "code": ws.close_code,
                    "reason": ws.close_reason,
                    "after_fault": time.monotonic() - last_fault,
                }
    print(json.dumps(report))


if __name__ == "__main__":
    plan = json.loads(sys.argv[3]) if len(sys.argv) > 3 else json.load(sys.stdin)
    asyncio.run(run(sys.argv[1], sys.argv[2], plan))
