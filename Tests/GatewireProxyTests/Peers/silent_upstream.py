#!/usr/bin/env python3
"""An upstream that accepts connections and reads the handshake but never answers, for the handshake-timeout tests.

Prints "PORT <n>" once listening on 127.0.0.1, "REQUEST <request line>" when a handshake has arrived, and
"CLOSED <seconds>" when the proxy closes the connection (seconds since the request arrived).
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import socket
import sys
import threading
import time


def serve(sock):
    sock.settimeout(60)
    request = b""
    try:
        while b"\r\n\r\n" not in request:
            chunk = sock.recv(4096)
            if not chunk:
                return
            request += chunk
        arrived = time.monotonic()
        line = request.split(b"\r\n")[0].decode("latin-1")
        print(f"REQUEST {line}", flush=True)
        while sock.recv(4096):
            pass
        print(f"CLOSED {time.monotonic() - arrived:.3f}", flush=True)
    except OSError:
        print("CLOSED error", flush=True)
    finally:
        sock.close()


def main():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    print(f"PORT {listener.getsockname()[1]}", flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection,), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
