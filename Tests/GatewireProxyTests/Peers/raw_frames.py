"""Reading WebSocket frames by hand from a socket (RFC 6455 §5.2), shared by the raw-socket peers.

The peers run as scripts, so Python puts this folder first on sys.path and `import raw_frames` finds this file.
"""


def read_exact(sock, count):
    """Reads exactly `count` bytes, raising EOFError if the connection ends first."""
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def read_frame(sock):
    """Reads one frame and returns (opcode, payload), the payload unmasked if the frame carried a masking key."""
    first, second = read_exact(sock, 2)
    length = second & 0x7F
    if length == 126:
        length = int.from_bytes(read_exact(sock, 2), "big")
    elif length == 127:
        length = int.from_bytes(read_exact(sock, 8), "big")
    if not second & 0x80:
        return first & 0x0F, read_exact(sock, length)
    key = read_exact(sock, 4)
    payload = bytes(b ^ key[i % 4] for i, b in enumerate(read_exact(sock, length)))
    return first & 0x0F, payload
