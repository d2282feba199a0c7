#!/usr/bin/env python3
"""A conformant WebSocket echo server for the Autobahn runs: Python `websockets` with its limits lifted, no
compression, bound to 127.0.0.1. Prints "PORT <n>" once listening (port 0 picks a free one)."""
import asyncio
import os
import sys

os.environ.setdefault("WEBSOCKETS_MAX_FRAGMENTS", "1000000")

from websockets.asyncio.server import serve  # noqa: E402


async def echo(ws):
    try:
        async for message in ws:
            await ws.send(message)
    except Exception:
        return


async def main(port):
    async with serve(echo, "127.0.0.1", port, compression=None, max_size=None, max_queue=None,
                     ping_interval=None) as server:
        print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 0))
