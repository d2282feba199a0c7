#!/usr/bin/env python3
"""A scripted WebSocket client for Gatewire's end-to-end tests, built on the `websockets` library.

Usage: client.py URL SCRIPT_JSON [--subprotocol P]... [--header 'Name: value']... [--cafile PEM]
A wss:// URL is verified against --cafile; each --header is sent with the handshake.
The script is a list of steps; the result (one JSON object) goes to stdout:
  {"text": "…"} / {"binary": "hex"} / {"fragments": ["a", "b"]}   send
  {"recv": N}                       receive N messages, each recorded with its fragments
  {"ping": "hex"}                   ping and wait for the pong
  {"close": CODE, "reason": "…"}    close and wait for the answer
  {"sleep": SECONDS}                pause
  {"wait_close": true}              wait until the server closes
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import asyncio
import json
import os
import ssl
import sys

os.environ.setdefault("WEBSOCKETS_MAX_FRAGMENTS", "1000000")

from websockets.asyncio.client import connect  # noqa: E402
from websockets.exceptions import ConnectionClosed, InvalidStatus  # noqa: E402


def describe(fragments):
    if fragments and isinstance(fragments[0], bytes):
        return {"binary": [f.hex() for f in fragments]}
    return {"text": list(fragments)}


async def run(url, steps, subprotocols, cafile, headers=()):
    result = {"received": [], "pongs": 0}
    tls = ssl.create_default_context(cafile=cafile) if url.startswith("wss:") else None
    try:
        ws = await connect(url, compression=None, max_size=None, subprotocols=subprotocols or None,
                           additional_headers=list(headers),
                           open_timeout=10, close_timeout=5, ssl=tls)
    except InvalidStatus as error:
        result["status"] = error.response.status_code
        result["body"] = error.response.body.decode("utf-8", "replace")
        result["headers"] = dict(error.response.headers.raw_items())
        return result
    result["status"] = 101
    result["subprotocol"] = ws.subprotocol
    try:
        for step in steps:
            if "text" in step:
                await ws.send(step["text"])
            elif "binary" in step:
                await ws.send(bytes.fromhex(step["binary"]))
            elif "fragments" in step:
                await ws.send(step["fragments"])
            elif "recv" in step:
                for _ in range(step["recv"]):
                    fragments = []
                    async for fragment in ws.recv_streaming():
                        fragments.append(fragment)
                    result["received"].append(describe(fragments))
            elif "ping" in step:
                waiter = await ws.ping(bytes.fromhex(step["ping"]))
                await asyncio.wait_for(waiter, 5)
                result["pongs"] += 1
            elif "close" in step:
                await ws.close(step["close"], step.get("reason", ""))
            elif "sleep" in step:
                await asyncio.sleep(step["sleep"])
            elif "wait_close" in step:
                await asyncio.wait_for(ws.wait_closed(), 10)
    except ConnectionClosed:
        pass
    await asyncio.wait_for(ws.wait_closed(), 10)
    if ws.protocol.close_rcvd is not None:
        result["close_code"] = ws.protocol.close_rcvd.code
        result["close_reason"] = ws.protocol.close_rcvd.reason
    return result


def main():
    url, script = sys.argv[1], json.loads(sys.argv[2])
    subprotocols = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--subprotocol"]
    cafile = next((sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--cafile"), None)
    headers = [tuple(part.strip() for part in sys.argv[i + 1].split(":", 1))
               for i, a in enumerate(sys.argv) if a == "--header"]
    print(json.dumps(asyncio.run(run(url, script, subprotocols, cafile, headers))), flush=True)


if __name__ == "__main__":
    main()
