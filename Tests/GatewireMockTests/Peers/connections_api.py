#!/usr/bin/env python3
"""Exercises the mock's @connections API with real boto3 (`apigatewaymanagementapi`) while a real `websockets`
client holds the connection.

Usage: connections_api.py WS_URL ENDPOINT_URL. The client learns its connection id from the gateway's Forbidden
frame (the API has no routes), then boto3 posts, reads, posts too much, deletes, and finally hits the closed
connection. Prints one JSON report.
"""
import asyncio
import json
import sys

import boto3
import botocore.config
from botocore.exceptions import ClientError
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed


def client(endpoint):
    return boto3.client(
        "apigatewaymanagementapi",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="y",
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )


def call(function, **arguments):
    try:
        response = function(**arguments)
        response.pop("ResponseMetadata", None)
        return {"ok": True, "response": {k: str(v) for k, v in response.items()}}
    except ClientError as error:
        return {
            "ok": False,
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
            "code": error.response["Error"]["Code"],
            "message": error.response["Error"].get("Message"),
        }


async def run(ws_url, endpoint):
    api = client(endpoint)
    report = {}
    async with connect(ws_url, compression=None, max_size=None, user_agent_header="gatewire-tests/1") as ws:
        await ws.send('{"action":"whoami"}')
        forbidden = await asyncio.wait_for(ws.recv(), 5)
        report["forbidden"] = forbidden
        connection_id = json.loads(forbidden)["connectionId"]
        report["connection_id"] = connection_id

        report["post"] = await asyncio.to_thread(call, api.post_to_connection, ConnectionId=connection_id,
                                                 Data=b'{"hello":"from boto3"}')
        report["received_post"] = await asyncio.wait_for(ws.recv(), 5)

        big = b"x" * 131072
        report["post_max"] = await asyncio.to_thread(call, api.post_to_connection, ConnectionId=connection_id, Data=big)
        received = await asyncio.wait_for(ws.recv(), 5)
        report["received_max_length"] = len(received)

        report["post_too_large"] = await asyncio.to_thread(call, api.post_to_connection, ConnectionId=connection_id,
                                                           Data=b"x" * 131073)
        report["get"] = await asyncio.to_thread(call, api.get_connection, ConnectionId=connection_id)
        report["delete"] = await asyncio.to_thread(call, api.delete_connection, ConnectionId=connection_id)
        try:
            await asyncio.wait_for(ws.recv(), 5)
            report["after_delete"] = "message"
        except ConnectionClosed:
            pass
        report["close"] = {"code": ws.close_code, "reason": ws.close_reason}
    await asyncio.sleep(0.2)
    report["post_gone"] = await asyncio.to_thread(call, api.post_to_connection, ConnectionId=connection_id, Data=b"late")
    report["get_gone"] = await asyncio.to_thread(call, api.get_connection, ConnectionId=connection_id)
    report["delete_gone"] = await asyncio.to_thread(call, api.delete_connection, ConnectionId=connection_id)
    report["unknown"] = await asyncio.to_thread(call, api.post_to_connection, ConnectionId="AAAAAAAAAAAAAAA=", Data=b"x")
    print(json.dumps(report))


if __name__ == "__main__":
    asyncio.run(run(sys.argv[1], sys.argv[2]))
