#!/usr/bin/env python3
"""Load generator for scripts/bench-replay: N concurrent Python `websockets` clients replay the client side of a
generated recording against `gatewire replay --speed 0 --repeat`, each waiting for every recorded answer.

Usage: bench_replay_clients.py URL CLIENTS MESSAGES. Prints one JSON object with the message counts and timing.
"""
import asyncio
import json
import sys
import time

from websockets.asyncio.client import connect


async def client(url, messages, counts):
    async with connect(url, compression=None, max_size=None, ping_interval=None) as ws:
        for index in range(messages):
            await ws.send(json.dumps({"action": "sendmessage", "seq": index, "data": "x" * 64}))
            await ws.recv()
            counts["sent"] += 1
            counts["received"] += 1
        await ws.close(1000)


async def main(url, clients, messages):
    counts = {"sent": 0, "received": 0}
    started = time.perf_counter()
    await asyncio.gather(*(client(url, messages, counts) for _ in range(clients)))
    elapsed = time.perf_counter() - started
    print(json.dumps({"clients": clients, "messages_per_client": messages, "client_messages": counts["sent"],
                      "server_messages": counts["received"], "seconds": round(elapsed, 3)}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
