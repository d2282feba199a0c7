#!/usr/bin/env python3
"""A raw-socket WebSocket client that can send frames no library would: for the malformed-frame tests.

Usage: raw_client.py PORT HEX_BYTES [--stall SECONDS] [--path PATH] [--timeout SECONDS]
Performs the handshake by hand, sends HEX_BYTES verbatim (whole frames, masked or not, as given), then reads
frames until the server's close frame, answers it, and reads until EOF. Prints JSON: {"status": 101, "frames":
[[opcode, hex]...], "close_code": N, "close_after": S, "eof_after": S}, the times in seconds from sending HEX_BYTES;
"eof_without_close" when the connection ended (or timed out, after --timeout seconds of silence, 20 by default)
before a close frame, "eof_after" null when no EOF came within the timeout after the close. With --stall it reads
nothing for that many seconds after the handshake (a client that stopped reading), with a small receive buffer,
then reads everything.
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import base64
import json
import os
import socket
import sys
import time

from raw_frames import read_exact, read_frame


def option(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def main():
    port, payload = int(sys.argv[1]), bytes.fromhex(sys.argv[2])
    stall = float(option("--stall", 0))
    path = option("--path", "/")
    sock = socket.socket()
    if stall:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.settimeout(float(option("--timeout", 20)))
    sock.connect(("127.0.0.1", port))
    key = base64.b64encode(os.urandom(16)).decode()
    sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
                  f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
    head = b""
    while b"\r\n\r\n" not in head:
        head += read_exact(sock, 1)
    status = int(head.split(b" ")[1])
    result = {"status": status, "frames": [], "received_bytes": 0}
    if status != 101:
        print(json.dumps(result), flush=True)
        return
    sock.sendall(payload)
    started = time.monotonic()
    if stall:
        time.sleep(stall)
    try:
        while True:
            opcode, body = read_frame(sock)
            result["received_bytes"] += len(body)
            if opcode == 8:
                result["close_code"] = int.from_bytes(body[:2], "big") if len(body) >= 2 else None
                result["close_reason"] = body[2:].decode("utf-8", "replace")
                result["close_after"] = round(time.monotonic() - started, 3)
                mask = os.urandom(4)
                try:
                    sock.sendall(bytes([0x88, 0x80 | len(body)]) + mask
                                 + bytes(b ^ mask[i % 4] for i, b in enumerate(body)))
                except OSError:
                    pass
                break
            if len(result["frames"]) < 50:
                result["frames"].append([opcode, body[:64].hex()])
            if opcode == 1 and body == b"flood-done":
                result["flood_done"] = True
                break
    except (EOFError, socket.timeout, ConnectionResetError):
        result["eof_without_close"] = True
    if "close_code" in result:
        result["eof_after"] = None
        try:
            while sock.recv(4096):
                pass
            result["eof_after"] = round(time.monotonic() - started, 3)
        except ConnectionResetError:
            result["eof_after"] = round(time.monotonic() - started, 3)
        except OSError:
            pass
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
