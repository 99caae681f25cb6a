"""A raw-socket PostgreSQL client for tests that must misbehave on purpose (send garbage,
vanish mid-result): builds packets with :mod:`proxy.wire.messages` and reads typed messages."""

from __future__ import annotations

import socket
import struct

from proxy.wire import messages as m
from proxy.wire.framing import Framer


def startup_packet(user: str = "postgres", database: str = "postgres", **params: str) -> bytes:
    body = struct.pack("!i", m.PROTOCOL_3_0)
    for k, v in {"user": user, "database": database, **params}.items():
        body += k.encode() + b"\0" + v.encode() + b"\0"
    body += b"\0"
    return struct.pack("!i", len(body) + 4) + body


class RawClient:
    def __init__(self, port: int, timeout: float = 10.0) -> None:
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.framer = Framer(1 << 30)

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def messages(self, until: bytes = b"Z") -> list[tuple[str, bytes]]:
        """Read messages up to one whose type is in ``until``, or to EOF."""
        out: list[tuple[str, bytes]] = []
        while True:
            while (frame := self.framer.next_frame()) is not None:
                out.append((chr(frame.type), frame.body))
                if frame.type in until:
                    return out
            try:
                data = self.sock.recv(65536)
            except (ConnectionResetError, socket.timeout):
                data = b""
            if not data:
                out.append(("EOF", b""))
                return out
            self.framer.feed(data)

    def login(self, user: str = "postgres", database: str = "postgres", **params: str) -> None:
        self.send(startup_packet(user, database, **params))
        got = self.messages()
        assert got[-1][0] == "Z", got

    def close(self) -> None:
        self.sock.close()


def sqlstate(body: bytes) -> str:
    return m.parse_fields(body).get("C", "")
