#!/usr/bin/env python3
"""Opens sockets that never send a byte, for the handshake-timeout tests.

Usage: idle_clients.py PORT COUNT SECONDS
Connects COUNT TCP sockets to 127.0.0.1:PORT, sends nothing, and waits up to SECONDS for the server to close each
one. Prints JSON: {"opened": N, "closed": N, "latest": seconds from the last connect to the last close seen}.
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import json
import selectors
import socket
import sys
import time


def main():
    port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    sockets = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.setblocking(False)
        sockets.append(sock)
    opened = time.monotonic()
    selector = selectors.DefaultSelector()
    for sock in sockets:
        selector.register(sock, selectors.EVENT_READ)
    closed, latest = 0, 0.0
    deadline = opened + seconds
    while closed < count and time.monotonic() < deadline:
        for key, _ in selector.select(timeout=max(0.0, deadline - time.monotonic())):
            try:
                data = key.fileobj.recv(4096)
            except ConnectionResetError:
                data = b""
            if not data:
                selector.unregister(key.fileobj)
                key.fileobj.close()
                closed += 1
                latest = time.monotonic() - opened
    print(json.dumps({"opened": count, "closed": closed, "latest": round(latest, 3)}), flush=True)


if __name__ == "__main__":
    main()
