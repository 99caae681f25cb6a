"""Owners of the requests the proxy itself sends upstream.

The response tracker tells the session which pending request a server message answers; when
that request is one of ours, the message goes to one of these sinks instead of the client.
"""

from __future__ import annotations

import asyncio

from ask.upstream import QueryResult, UpstreamQueryError
from proxy.wire import messages as m
from proxy.wire.framing import Frame

_T, _D, _C, _E, _N = (ord(c) for c in "TDCEN")


class UpstreamSkipped(UpstreamQueryError):
    """The server skipped our request: an earlier message of the batch failed, or the
    connection went away."""

    def __init__(self) -> None:
        super().__init__({"C": "08006", "M": "request skipped by the server"})


class _CountingSink:
    def __init__(self, entries: int, encoding: str = "utf-8") -> None:
        self.encoding = encoding   # the client's: the server answers in it
        self._remaining = entries
        self.error: dict[str, str] | None = None
        self.skipped_any = False
        self.done: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def finished(self, last_type: int) -> None:
        self._tick()

    def skipped(self) -> None:
        self.skipped_any = True
        self._tick()

    def _tick(self) -> None:
        self._remaining -= 1
        if self._remaining <= 0 and not self.done.done():
            self.done.set_result(None)


class InternalSink(_CountingSink):
    """Collects the text result of one internal statement; nothing reaches the client."""

    def __init__(self, entries: int = 1, encoding: str = "utf-8") -> None:
        super().__init__(entries, encoding)
        self.columns: tuple[str, ...] = ()
        self.rows: list[tuple[str | None, ...]] = []
        self.tag = ""
        self.abandoned = False          # nobody will read the result: drain it unparsed
        # Set once every request of the sink is answered or skipped, after ``abandon`` (``done``
        # may have been cancelled with the task that awaited it).
        self.drained: asyncio.Future[None] | None = None

    def abandon(self) -> None:
        self.abandoned = True
        self.rows.clear()
        self.drained = asyncio.get_running_loop().create_future()
        if self._remaining <= 0:
            self.drained.set_result(None)

    def _tick(self) -> None:
        super()._tick()
        if self._remaining <= 0 and self.drained is not None and not self.drained.done():
            self.drained.set_result(None)

    def on_message(self, frame: Frame) -> bytes:
        if self.abandoned:
            return b""
        t = frame.type
        if t == _D:
            self.rows.append(m.parse_data_row(frame.body, self.encoding))
        elif t == _T:
            self.columns = m.parse_row_description(frame.body, self.encoding)
        elif t == _C:
            self.tag = m.parse_command_complete(frame.body)
        elif t == _E and self.error is None:
            self.error = m.parse_fields(frame.body, self.encoding)
        return b""

    async def result(self) -> QueryResult:
        await self.done
        if self.error is not None:
            raise UpstreamQueryError(self.error)
        if self.skipped_any:
            raise UpstreamSkipped()
        return QueryResult(self.columns, tuple(self.rows), self.tag)


class RelaySink(_CountingSink):
    """Relays the answer to an injected request to the client, minus ``drop`` message types
    (ParseComplete, BindComplete, ReadyForQuery: the client never asked for those)."""

    def __init__(self, entries: int = 1, drop: bytes = b"12Z",
                 keep: bytes | None = None) -> None:
        super().__init__(entries)
        # keep: relay only these types (e.g. just the ReadyForQuery of an injected ROLLBACK)
        self._drop = frozenset(set(range(256)) - set(keep)) if keep is not None else \
            frozenset(drop)

    def on_message(self, frame: Frame) -> bytes:
        if frame.type == _E and self.error is None:
            self.error = m.parse_fields(frame.body, self.encoding)
        return b"" if frame.type in self._drop else frame.raw
