"""Split a byte stream into protocol frames without copying more than needed.

A frame keeps its raw bytes, so relaying a message is writing ``frame.raw`` unchanged: the
proxy is transparent by construction for every message it does not need to rewrite.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from proxy.errors import ProtocolViolation

_LEN = struct.Struct("!I")
STARTUP = 0  # frame type of untyped startup-phase packets


@dataclass(frozen=True, slots=True)
class Frame:
    type: int          # message type byte, or STARTUP for untyped startup packets
    raw: bytes         # the whole message, header included

    @property
    def body(self) -> bytes:
        return self.raw[4:] if self.type == STARTUP else self.raw[5:]

    @property
    def tag(self) -> str:
        return chr(self.type) if self.type else "startup"


class Framer:
    """Incremental frame splitter with a hard size bound (h11's ``max_incomplete_event_size``).

    ``typed=False`` reads startup packets (Int32 length, body); ``typed=True`` reads regular
    messages (Byte1 type, Int32 length, body). The mode and ``max_message_size`` can be
    changed between frames (a session keeps the bound tight until its client has logged in).
    The bound is checked as soon as a header is complete, so an oversized message is refused
    before its body is buffered.
    """

    def __init__(self, max_message_size: int, *, typed: bool = True) -> None:
        self.max_message_size = max_message_size
        self.typed = typed
        self._buf = bytearray()
        self._pos = 0

    def feed(self, data: bytes) -> None:
        if self._pos:
            del self._buf[: self._pos]
            self._pos = 0
        self._buf += data

    @property
    def pending(self) -> int:
        """Bytes received but not yet returned as a frame."""
        return len(self._buf) - self._pos

    def next_frame(self) -> Frame | None:
        buf, pos = self._buf, self._pos
        header = 5 if self.typed else 4
        if len(buf) - pos < header:
            return None
        length = _LEN.unpack_from(buf, pos + header - 4)[0]
        if length < 4:
            raise ProtocolViolation(f"invalid message length {length}")
        if length > self.max_message_size:
            raise ProtocolViolation(
                f"message of {length} bytes exceeds the limit of {self.max_message_size}")
        end = pos + header - 4 + length
        if len(buf) < end:
            return None
        self._pos = end
        return Frame(buf[pos] if self.typed else STARTUP, bytes(buf[pos:end]))

    def frames(self) -> list[Frame]:
        out = []
        while (frame := self.next_frame()) is not None:
            out.append(frame)
        return out
