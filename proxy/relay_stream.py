"""A StreamReader whose incoming bytes can be handed straight to a callback.

The relay's steady state is a ping-pong of small reads. Through a plain ``StreamReader`` each
read costs a future, a task wake-up and a coroutine resumption on top of the socket call; a
session that only passes bytes on needs none of that. ``RelayReader.divert_until(fn)`` makes
``fn(data)`` run synchronously inside the protocol's ``data_received`` (``RelayProtocol``; with
uvloop, straight from the C read callback) until ``fn`` calls ``wake(reason)``, the connection ends, or the
waiting task is cancelled; then the reader is an ordinary ``StreamReader`` again and the task
that waited gets ``reason``. Everything else (TLS upgrade, ``drain``, close) is asyncio's own
streams, so the slow path (startup, ASK) keeps its ``await reader.read()`` code unchanged.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

_LIMIT = 2 ** 16      # asyncio's default StreamReader limit


class RelayReader(asyncio.StreamReader):
    def __init__(self, limit: int = _LIMIT, loop: asyncio.AbstractEventLoop | None = None) -> None:
        super().__init__(limit, loop=loop)
        self._divert: Callable[[bytes], None] | None = None
        self._attention: asyncio.Future[Any] | None = None

    @property
    def diverted(self) -> bool:
        """Reads go to a divert callback (the waiting task has nothing of its own to do)."""
        return self._divert is not None

    def feed_eof(self) -> None:
        super().feed_eof()
        self.wake(None)

    def set_exception(self, exc: Exception) -> None:
        super().set_exception(exc)
        self.wake(None)

    async def divert_until(self, divert: Callable[[bytes], None]) -> Any:
        """Give each incoming read to ``divert`` until it calls :meth:`wake`; returns the reason
        it gave (None: data is buffered, or the stream ended or failed: ``read()`` tells)."""
        # (StreamReader keeps read-ahead in ``_buffer``; no public accessor says it is empty)
        if self._buffer or self.at_eof() or self.exception() is not None:  # type: ignore[attr-defined]
            return None
        self._attention = asyncio.get_running_loop().create_future()
        self._divert = divert
        try:
            return await self._attention
        finally:
            self._divert = self._attention = None

    def wake(self, reason: Any) -> None:
        """Stop diverting: later bytes are buffered for ``read()``, and the waiter resumes."""
        self._divert = None
        attention = self._attention
        if attention is not None and not attention.done():
            attention.set_result(reason)


class RelayProtocol(asyncio.StreamReaderProtocol):
    """Hands a read to the reader's divert callback directly (the stock ``data_received``
    reaches the reader through a weak reference and ``feed_data``: two more Python calls)."""

    def __init__(self, reader: RelayReader, *args: Any, **kwargs: Any) -> None:
        super().__init__(reader, *args, **kwargs)
        self._relay_reader = reader

    def data_received(self, data: bytes) -> None:
        divert = self._relay_reader._divert
        if divert is None:
            super().data_received(data)
        elif data:
            divert(data)


async def open_connection(host: str, port: int) -> tuple[RelayReader, asyncio.StreamWriter]:
    """``asyncio.open_connection`` with a :class:`RelayReader`."""
    loop = asyncio.get_running_loop()
    reader = RelayReader(loop=loop)
    protocol = RelayProtocol(reader, loop=loop)
    transport, _ = await loop.create_connection(lambda: protocol, host, port)
    writer = asyncio.StreamWriter(transport, protocol, reader, loop)
    return reader, writer


async def start_server(client_connected: Callable[[RelayReader, asyncio.StreamWriter],
                                                  Awaitable[None]],
                       host: str, port: int, **kwargs: Any) -> asyncio.Server:
    """``asyncio.start_server`` with a :class:`RelayReader` per client."""
    loop = asyncio.get_running_loop()

    def factory() -> RelayProtocol:
        return RelayProtocol(RelayReader(loop=loop), client_connected, loop=loop)

    return await loop.create_server(factory, host, port, **kwargs)
