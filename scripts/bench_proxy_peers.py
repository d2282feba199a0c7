#!/usr/bin/env python3
"""Peers for scripts/bench-proxy: a Python `websockets` echo server and a concurrent load generator.

Usage:
  bench_proxy_peers.py echo PORT                      echo every message back (127.0.0.1, no compression)
  bench_proxy_peers.py load URL CLIENTS MESSAGES SIZE  CLIENTS concurrent clients, each doing MESSAGES text
                                                       round trips of SIZE bytes; prints one JSON object with
                                                       the count, the wall time and the round-trip latencies
  bench_proxy_peers.py idle URL CONNECTIONS HOLD       opens CONNECTIONS idle connections (100 handshakes at a
                                                       time), prints "OPEN n" once they are open, holds them
                                                       HOLD seconds, then closes them all
"""
import asyncio
import json
import sys
import time

from websockets.asyncio.client import connect
from websockets.asyncio.server import serve


async def echo(port):
    async def handler(ws):
        async for message in ws:
            await ws.send(message)

    async with serve(handler, "127.0.0.1", port, compression=None, max_size=None, ping_interval=None):
        await asyncio.get_running_loop().create_future()


async def client(url, messages, payload, latencies):
    async with connect(url, compression=None, max_size=None, ping_interval=None) as ws:
        for _ in range(messages):
            started = time.perf_counter()
            await ws.send(payload)
            answer = await ws.recv()
            latencies.append(time.perf_counter() - started)
            if len(answer) != len(payload):
                raise SystemExit(f"echo of {len(payload)} characters came back with {len(answer)}")
        await ws.close(1000)


def percentile(ordered, fraction):
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


async def load(url, clients, messages, size):
    payload = ("x" * size)[:size]
    latencies = []
    started = time.perf_counter()
    await asyncio.gather(*(client(url, messages, payload, latencies) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    print(json.dumps({"round_trips": len(ordered), "seconds": elapsed, "bytes": size,
                      "p50_ms": percentile(ordered, 0.50) * 1000, "p99_ms": percentile(ordered, 0.99) * 1000}))


async def idle(url, connections, hold):
    gate = asyncio.Semaphore(100)

    async def open_one():
        async with gate:
            return await connect(url, compression=None, ping_interval=None, open_timeout=60)

    sockets = await asyncio.gather(*(open_one() for _ in range(connections)))
    print(f"OPEN {len(sockets)}", flush=True)
    await asyncio.sleep(hold)
    await asyncio.gather(*(ws.close() for ws in sockets), return_exceptions=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["echo"]:
        asyncio.run(echo(int(sys.argv[2])))
    elif sys.argv[1:2] == ["load"]:
        asyncio.run(load(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])))
    elif sys.argv[1:2] == ["idle"]:
        asyncio.run(idle(sys.argv[2], int(sys.argv[3]), float(sys.argv[4])))
    else:
        sys.exit(__doc__)
