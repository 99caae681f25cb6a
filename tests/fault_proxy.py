"""A small fault-injecting TCP proxy between askproxy and PostgreSQL (after psycopg's
``tests/fix_proxy.py`` and asyncpg's ``_testbase/fuzzer.py``).

It runs its own event loop in a thread and forwards bytes both ways. On command it cuts
every open connection (with a TCP reset), refuses new ones, or cuts a connection as soon as
given bytes pass from the client side (``cut_on``), which lets a test cut mid-COPY or
mid-query deterministically.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading


class FaultProxy:
    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.loop = asyncio.new_event_loop()
        self.refusing = False
        self.cut_on: bytes | None = None
        self.connections = 0
        self._writers: set[asyncio.StreamWriter] = set()
        self._server: asyncio.Server | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def start(self) -> "FaultProxy":
        self._thread.start()
        self._server = self._call(asyncio.start_server(self._on_client, "127.0.0.1", 0))
        return self

    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.sockets[0].getsockname()[1]

    def _call(self, coro):  # type: ignore[no-untyped-def]
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def cut_all(self) -> int:
        """Reset every open connection now; returns how many were cut."""
        async def cut() -> int:
            writers = list(self._writers)
            for w in writers:
                _reset(w)
            return len(writers) // 2
        return self._call(cut())

    def stop(self) -> None:
        async def stop() -> None:
            if self._server is not None:
                self._server.close()
            for w in list(self._writers):
                _reset(w)
        self._call(stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()

    async def _on_client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.refusing:
            _reset(writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            _reset(writer)
            return
        self.connections += 1
        self._writers |= {writer, up_writer}
        try:
            await asyncio.gather(self._pump(reader, up_writer, writer, watch=True),
                                 self._pump(up_reader, writer, up_writer, watch=False))
        finally:
            self._writers -= {writer, up_writer}

    async def _pump(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter,
                    other: asyncio.StreamWriter, *, watch: bool) -> None:
        try:
            while data := await src.read(65536):
                if watch and self.cut_on is not None and self.cut_on in data:
                    self.cut_on = None
                    _reset(dst)
                    _reset(other)
                    return
                dst.write(data)
                await dst.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            _reset(dst)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with RST (SO_LINGER 0): the peer sees a broken connection, not a clean FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None and not writer.is_closing():
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.close()
