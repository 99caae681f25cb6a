"""CancelRequests across worker processes (``[listen] workers`` > 1).

A client cancels by opening a new connection, which the kernel may hand to any worker sharing
the port (SO_REUSEPORT), not necessarily the one holding the session. Cancel keys are the
upstream's own (BackendKeyData is relayed unchanged), so a key says nothing about its worker.
Each worker therefore also listens on a private unix socket in the supervisor's directory
(mode 0700, so only the proxy's own user can reach it). A worker whose registry lacks the key
forwards the CancelRequest, unchanged, to all its siblings at once; the one holding the session
cancels it exactly as a local request (upstream first, then the running translation) and
answers one byte: ``FOUND`` or ``UNKNOWN``. A forwarded request is never forwarded again.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import struct
from dataclasses import dataclass

from proxy.cancel_registry import Cancellable, CancelRegistry
from proxy.errors import ProtocolViolation
from proxy.wire import messages as m

log = logging.getLogger(__name__)

FOUND, UNKNOWN = b"1", b"0"
MAX_CANCEL_PACKET = 12 + 256     # protocol 3.2 allows keys of up to 256 bytes
TIMEOUT_S = 5.0                  # per sibling; a hung sibling must not hold the cancel forever


@dataclass(frozen=True, slots=True)
class WorkerSlot:
    """One worker's place among its siblings: its index (0-based), how many there are, and the
    supervisor's private directory holding each worker's cancel socket."""
    index: int
    count: int
    directory: str

    def socket_path(self, index: int) -> str:
        return os.path.join(self.directory, f"cancel-{index}.sock")

    @property
    def siblings(self) -> list[str]:
        return [self.socket_path(i) for i in range(self.count) if i != self.index]


class CancelRoute:
    """This worker's end of the route: serves its siblings' forwarded requests from its own
    ``registry`` and forwards the keys the registry does not hold."""

    def __init__(self, slot: WorkerSlot, registry: CancelRegistry) -> None:
        self.slot = slot
        self._registry = registry
        self._server: asyncio.AbstractServer | None = None

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

    def remote(self, pid: int, key: bytes) -> Cancellable:
        return _Forwarded(self, pid)

    async def forward(self, packet: bytes) -> bool:
        """Whether a sibling held the key (and has cancelled its session)."""
        answers = await asyncio.gather(*(_ask(path, packet) for path in self.slot.siblings))
        return any(answers)

    async def _on_sibling(self, reader: asyncio.StreamReader,
                          writer: asyncio.StreamWriter) -> None:
        try:
            packet = await asyncio.wait_for(_read_packet(reader), TIMEOUT_S)
            req = m.parse_startup(packet[4:])
            if not isinstance(req, m.CancelRequest):
                raise ProtocolViolation("not a CancelRequest")
            target = self._registry.local(req.pid, req.key)
            if target is not None:
                log.info("cancel request for backend %d, forwarded by a sibling worker", req.pid)
                await target.cancel(packet)
            writer.write(UNKNOWN if target is None else FOUND)
            await writer.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.TimeoutError,
                ProtocolViolation) as exc:
            log.warning("worker %d: bad forwarded cancel request: %r", self.slot.index, exc)
        finally:
            writer.close()


class _Forwarded:
    """A key this worker does not hold: cancelling it asks the siblings."""

    def __init__(self, route: CancelRoute, pid: int) -> None:
        self._route, self._pid = route, pid

    async def cancel(self, packet: bytes) -> None:
        if not await self._route.forward(packet):
            log.info("cancel request for unknown backend %d ignored (no worker holds it)",
                     self._pid)


async def _read_packet(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readexactly(4)
    (length,) = struct.unpack("!I", head)
    if not 16 <= length <= MAX_CANCEL_PACKET:
        raise ProtocolViolation(f"cancel request of {length} bytes")
    return head + await reader.readexactly(length - 4)


async def _ask(path: str, packet: bytes) -> bool:
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_unix_connection(path), TIMEOUT_S)
    except (OSError, asyncio.TimeoutError):
        return False     # a sibling restarting: it holds no session yet
    try:
        writer.write(packet)
        await writer.drain()
        return await asyncio.wait_for(reader.read(1), TIMEOUT_S) == FOUND
    except (OSError, asyncio.TimeoutError):
        return False
    finally:
        writer.close()
