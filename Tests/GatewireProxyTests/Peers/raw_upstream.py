#!/usr/bin/env python3
"""A raw-socket WebSocket upstream that can send frames no library would: for the malformed-upstream-frame tests.

Usage: raw_upstream.py [HEX_BYTES] [--send-on first-frame|handshake|pause]
Prints "PORT <n>" once listening on 127.0.0.1. For every connection: reads the handshake, answers 101 by hand
(RFC 6455 §4.2.2: Sec-WebSocket-Accept from the key) and sends HEX_BYTES verbatim:
  first-frame (default)  after the first frame from the proxy;
  handshake              in the same send() as the 101, so on loopback in the same TCP segment;
  pause                  0.5 s after the 101.
A request target with a query `send=HEX&on=MODE[&pause=SECONDS]` overrides both, per connection (the proxy forwards
the target byte for byte). It then reads frames until the proxy's close frame, answers it with the same code, reads
until EOF, and prints one line per connection: "CONN " and a JSON object with "close" (the code the proxy sent, 1005
for an empty body, null when there was none), "target" (the request target), "frames" ([opcode, payload hex] of each data or control frame before
the close), "close_after" and "eof_after" (seconds from sending HEX_BYTES, or from the 101 when there were none, to
the close frame and to EOF; null when they did not come within 5 s).
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import base64
import hashlib
import json
import socket
import sys
import threading
import time
from urllib.parse import parse_qs, urlsplit

from raw_frames import read_frame

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
PRINT_LOCK = threading.Lock()


def instructions(request, frames, mode):
    """The bytes to send and when, from the request target's query if it has them, else from the command line."""
    target = request.split(b"\r\n", 1)[0].split(b" ")[1].decode()
    query = parse_qs(urlsplit(target).query)
    if "send" not in query:
        return frames, mode, 0.5
    return bytes.fromhex(query["send"][0]), query.get("on", [mode])[0], float(query.get("pause", ["0.5"])[0])


def serve(sock, frames, mode):
    sock.settimeout(5)
    request = b""
    while b"\r\n\r\n" not in request:
        chunk = sock.recv(4096)
        if not chunk:
            return
        request += chunk
    frames, mode, pause = instructions(request, frames, mode)
    key = next(line.split(b":", 1)[1].strip() for line in request.split(b"\r\n")
               if line.lower().startswith(b"sec-websocket-key:"))
    accept = base64.b64encode(hashlib.sha1(key + GUID.encode()).digest())
    response = (b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                b"Sec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    target = request.split(b"\r\n", 1)[0].split(b" ")[1].decode()
    result = {"target": target, "close": None, "frames": [], "close_after": None, "eof_after": None}
    started = time.monotonic()
    try:
        if mode == "handshake":
            sock.sendall(response + frames)
        else:
            sock.sendall(response)
            if mode == "pause":
                time.sleep(pause)
                sock.sendall(frames)
                started = time.monotonic()
        while True:
            opcode, payload = read_frame(sock)
            if opcode == 0x8:
                result["close"] = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
                result["close_after"] = round(time.monotonic() - started, 3)
                try:
                    sock.sendall(bytes([0x88, len(payload[:2])]) + payload[:2])
                except OSError:
                    pass
                break
            result["frames"].append([opcode, payload[:64].hex()])
            if mode == "first-frame" and len(result["frames"]) == 1 and frames:
                sock.sendall(frames)
                started = time.monotonic()
        while sock.recv(4096):
            pass
        result["eof_after"] = round(time.monotonic() - started, 3)
    except (EOFError, ConnectionResetError):
        result["eof_after"] = round(time.monotonic() - started, 3)
    except OSError:
        pass
    with PRINT_LOCK:
        print("CONN " + json.dumps(result), flush=True)
    sock.close()


def main():
    arguments = [argument for argument in sys.argv[1:]]
    mode = "first-frame"
    if "--send-on" in arguments:
        index = arguments.index("--send-on")
        mode = arguments[index + 1]
        del arguments[index:index + 2]
    frames = bytes.fromhex(arguments[0]) if arguments else b""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(256)
    print(f"PORT {listener.getsockname()[1]}", flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection, frames, mode), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
