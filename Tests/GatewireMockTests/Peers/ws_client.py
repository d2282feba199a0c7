#!/usr/bin/env python3
"""A scripted WebSocket client (Python `websockets`, an independent implementation) for the mock gateway tests.

Usage: ws_client.py < PLAN_JSON. The plan (on standard input) is {"url": ..., "subprotocols": [...], "steps": [...]}, each step one of
{"send": TEXT}, {"send_repeat": [TEXT, COUNT]}, {"send_binary_hex": HEX}, {"send_fragments": [TEXT, ...]},
{"send_repeated_fragments": [TEXT, SIZE, COUNT]}, {"recv": SECONDS},
{"close": CODE}, {"wait_close": SECONDS}, {"sleep": SECONDS}. It prints one JSON object: the handshake status,
the selected subprotocol, every message received (in order) and the close code and reason it saw.
"""
import asyncio
import json
import sys

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus


async def run(plan):
    report = {"status": None, "subprotocol": None, "received": [], "close": None, "error": None}
    try:
        async with connect(
            plan["url"],
            subprotocols=plan.get("subprotocols") or None,
            compression=None,
            max_size=None,
            # Generous: the whole suite runs in parallel on two cores, and a busy machine is not a failure.
            open_timeout=30,
            close_timeout=5,
            user_agent_header=plan.get("user_agent", "gatewire-tests/1"),
        ) as ws:
            report["status"] = 101
            report["subprotocol"] = ws.subprotocol
            try:
                for step in plan.get("steps", []):
                    if "send" in step:
                        await ws.send(step["send"])
                    elif "send_repeat" in step:
                        await ws.send(step["send_repeat"][0] * step["send_repeat"][1])
                    elif "send_binary_hex" in step:
                        await ws.send(bytes.fromhex(step["send_binary_hex"]))
                    elif "send_fragments" in step:
                        await ws.send(iter(step["send_fragments"]))
                    elif "send_repeated_fragments" in step:
                        text, size, count = step["send_repeated_fragments"]
                        await ws.send(iter([text * size] * count))
                    elif "recv" in step:
                        message = await asyncio.wait_for(ws.recv(), step["recv"])
                        report["received"].append(message if isinstance(message, str) else message.hex())
                    elif "close" in step:
                        await ws.close(step["close"], step.get("reason", ""))
                    elif "wait_close" in step:
                        await asyncio.wait_for(ws.wait_closed(), step["wait_close"])
                    elif "sleep" in step:
                        await asyncio.sleep(step["sleep"])
            except ConnectionClosed:
                pass
            except asyncio.TimeoutError:
                report["error"] = "timeout"
        if ws.close_code is not None or ws.close_reason is not None:
            report["close"] = {"code": ws.close_code, "reason": ws.close_reason}
    except InvalidStatus as error:
        report["status"] = error.response.status_code
        report["body"] = error.response.body.decode("utf-8", "replace") if error.response.body else ""
    print(json.dumps(report))


if __name__ == "__main__":
    asyncio.run(run(json.load(sys.stdin)))
