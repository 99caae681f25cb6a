"""A worker's end of the shared engine: :class:`engines.batcher.Batcher`'s interface
(``submit`` / ``stats`` / ``close``) over one unix-socket connection to the engine server.

One connection per event loop carries every request of the process, many in flight at once
(each awaits its own future; no thread per request). ``submit`` raises what the in-process
batcher raises: :class:`engines.errors.EngineTimeout` after ``timeout_s`` (the request is
cancelled on the server too), EngineBusy, EngineStopped, ValueError; a cancelled task sends a
Cancel. A server that cannot be reached, or goes away with requests in flight, is
:class:`engines.errors.EngineUnavailable` for those requests; the next ``submit`` connects
again, so a restarted server is used as soon as it listens.

An ``allowed_tokens`` hook must be *portable*: ``constraint_key`` (bytes naming it, equal for
equal constraints) and ``constraint_payload`` (what the server's constraint factory builds it
from). Each key is sent once per connection (a Define), then named by key; a server that has
evicted it answers UNKNOWN_CONSTRAINT and the request is defined and sent again, once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from typing import Any, Protocol, cast, runtime_checkable

from engines.batcher import BatcherStats
from engines.errors import EngineStopped, EngineTimeout, EngineUnavailable
from engines.generation import EngineTimings, GenerationRequest, GenerationResult
from engines.lru import LRU
from engines.shared import protocol as p

logger = logging.getLogger(__name__)

_UNAVAILABLE_HINT = "plain SQL is unaffected; the engine server is restarted automatically, retry shortly"


@runtime_checkable
class PortableConstraint(Protocol):
    constraint_key: bytes
    constraint_payload: bytes


class EngineClient:
    def __init__(self, path: str, max_defined: int = 256) -> None:
        self.path = path
        self._max_defined = max_defined
        self._conn: _Connection | None = None
        self._connecting: asyncio.Lock | None = None
        self._connecting_loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._stats = BatcherStats(0, 0, 0, 0)

    def start(self) -> None:
        """Nothing to start: the first ``submit`` connects (Batcher's interface)."""

    @property
    def pending(self) -> int:
        return len(self._conn.waiting) if self._conn is not None else 0

    def stats(self) -> BatcherStats:
        """The server's counters as of its last answer; asks for fresh ones (any thread)."""
        conn = self._conn
        if conn is not None and conn.open:
            with contextlib.suppress(RuntimeError):     # its loop closed meanwhile: nobody to ask
                conn.loop.call_soon_threadsafe(conn.send, p.StatsQuery())
        return self._stats

    def close(self) -> None:
        self._closed = True
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def submit(self, request: GenerationRequest, timeout_s: float | None = None) -> GenerationResult:
        if self._closed:
            raise EngineStopped("the engine batcher is not running")
        constraint = _portable(request.allowed_tokens)
        conn = await self._connection()
        try:
            return await asyncio.wait_for(self._submit(conn, request, constraint), timeout_s)
        except TimeoutError:
            raise EngineTimeout(f"translation did not finish within {timeout_s:g} s") from None

    async def _submit(self, conn: "_Connection", request: GenerationRequest,
                      constraint: PortableConstraint | None) -> GenerationResult:
        answer = await conn.request(request, constraint)
        if isinstance(answer, p.Failure) and answer.kind is p.FailureKind.UNKNOWN_CONSTRAINT and constraint:
            conn.defined.discard(constraint.constraint_key)
            answer = await conn.request(request, constraint)
        if isinstance(answer, p.Failure):
            raise p.error_of(answer)
        self._stats = BatcherStats(*answer.stats.counters)
        return GenerationResult([(list(ids), score) for ids, score in answer.candidates], answer.rerun,
                                EngineTimings(*answer.timings))

    async def _connection(self) -> "_Connection":
        loop = asyncio.get_running_loop()
        conn = self._conn
        if conn is not None and conn.open and conn.loop is loop:
            return conn
        if self._connecting is None or self._connecting_loop is not loop:
            self._connecting, self._connecting_loop = asyncio.Lock(), loop
        async with self._connecting:
            conn = self._conn
            if conn is not None and conn.open and conn.loop is loop:
                return conn
            fresh = _Connection(self, loop, self._max_defined)
            try:
                await loop.create_unix_connection(lambda: fresh, self.path)
            except OSError as exc:
                raise EngineUnavailable(f"the shared engine server is not available ({exc.strerror or exc})",
                                        hint=_UNAVAILABLE_HINT) from None
            self._conn = fresh
            return fresh

    def _on_stats(self, stats: p.Stats) -> None:
        self._stats = BatcherStats(*stats.counters)


class _Connection(asyncio.Protocol):
    def __init__(self, client: EngineClient, loop: asyncio.AbstractEventLoop, max_defined: int) -> None:
        self._client = client
        self.loop = loop
        self.waiting: dict[int, asyncio.Future[p.Result | p.Failure]] = {}
        self.defined: LRU[bytes, bool] = LRU(max_defined)
        self._ids = itertools.count(1)
        self._decoder = p.FrameDecoder()
        self._transport: asyncio.Transport | None = None
        self.open = False

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, though they are one
        self._transport, self.open = cast(asyncio.Transport, transport), True

    def connection_lost(self, exc: Exception | None) -> None:
        self.open = False
        self._transport = None
        if self.waiting:
            logger.error("the shared engine server closed the connection with %d request(s) in flight",
                         len(self.waiting))
        error = EngineUnavailable("the shared engine server went away while translating", hint=_UNAVAILABLE_HINT)
        for future in self.waiting.values():
            if not future.done():
                future.set_exception(error)
        self.waiting.clear()

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()

    def send(self, message: p.Message) -> None:
        if self._transport is None or self._transport.is_closing():
            return
        self._transport.write(p.encode(message))

    def data_received(self, data: bytes) -> None:
        try:
            messages = self._decoder.feed(data)
        except p.ProtocolError as exc:
            logger.error("the shared engine server broke the protocol (%s); reconnecting", exc)
            assert self._transport is not None
            self._transport.abort()
            return
        for message in messages:
            if isinstance(message, p.Stats):
                self._client._on_stats(message)
                continue
            request_id = getattr(message, "request_id", None)
            future = self.waiting.pop(request_id, None) if isinstance(request_id, int) else None
            if future is not None and not future.done():
                future.set_result(message)    # type: ignore[arg-type]

    async def request(self, request: GenerationRequest, constraint: PortableConstraint | None
                      ) -> p.Result | p.Failure:
        if not self.open:
            raise EngineUnavailable("the shared engine server went away", hint=_UNAVAILABLE_HINT)
        key = b""
        if constraint is not None:
            key = constraint.constraint_key
            if self.defined.get(key) is None:
                self.send(p.Define(key, constraint.constraint_payload))
                self.defined.put(key, True)
        request_id = next(self._ids) & 0xFFFFFFFF
        future: asyncio.Future[p.Result | p.Failure] = self.loop.create_future()
        self.waiting[request_id] = future
        self.send(p.Submit(request_id, tuple(request.input_ids), request.max_new_tokens, request.num_beams,
                           request.num_return_sequences, key))
        try:
            return await future
        except asyncio.CancelledError:
            if self.waiting.pop(request_id, None) is not None:
                self.send(p.Cancel(request_id))
            raise


def _portable(hook: Any) -> PortableConstraint | None:
    if hook is None:
        return None
    if not isinstance(hook, PortableConstraint):
        raise ValueError("allowed_tokens must carry constraint_key and constraint_payload "
                         "to reach a shared engine server")
    return hook
