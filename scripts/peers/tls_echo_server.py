#!/usr/bin/env python3
"""A wss:// server for the client-side replay tests: Python `websockets` over TLS, bound to 127.0.0.1.

Usage: tls_echo_server.py CERT_PEM KEY_PEM. Answers each text message with "echo:" + the message. Prints
"PORT <n>" once listening on a free port, then "SNI <name>" for every TLS handshake (the server name the client
sent, "-" when it sent none).
"""
import asyncio
import ssl
import sys

from websockets.asyncio.server import serve


async def echo(ws):
    try:
        async for message in ws:
            await ws.send("echo:" + message if isinstance(message, str) else message)
    except Exception:
        return


def sni(_socket, name, _context):
    print(f"SNI {name or '-'}", flush=True)


async def main(cert, key):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = sni
    async with serve(echo, "127.0.0.1", 0, ssl=context, compression=None, ping_interval=None) as server:
        print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
