"""The engine server: one :class:`engines.batcher.Batcher` that the requests of every worker
process batch into, behind a unix socket.

Each connection (one per worker) is an :class:`asyncio.Protocol` around a
:class:`engines.shared.protocol.FrameDecoder`: a Submit becomes a task awaiting
``Batcher.submit`` (so requests from all connections share the batcher's decode steps), a
Cancel cancels that task (the batcher drops the request at the next step), and a closed
connection cancels all of its requests. Allowed-name constraints arrive as opaque payloads
(Define) and are built by the ``constraint_factory`` the process's owner supplies (the ASK
layer's; this package does not know what a schema is), off the event loop, once per key in a
bounded cache shared by every connection (workers over the same schema send the same key).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Callable
from dataclasses import astuple
from typing import Any, cast

from engines.errors import EngineError
from engines.generation import AllowedTokens, GenerationRequest, GenerationResult
from engines.lru import LRU
from engines.shared import protocol as p

logger = logging.getLogger(__name__)

ConstraintFactory = Callable[[bytes], AllowedTokens]
CONSTRAINTS = 256          # built constraints kept (every worker's schemas together)


class EngineServer:
    def __init__(self, batcher: Any, constraint_factory: ConstraintFactory | None = None,
                 max_constraints: int = CONSTRAINTS) -> None:
        self.batcher = batcher
        self._factory = constraint_factory
        self.constraints: LRU[bytes, asyncio.Future[AllowedTokens]] = LRU(max_constraints)
        self._server: asyncio.AbstractServer | None = None
        self.connections: set[_Connection] = set()

    async def start(self, path: str) -> None:
        """Listen on ``path`` (a stale socket of a dead server is replaced)."""
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        loop = asyncio.get_running_loop()
        self._server = await loop.create_unix_server(lambda: _Connection(self), path)
        os.chmod(path, 0o600)

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            for conn in list(self.connections):
                conn.abort()
            await self._server.wait_closed()
            self._server = None

    def define(self, key: bytes, payload: bytes) -> None:
        if self._factory is None or self.constraints.peek(key) is not None:
            return
        future: asyncio.Future[AllowedTokens] = asyncio.ensure_future(
            asyncio.to_thread(self._factory, payload))
        self.constraints.put(key, future)

    def stats(self) -> p.Stats:
        return p.Stats(astuple(self.batcher.stats()))  # type: ignore[arg-type]


class _Connection(asyncio.Protocol):
    def __init__(self, server: EngineServer) -> None:
        self._server = server
        self._decoder = p.FrameDecoder()
        self._transport: asyncio.Transport | None = None
        self._running: dict[int, asyncio.Task[None]] = {}
        self._handlers: dict[type, Callable[[Any], None]] = {
            p.Submit: self._on_submit, p.Cancel: self._on_cancel,
            p.Define: self._on_define, p.StatsQuery: self._on_stats_query}

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, though they are one
        self._transport = cast(asyncio.Transport, transport)
        self._server.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self._server.connections.discard(self)
        for task in self._running.values():
            task.cancel()
        self._running.clear()
        self._transport = None

    def abort(self) -> None:
        if self._transport is not None:
            self._transport.abort()

    def data_received(self, data: bytes) -> None:
        try:
            messages = self._decoder.feed(data)
            for message in messages:
                handler = self._handlers.get(type(message))
                if handler is None:
                    raise p.ProtocolError(f"a {type(message).__name__} sent to the engine server")
                handler(message)
        except p.ProtocolError as exc:
            logger.error("engine client broke the protocol (%s); closing its connection", exc)
            self.abort()

    def _send(self, message: p.Message) -> None:
        if self._transport is not None and not self._transport.is_closing():
            self._transport.write(p.encode(message))

    def _on_submit(self, m: p.Submit) -> None:
        if m.request_id in self._running:
            raise p.ProtocolError(f"request id {m.request_id} is already running")
        task = asyncio.ensure_future(self._run(m))
        self._running[m.request_id] = task
        task.add_done_callback(lambda _: self._running.pop(m.request_id, None))

    def _on_cancel(self, m: p.Cancel) -> None:
        task = self._running.get(m.request_id)
        if task is not None:
            task.cancel()

    def _on_define(self, m: p.Define) -> None:
        self._server.define(m.key, m.payload)

    def _on_stats_query(self, m: p.StatsQuery) -> None:
        self._send(self._server.stats())

    async def _run(self, m: p.Submit) -> None:
        try:
            hook = await self._constraint(m.constraint)
            if hook is None and m.constraint:
                self._send(p.Failure(m.request_id, p.FailureKind.UNKNOWN_CONSTRAINT,
                                     "constraint not defined on the engine server"))
                return
            request = GenerationRequest(m.input_ids, m.max_new_tokens, m.num_beams,
                                        m.num_return_sequences, hook)
            result = await self._server.batcher.submit(request)
        except asyncio.CancelledError:
            return          # the client cancelled it, or went away: nobody to answer
        except (EngineError, ValueError) as exc:
            self._send(p.failure_of(m.request_id, exc))
            return
        # Any other exception is our bug (the constraint factory's, the session's): it is logged
        # and answered, as the in-process batcher answers a failed step, never left unanswered.
        except Exception as exc:
            logger.exception("engine request %d failed", m.request_id)
            self._send(p.failure_of(m.request_id, exc))
            return
        self._send(_result(m.request_id, result, self._server.stats()))

    async def _constraint(self, key: bytes) -> AllowedTokens | None:
        if not key:
            return None
        future = self._server.constraints.get(key)
        if future is None:
            return None
        try:
            return await asyncio.shield(future)
        except Exception:
            self._server.constraints.discard(key)     # not kept: the next Define builds it again
            raise


def _result(request_id: int, result: GenerationResult, stats: p.Stats) -> p.Result:
    timings = result.timings
    spent = (timings.queue_s, timings.encode_s, timings.decode_s) if timings is not None else (0.0, 0.0, 0.0)
    candidates = tuple((tuple(int(i) for i in ids), float(score)) for ids, score in result.candidates)
    return p.Result(request_id, candidates, result.rerun, spent, stats)
