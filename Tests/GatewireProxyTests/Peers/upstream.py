#!/usr/bin/env python3
"""A WebSocket upstream for Gatewire's end-to-end tests, built on the `websockets` library (an independent,
conformant implementation).

Prints "PORT <n>" once listening on 127.0.0.1, and "REQUEST <target>" for every handshake. Echoes every message with the fragmentation it arrived in, and obeys
a few text commands:
  __request__          reply with the handshake's path and headers as JSON
  __close__ CODE TEXT  close with that code and reason
  __die__              drop the TCP connection without a close frame
  __flood__ SIZE COUNT send COUNT binary messages of SIZE bytes, then "flood-done"
With --reject STATUS every handshake is answered with that status and a body. With --tls-cert and --tls-key it
serves wss:// and `__request__` also reports the TLS server name (SNI) the client asked for.
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import argparse
import asyncio
import http
import json
import os
import ssl
import sys

os.environ.setdefault("WEBSOCKETS_MAX_FRAGMENTS", "1000000")

from websockets.asyncio.server import serve  # noqa: E402


def parse():
    parser = argparse.ArgumentParser()
    parser.add_argument("--reject", type=int)
    parser.add_argument("--subprotocols", default="")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    return parser.parse_args()


async def main():
    args = parse()
    offered = [p for p in args.subprotocols.split(",") if p]
    server_names = []
    tls = None
    if args.tls_cert:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls.load_cert_chain(args.tls_cert, args.tls_key)

        def remember_server_name(_socket, server_name, _context):
            server_names.append(server_name)

        tls.sni_callback = remember_server_name

    def process_request(connection, request):
        # The request target exactly as it arrived, for the tests that check the proxy forwards it byte for byte.
        print(f"REQUEST {request.path}", flush=True)
        if args.reject:
            response = connection.respond(http.HTTPStatus(args.reject), "rejected by upstream\n")
            response.headers["X-Upstream"] = "test-peer"
            return response
        return None

    def select_subprotocol(connection, subprotocols):
        for choice in subprotocols:
            if choice in offered:
                return choice
        return None

    async def handler(ws):
        try:
            while True:
                fragments = []
                async for fragment in ws.recv_streaming():
                    fragments.append(fragment)
                message = fragments[0][:0].join(fragments) if fragments else ""
                if isinstance(message, str) and message.startswith("__"):
                    words = message.split(" ", 2)
                    if words[0] == "__request__":
                        await ws.send(json.dumps({
                            "path": ws.request.path,
                            "headers": [[k, v] for k, v in ws.request.headers.raw_items()],
                            "sni": server_names[-1] if server_names else None,
                        }))
                        continue
                    if words[0] == "__close__":
                        await ws.close(int(words[1]), words[2] if len(words) > 2 else "")
                        return
                    if words[0] == "__die__":
                        ws.transport.abort()
                        return
                    if words[0] == "__flood__":
                        size, count = int(words[1]), int(words[2])
                        chunk = b"x" * size
                        for _ in range(count):
                            await ws.send(chunk)
                        await ws.send("flood-done")
                        continue
                await ws.send(fragments if len(fragments) > 1 else message)
        except Exception:
            return

    async with serve(handler, "127.0.0.1", 0, compression=None, max_size=None, max_queue=4,
                     process_request=process_request, ssl=tls,
                     select_subprotocol=select_subprotocol if offered else None) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"PORT {port}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
