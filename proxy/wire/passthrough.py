"""The fast lanes: how much of a read can be relayed as it is, without framing it.

Server output (:class:`ServerPassthrough`): while every pending request is the client's own (``ResponseTracker.owned == 0``), a server
message needs a look only when it changes what the proxy knows: ErrorResponse (the tracker's
skip-to-Sync rule, a FATAL), ParameterStatus (client_encoding), authentication and key data.
Every other message only has to be *counted*: one that terminates a request pops it from the
tracker, and ReadyForQuery reports the transaction status. So :meth:`ServerPassthrough.scan`
walks message headers over a read in place (no frames, no copies) and returns the length of the
prefix that goes to the client unchanged; the caller sends the rest through the framer and the
per-message path. A message whose body continues in later reads (a large DataRow) passes
through as it arrives.

Client input (:class:`ClientPassthrough`): Query and Parse need a look (they may hold an ASK);
Bind, Execute, Describe, Close, Sync, Flush and COPY data, in the states where the session
does nothing but relay them, only add an expected response to the tracker. Pure state, no I/O.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Mapping

from proxy.wire.tracker import ANY_TERMINATOR, Pending, ResponseTracker

_LEN = struct.Struct("!I")
_LOOK = frozenset(b"ESRK")
_READY = ord("Z")


class _Lane:
    """What both lanes share: a message relayed in part continues in the next reads."""

    def __init__(self) -> None:
        self._body_left = 0                # bytes of a relayed message still to come

    @property
    def mid_message(self) -> bool:
        """The next read continues a message already relayed: it must come here first."""
        return self._body_left > 0

    def continue_message(self, left: int) -> None:
        """The next ``left`` bytes continue a message relayed elsewhere (the native core)."""
        self._body_left = left

    def _resume(self, n: int) -> int:
        """Where the first message of a read of ``n`` bytes starts (``n``: the read is all the
        rest of a message already relayed)."""
        left = self._body_left
        if left >= n:
            self._body_left = left - n
            return n
        self._body_left = 0
        return left


class ServerPassthrough(_Lane):
    def __init__(self, tracker: ResponseTracker, on_ready: Callable[[int], None],
                 max_message_size: int) -> None:
        super().__init__()
        self._tracker = tracker
        self._on_ready = on_ready          # called with ReadyForQuery's status byte
        self._max = max_message_size

    def scan(self, data: bytes) -> int:
        """Route the messages at the start of ``data`` that need no look; return how many bytes
        that is (from 0, nothing, to ``len(data)``, all of it)."""
        n = len(data)
        pos = self._resume(n) if self._body_left else 0
        if pos == n:
            return n
        tracker = self._tracker
        while n - pos >= 5 and not tracker.owned:
            t = data[pos]
            if t in _LOOK:
                break
            length = _LEN.unpack_from(data, pos + 1)[0]
            if length < 4 or length > self._max:
                break                      # the framer raises ProtocolViolation for it
            end = pos + 1 + length
            if t in ANY_TERMINATOR:
                if t == _READY:
                    if length != 5 or end > n:
                        break
                    tracker.route(t)
                    self._on_ready(data[pos + 5])
                else:
                    tracker.route(t)
            if end >= n:
                self._body_left = end - n
                return n
            pos = end
        return pos


# What a client message in the fast lane adds to the tracker (a shared entry made by
# ``tracker.pending``), or None for a message that is answered by nothing.
LaneEntry = Pending | None


class ClientPassthrough(_Lane):
    """The fast lane for client input: the leading messages whose only effect on the proxy is
    one expected response (the session picks which types qualify, ``lane``, from its state:
    Query and Parse never do, they may hold an ASK). Same shape as :class:`ServerPassthrough`."""

    def __init__(self, tracker: ResponseTracker) -> None:
        super().__init__()
        self._tracker = tracker

    def scan(self, data: bytes, lane: Mapping[int, LaneEntry], max_message_size: int) -> int:
        n = len(data)
        pos = self._resume(n) if self._body_left else 0
        if pos == n:
            return n
        add = self._tracker.add
        while n - pos >= 5:
            t = data[pos]
            if t not in lane:
                break
            length = _LEN.unpack_from(data, pos + 1)[0]
            if length < 4 or length > max_message_size:
                break                      # the framer raises ProtocolViolation for it
            entry = lane[t]
            if entry is not None:
                add(entry)
            end = pos + 1 + length
            if end >= n:
                self._body_left = end - n
                return n
            pos = end
        return pos
