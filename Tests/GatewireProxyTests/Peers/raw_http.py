#!/usr/bin/env python3
"""Sends one HTTP/1.1 request by hand and prints the response, for the tests of requests that are not handshakes.

Usage: raw_http.py PORT METHOD TARGET [HEADER: VALUE]...
Prints JSON: {"status": N, "reason": "…", "headers": {name: value}, "body": "…", "closed": true when the server closed after it}.
"""
import signal

# A parent that blocks signals passes its mask on; unblock them so SIGTERM and SIGINT stop this peer.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

import json
import socket
import sys


def main():
    port, method, target = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    headers = "".join(f"{line}\r\n" for line in sys.argv[4:])
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}\r\n".encode("latin-1"))
    response = b""
    closed = False
    try:
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                closed = True
                break
            response += chunk
    except socket.timeout:
        pass
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    result = {
        "status": int(lines[0].split(" ")[1]) if lines and lines[0] else None,
        "reason": lines[0].split(" ", 2)[2] if lines and lines[0].count(" ") >= 2 else "",
        "headers": dict(line.split(": ", 1) for line in lines[1:] if ": " in line),
        "body": body.decode("utf-8", "replace"),
        "closed": closed,
    }
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
