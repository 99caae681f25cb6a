"""The private channel between worker processes (``[listen] workers`` > 1): cancel requests and
schema-cache invalidations.

A client cancels by opening a new connection, which the kernel may hand to any worker sharing
the port (SO_REUSEPORT), not necessarily the one holding the session. Cancel keys are the
upstream's own (BackendKeyData is relayed unchanged), so a key says nothing about its worker.
Each worker therefore also listens on a private unix socket in the supervisor's directory
(mode 0700: only the proxy's own user reaches it). A worker whose registry lacks the key
forwards the CancelRequest, unchanged, to all its siblings at once; the one holding the session
cancels it exactly as a local request (upstream first, then the running translation) and
answers one byte, ``FOUND`` or ``UNKNOWN``. A forwarded request is never forwarded again.

Each worker also has its own schema cache, and DDL is seen only by the worker whose session ran
it: every invalidation (DDL, TEACH ASK, the console's REFRESH SCHEMA) is sent to the siblings
too (:class:`SharedInvalidation`), as a message of the same framing with a private code.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import struct
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from proxy.cancel_registry import Cancellable, CancelRegistry
from proxy.errors import ProtocolViolation
from proxy.wire import messages as m

log = logging.getLogger(__name__)

FOUND, UNKNOWN = b"1", b"0"
INVALIDATE = 0x41534B01          # "ASK" 1: not a code any PostgreSQL startup packet uses
MAX_PACKET = 8 + 1024            # a cancel key of up to 256 bytes (protocol 3.2); a role name
TIMEOUT_S = 5.0                  # per sibling; a hung sibling must not hold a cancel forever
# what an invalidation drops: every context, a database's, a role's
ALL, DATABASE, ROLE = b"a", b"d", b"r"


@dataclass(frozen=True, slots=True)
class WorkerSlot:
    """One worker's place among its siblings: its index (0-based), how many there are, and the
    supervisor's private directory holding each worker's socket."""
    index: int
    count: int
    directory: str

    def socket_path(self, index: int) -> str:
        return os.path.join(self.directory, f"worker-{index}.sock")

    @property
    def siblings(self) -> list[str]:
        return [self.socket_path(i) for i in range(self.count) if i != self.index]


class SiblingRoute:
    """This worker's end of the channel: serves its siblings' messages from its own
    ``registry`` and ``schema_cache``, and sends them what they must know."""

    def __init__(self, slot: WorkerSlot, registry: CancelRegistry) -> None:
        self.slot = slot
        self._registry = registry
        self.schema_cache: Any = None     # ask.introspection.SchemaCache: set by the server
        self._server: asyncio.AbstractServer | None = None
        self._sending: set[asyncio.Task[Any]] = set()
        self._handlers: dict[int, Callable[[bytes], Awaitable[bytes]]] = {
            m.CANCEL_REQUEST: self._on_cancel, INVALIDATE: self._on_invalidate}

    async def start(self) -> None:
        path = self.slot.socket_path(self.slot.index)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)      # left by a worker of this slot that died
        self._server = await asyncio.start_unix_server(self._on_sibling, path)
        self._registry.forward = self.remote

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
        with contextlib.suppress(OSError):
            os.unlink(self.slot.socket_path(self.slot.index))

    # --- sending ---------------------------------------------------------------------------

    def remote(self, pid: int, key: bytes) -> Cancellable:
        return _Forwarded(self, pid)

    async def forward(self, packet: bytes) -> bool:
        """Whether a sibling held the cancel key (and has cancelled its session)."""
        answers = await asyncio.gather(*(_ask(path, packet) for path in self.slot.siblings))
        return any(answer == FOUND for answer in answers)

    def invalidated(self, what: bytes, name: str = "") -> None:
        """Tell every sibling, without waiting: a cache that is a moment late is as one that
        read the catalog a moment earlier."""
        body = struct.pack("!I", INVALIDATE) + what + name.encode()
        packet = struct.pack("!I", 4 + len(body)) + body
        for path in self.slot.siblings:
            task = asyncio.get_running_loop().create_task(_ask(path, packet))
            self._sending.add(task)
            task.add_done_callback(self._sending.discard)

    # --- receiving -------------------------------------------------------------------------

    async def _on_sibling(self, reader: asyncio.StreamReader,
                          writer: asyncio.StreamWriter) -> None:
        try:
            packet = await asyncio.wait_for(_read_packet(reader), TIMEOUT_S)
            handler = self._handlers.get(struct.unpack_from("!I", packet, 4)[0])
            if handler is None:
                raise ProtocolViolation("unknown message")
            writer.write(await handler(packet))
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError, UnicodeDecodeError,
                ProtocolViolation) as exc:
            log.warning("worker %d: bad message from a sibling: %r", self.slot.index, exc)
        finally:
            writer.close()

    async def _on_cancel(self, packet: bytes) -> bytes:
        req = m.parse_startup(packet[4:])
        assert isinstance(req, m.CancelRequest)
        target = self._registry.local(req.pid, req.key)
        if target is None:
            return UNKNOWN
        log.info("cancel request for backend %d, forwarded by a sibling worker", req.pid)
        await target.cancel(packet)
        return FOUND

    async def _on_invalidate(self, packet: bytes) -> bytes:
        what, name = packet[8:9], packet[9:].decode()
        cache = self.schema_cache
        if cache is not None:
            if what == DATABASE:
                cache.invalidate_database(name)
            elif what == ROLE:
                cache.invalidate_role(name)
            else:
                cache.invalidate_all()
        return FOUND


class SharedInvalidation:
    """A worker's schema cache as its sessions and console see it: each invalidation also
    reaches the siblings' caches. Everything else is the cache's own."""

    def __init__(self, cache: Any, route: SiblingRoute) -> None:
        self._cache, self._route = cache, route

    def invalidate_all(self) -> None:
        self._cache.invalidate_all()
        self._route.invalidated(ALL)

    def invalidate_database(self, database: str) -> None:
        self._cache.invalidate_database(database)
        self._route.invalidated(DATABASE, database)

    def invalidate_role(self, role: str) -> int:
        dropped: int = self._cache.invalidate_role(role)
        self._route.invalidated(ROLE, role)
        return dropped

    def __len__(self) -> int:
        return len(self._cache)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._cache, name)


class _Forwarded:
    """A key this worker does not hold: cancelling it asks the siblings."""

    def __init__(self, route: SiblingRoute, pid: int) -> None:
        self._route, self._pid = route, pid

    async def cancel(self, packet: bytes) -> None:
        if not await self._route.forward(packet):
            log.info("cancel request for unknown backend %d ignored (no worker holds it)",
                     self._pid)


async def _read_packet(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readexactly(4)
    (length,) = struct.unpack("!I", head)
    if not 9 <= length <= MAX_PACKET:
        raise ProtocolViolation(f"message of {length} bytes")
    packet = head + await reader.readexactly(length - 4)
    if struct.unpack_from("!I", packet, 4)[0] == m.CANCEL_REQUEST and length < 16:
        raise ProtocolViolation("cancel request too short")
    return packet


async def _ask(path: str, packet: bytes) -> bytes:
    """The sibling's one-byte answer; empty if it could not be reached."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(path), TIMEOUT_S)
    except (OSError, asyncio.TimeoutError):
        return b""     # a sibling restarting: it holds no session yet, and an empty cache
    try:
        writer.write(packet)
        await writer.drain()
        return await asyncio.wait_for(reader.read(1), TIMEOUT_S)
    except (OSError, asyncio.TimeoutError):
        return b""
    finally:
        writer.close()
