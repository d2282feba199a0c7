#!/usr/bin/env python3
"""Plays the client side of a gatewire recording against a server and checks its answers byte for byte.

    recording_client.py RECORDING ws://127.0.0.1:PORT

For each recorded connection, in recorded order, it opens the recorded path and query and expects the recorded
handshake status; then it walks the connection's recorded messages: it sends each client message (same opcode,
same bytes), receives each server message and compares opcode and bytes, and ends the connection as recorded (its
own close with the recorded code, or the server's close with the recorded code). An independent Python
`websockets` client, so `gatewire replay` is checked by something that is not Gatewire.

Prints one line per connection and exits 0 when every answer matched, 1 otherwise.
"""
import asyncio
import base64
import json
import sys

from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus


def load(path):
    """The recorded connections in order: label -> {path, rawQuery, status, steps}."""
    connections = {}
    with open(path, encoding="utf-8") as lines:
        header = json.loads(next(lines))
        assert header.get("format") == "gatewire-recording", f"{path} is not a gatewire recording"
        closed = set()
        for line in lines:
            if not line.strip():
                continue
            event = json.loads(line)
            label = event.get("connection")
            if event["type"] == "connect":
                connections[label] = {"path": event["path"], "rawQuery": event.get("rawQuery"),
                                      "status": event.get("status", 101), "steps": []}
            elif event["type"] == "message" and label in connections and label not in closed:
                payload = base64.b64decode(event["base64"]) if "base64" in event else event["text"].encode()
                connections[label]["steps"].append(("message", event["from"], event["opcode"], payload))
            elif event["type"] == "close" and label in connections and label not in closed:
                # The first close frame says who ended the connection; the echo adds nothing.
                closed.add(label)
                sender = event.get("from") or event.get("initiator") or "client"
                connections[label]["steps"].append(("close", sender, event.get("code"), event.get("reason", "")))
    return connections


async def play(label, recorded, target):
    """Plays one connection; returns a list of differences."""
    url = target + recorded["path"] + ("?" + recorded["rawQuery"] if recorded["rawQuery"] is not None else "")
    try:
        ws = await connect(url, compression=None, ping_interval=None, open_timeout=10, max_size=None)
    except InvalidStatus as error:
        status = error.response.status_code
        return [] if status == recorded["status"] else [f"{label}: handshake {status}, recorded {recorded['status']}"]
    if recorded["status"] != 101:
        await ws.close()
        return [f"{label}: handshake succeeded, recorded {recorded['status']}"]
    differences = []
    try:
        for step in recorded["steps"]:
            if step[0] == "message" and step[1] == "client":
                _, _, opcode, payload = step
                await ws.send(payload.decode() if opcode == "text" else payload)
            elif step[0] == "message":
                _, _, opcode, payload = step
                try:
                    received = await asyncio.wait_for(ws.recv(), timeout=10)
                except (ConnectionClosed, asyncio.TimeoutError) as error:
                    differences.append(f"{label}: expected {payload!r}, got {type(error).__name__}")
                    break
                kind = "text" if isinstance(received, str) else "binary"
                data = received.encode() if kind == "text" else received
                if (kind, data) != (opcode, payload):
                    differences.append(f"{label}: expected {opcode} {payload!r}, received {kind} {data!r}")
            elif step[1] == "client":
                await ws.close(code=step[2] or 1000, reason=step[3])
            else:
                try:
                    extra = await asyncio.wait_for(ws.recv(), timeout=10)
                    differences.append(f"{label}: expected the server to close, received {extra!r}")
                except ConnectionClosed:
                    pass
                if ws.close_code != step[2]:
                    differences.append(f"{label}: server closed with {ws.close_code}, recorded {step[2]}")
    finally:
        await ws.close()
    return differences


async def main(path, target):
    connections = load(path)
    failures = []
    for label, recorded in connections.items():
        differences = await play(label, recorded, target.rstrip("/"))
        print("\n".join(differences) if differences else f"{label}: as recorded")
        failures += differences
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: recording_client.py RECORDING ws://HOST:PORT")
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
