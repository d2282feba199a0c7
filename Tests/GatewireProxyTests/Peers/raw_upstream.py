#!/usr/bin/env python3
"""A raw-socket WebSocket upstream that can send frames no library would: for the malformed-upstream-frame tests.

Usage: raw_upstream.py HEX_BYTES
Prints "PORT <n>" once listening on 127.0.0.1. For every connection: reads the handshake, answers 101 by hand
(RFC 6455 §4.2.2: Sec-WebSocket-Accept from the key), waits for the first client frame, sends HEX_BYTES verbatim,
then reads frames until the proxy closes, and prints one line per connection: "CLOSE <code>" with the close code
the proxy sent (or "CLOSE none" when the TCP connection ended without a close frame).
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import base64
import hashlib
import socket
import sys
import threading

from raw_frames import read_frame

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def serve(sock, frames):
    sock.settimeout(20)
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = sock.recv(4096)
        if not chunk:
            return
        request += chunk
    key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
               if line.lower().startswith(b"sec-websocket-key:"))
    accept = base64.b64encode(hashlib.sha1(key + GUID.encode()).digest())
    sock.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                 b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    code = "none"
    try:
        read_frame(sock)
        sock.sendall(frames)
        while True:
            opcode, payload = read_frame(sock)
            if opcode == 0x8:
                code = str(int.from_bytes(payload[:2], "big")) if len(payload) >= 2 else "1005"
                break
    except (EOFError, OSError):
        pass
    print(f"CLOSE {code}", flush=True)
    sock.close()


def main():
    frames = bytes.fromhex(sys.argv[1])
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    print(f"PORT {listener.getsockname()[1]}", flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection, frames), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
