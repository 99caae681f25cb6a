"""One client session: the thin asyncio layer around the sans-I/O codec.

Two pumps move bytes. The server pump frames upstream output and routes each message through
the response tracker: to the client (relayed byte for byte), or to a sink of the proxy's own
requests. The client pump frames client input and relays it, except ``ASK`` statements, which
are handed to :class:`proxy.ask_flow.AskFlow`. Backpressure is ``drain()`` on both sides.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from proxy import upstream_conn
from proxy.ask.detector import is_ddl, parse_ask, split_query
from proxy.ask_flow import AskFlow
from proxy.config import Config
from proxy.errors import (AskProxyError, AskSyntaxError, ChannelBindingUnavailable, IdleTimeout,
                          TooManyConnections, UpstreamConnectFailed, UpstreamUnavailable)
from proxy.handshake import read_startup
from proxy.metrics import Metrics
from proxy.registry import CancelRegistry
from proxy.wire import messages as m
from proxy.wire.framing import Frame, Framer
from proxy.wire.tracker import Expect, ResponseTracker, Sink

log = logging.getLogger(__name__)

_ASK_HINT = re.compile(rb"ask", re.IGNORECASE)
_DDL_HINT = re.compile(rb"create|alter|drop|comment|grant|revoke|security|refresh|analy[sz]e"
                       rb"|import|set|reset|discard", re.IGNORECASE)
_SERVER_MAX_MESSAGE = (1 << 30) + 1024   # PostgreSQL's own bound on a message it sends
_READ_SIZE = 256 * 1024
_MAX_HELD_INPUT = 8 * 1024 * 1024        # client bytes buffered while an ASK runs
_ERROR = ord("E")


def _is_fatal(frame: Frame) -> bool:
    """An ErrorResponse after which the server closes the connection."""
    fields = m.parse_fields(frame.body)
    return fields.get("V", fields.get("S")) in ("FATAL", "PANIC")


async def _closed(writer: asyncio.StreamWriter, timeout: float = 2.0) -> None:
    """Wait (bounded) until a transport is really closed, so no socket outlives its session.

    A TLS close waits for the peer's close_notify; a peer that is gone (or a backend blocked
    writing rows nobody reads) never sends it, so past the bound the connection is aborted.
    """
    try:
        await asyncio.wait_for(writer.wait_closed(), timeout)
    except (OSError, asyncio.TimeoutError):
        writer.transport.abort()


class Phase(enum.Enum):
    STARTUP = "startup"     # negotiating, authenticating: everything relayed as is
    READY = "ready"         # first ReadyForQuery seen: requests are tracked
    CLOSING = "closing"


@dataclass(frozen=True, slots=True)
class SessionServices:
    """What sessions share: built once by the server."""
    config: Config
    registry: CancelRegistry
    metrics: Metrics
    ask: Any = None           # proxy.ask.planner.AskPlanner | None
    schema_cache: Any = None  # proxy.ask.schema_context.SchemaCache | None


class Session:
    def __init__(self, conn_id: int, reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter, services: SessionServices,
                 tls: Any = None, over_limit: bool = False) -> None:
        self.id = conn_id
        self.reader, self.writer = reader, writer
        self.services = services
        self.cfg = services.config
        self.tls = tls
        self.over_limit = over_limit
        self.log = logging.LoggerAdapter(log, {"conn": conn_id})
        self.phase = Phase.STARTUP
        self.tracker = ResponseTracker()
        self.tx_status = "I"
        self.skip_till_sync = False
        self.client_framer = Framer(self.cfg.limits.max_message_size)
        self._up_out = bytearray()
        self._up_reader: asyncio.StreamReader | None = None
        self._up_writer: asyncio.StreamWriter | None = None
        self._key: tuple[int, bytes] | None = None
        self._ask_task: asyncio.Task[None] | None = None
        self._terminated = False      # stop reading from the client
        self._clean_exit = False      # the client said Terminate
        self._plus_hidden = False
        self.ask = AskFlow(self)
        self._handlers: dict[int, Callable[[Frame], Awaitable[None] | None]] = {
            ord("Q"): self._on_query, ord("P"): self._on_parse, ord("S"): self._on_sync,
            ord("B"): self._on_bind, ord("D"): self._tracked(Expect.DESCRIBE),
            ord("E"): self._tracked(Expect.EXECUTE), ord("C"): self._on_close,
            ord("F"): self._tracked(Expect.FUNCTION_CALL), ord("X"): self._on_terminate,
            ord("p"): self._on_auth_response,
        }

    # --- lifecycle ---------------------------------------------------------------------------

    async def run(self) -> None:
        try:
            await self._run()
        except AskProxyError as exc:
            self.log.info("closing session: %s (%s)", exc.message, exc.sqlstate)
            self._send_client(m.error_response(exc))
        except (OSError, asyncio.IncompleteReadError) as exc:
            self.log.debug("connection lost: %r", exc)
        except asyncio.TimeoutError:
            self.log.info("client did not complete startup in time")
        finally:
            await self._close()

    async def _run(self) -> None:
        startup = await asyncio.wait_for(read_startup(self.reader, self.writer, self.tls),
                                         self.cfg.limits.startup_timeout_s)
        if startup is None:
            return
        if isinstance(startup, m.CancelRequest):
            await self._route_cancel(startup)
            return
        if self.over_limit:
            raise TooManyConnections("sorry, too many clients already")
        params, raw = startup
        self.log.info("startup user=%s database=%s", params.params.get("user"),
                      params.params.get("database"))
        self._up_reader, self._up_writer = await upstream_conn.connect(self.cfg.upstream)
        self._up_writer.write(raw)
        server = asyncio.create_task(self._server_pump(), name=f"server-pump-{self.id}")
        try:
            await self._client_pump()
        finally:
            await self._stop_upstream(server)

    async def _route_cancel(self, req: m.CancelRequest) -> None:
        target = self.services.registry.get(req.pid, req.key)
        if target is None:
            self.log.info("cancel request for unknown backend %d ignored", req.pid)
            return
        await target.cancel(m.cancel_request(req.pid, req.key))

    async def cancel(self, packet: bytes) -> None:
        """A CancelRequest for this session: forward it upstream for whatever runs there, then
        stop a running translation.

        In that order: stopping the translation answers the client at once, and a client that
        then sends its next query could otherwise have it reach the backend before the
        forwarded cancel's signal, which would cancel the wrong statement. ``send_cancel``
        returns once the postmaster has signalled the backend and closed the connection; a
        signal that finds the backend idle is ignored by PostgreSQL.
        """
        await upstream_conn.send_cancel(self.cfg.upstream, packet)
        self.ask.cancel_translation()

    async def _stop_upstream(self, server: asyncio.Task[None]) -> None:
        self.phase = Phase.CLOSING
        if self._up_writer is not None and not self._up_writer.is_closing():
            if not self._clean_exit and self._key is not None:
                # The client vanished (no Terminate): stop whatever the backend may still be
                # doing for it, then leave. (The tracker may already have been emptied by a
                # failed write to the client, so it cannot tell us whether work is pending.)
                await upstream_conn.send_cancel(self.cfg.upstream, m.cancel_request(*self._key))
            if self._clean_exit:
                self._up_writer.close()
                await _closed(self._up_writer)
            else:
                # Nobody will read what the backend may still be sending: drop the connection
                # rather than wait for a graceful (TLS) close that cannot complete.
                self._up_writer.transport.abort()
        try:
            await asyncio.wait_for(server, 5.0)
        except (asyncio.TimeoutError, OSError):   # OSError covers ssl.SSLError on close
            server.cancel()

    async def _close(self) -> None:
        if self._key is not None:
            self.services.registry.remove(*self._key)
        self.tracker.fail_all()
        if not self.writer.is_closing():
            try:
                await asyncio.wait_for(self.writer.drain(), 2.0)
            except (OSError, asyncio.TimeoutError):
                pass
            self.writer.close()
        await _closed(self.writer)

    def shutdown(self, err: AskProxyError) -> None:
        """Server shutdown: tell the client why, then close both sides."""
        self._send_client(m.error_response(err))
        self.writer.close()

    # --- server -> client --------------------------------------------------------------------

    async def _server_pump(self) -> None:
        assert self._up_reader is not None
        framer = Framer(_SERVER_MAX_MESSAGE)
        bytes_in = self.services.metrics.bytes_relayed.labels("server_to_client")
        deadline = asyncio.get_running_loop().time() + self.cfg.limits.startup_timeout_s
        fatal: bytes | None = None   # the server's FATAL ErrorResponse, if it sent one
        fatal_relayed = False
        failure: AskProxyError | None = None
        try:
            while data := await self._read_upstream(deadline):
                bytes_in.inc(len(data))
                framer.feed(data)
                out = bytearray()
                while (frame := framer.next_frame()) is not None:
                    relayed = self._on_server_frame(frame)
                    if frame.type == _ERROR and _is_fatal(frame):
                        fatal, fatal_relayed = frame.raw, relayed.startswith(frame.raw)
                    out += relayed
                if out:
                    self.writer.write(out)
                    await self.writer.drain()
        except OSError as exc:   # connection reset, TLS errors on either side
            self.log.debug("relay to client stopped: %r", exc)
        except UpstreamConnectFailed as exc:    # no ReadyForQuery in time
            failure = exc
        finally:
            self.tracker.fail_all()
            if self.phase is not Phase.CLOSING:
                self._upstream_lost(failure, None if fatal_relayed else fatal,
                                    server_said_why=fatal is not None)

    async def _read_upstream(self, deadline: float) -> bytes:
        assert self._up_reader is not None
        if self.phase is not Phase.STARTUP:
            return await self._up_reader.read(_READ_SIZE)
        return await upstream_conn.read_startup(self._up_reader, _READ_SIZE, deadline,
                                                self.cfg.upstream,
                                                self.cfg.limits.startup_timeout_s)

    def _upstream_lost(self, failure: AskProxyError | None, fatal: bytes | None,
                       server_said_why: bool) -> None:
        """The upstream went away (or never finished startup) while the client is still here:
        tell the client why, with the server's own FATAL when it sent one (already relayed,
        or taken by a sink of ours: then sent now, verbatim), else 08006; then end the session,
        including an ASK in progress, which has no connection left to run on."""
        if failure is None and not server_said_why:
            failure = UpstreamUnavailable("server closed the connection unexpectedly",
                                          detail="the connection to the upstream server was lost")
        if failure is not None:
            self.log.info("upstream connection failed: %s (%s)", failure.message, failure.sqlstate)
            self._send_client(m.error_response(failure))
        else:
            self.log.info("upstream closed the connection")
            self._send_client(fatal or b"")
        if self._ask_task is not None:
            self._terminated = True
            self._ask_task.cancel()
        self.writer.close()

    def _on_server_frame(self, frame: Frame) -> bytes:
        if self.phase is Phase.STARTUP:
            return self._on_startup_frame(frame)
        sink, done = self.tracker.route(frame.type)
        if frame.type == 90:  # 'Z'
            self.tx_status = chr(frame.raw[5])
        out = frame.raw if sink is None else sink.on_message(frame)  # type: ignore[attr-defined]
        if done and sink is not None:
            sink.finished(frame.type)
        synthetic = self.tracker.take_synthetic()
        return out + synthetic if synthetic else out

    def _on_startup_frame(self, frame: Frame) -> bytes:
        t = frame.type
        if t == ord("R"):
            stripped = m.strip_channel_binding(frame.raw)
            self._plus_hidden = self._plus_hidden or stripped is not frame.raw
            return stripped
        if t == ord("K"):
            pid, key = m.parse_backend_key_data(frame.body)
            self._key = (pid, key)
            self.services.registry.add(pid, key, self)
        elif t == ord("Z"):
            self.phase = Phase.READY
            self.tx_status = chr(frame.raw[5])
        return frame.raw

    def _send_client(self, data: bytes) -> None:
        if data and not self.writer.is_closing():
            self.writer.write(data)

    def emit(self, data: bytes) -> None:
        """Client-visible output of the proxy's own, placed after everything already pending."""
        self.tracker.expect(Expect.SYNTHETIC, payload=data)
        self._send_client(self.tracker.take_synthetic())

    # --- client -> server --------------------------------------------------------------------

    async def _client_pump(self) -> None:
        bytes_out = self.services.metrics.bytes_relayed.labels("client_to_server")
        while not self._terminated:
            data = await self._read_client()
            if not data:
                return
            bytes_out.inc(len(data))
            self.client_framer.feed(data)
            await self._process_client_frames()

    async def _read_client(self) -> bytes:
        timeout = self.cfg.limits.client_idle_timeout_s
        if timeout <= 0 or not self.tracker.idle or self.tx_status != "I":
            return await self.reader.read(_READ_SIZE)
        try:
            return await asyncio.wait_for(self.reader.read(_READ_SIZE), timeout)
        except asyncio.TimeoutError:
            raise IdleTimeout("terminating connection due to idle-session timeout") from None

    async def _process_client_frames(self) -> None:
        while not self._terminated and (frame := self.client_framer.next_frame()) is not None:
            handler = self._handlers.get(frame.type)
            if self.skip_till_sync and frame.type != ord("S"):
                continue   # as the server does after an error in an extended-protocol batch
            if handler is None:
                self._up_out += frame.raw    # anything else: relayed; the server judges it
                continue
            pending = handler(frame)
            if pending is not None:
                self.flush_upstream()
                await self._await_interruptible(pending)
        self.flush_upstream()
        assert self._up_writer is not None
        await self._up_writer.drain()

    def _tracked(self, kind: Expect) -> Callable[[Frame], None]:
        def forward(frame: Frame) -> None:
            self.tracker.expect(kind)
            self._up_out += frame.raw
        return forward

    def _on_query(self, frame: Frame) -> Awaitable[None] | None:
        body = frame.body
        if self.ask.enabled and _ASK_HINT.search(body):
            try:
                segments = split_query(m.parse_query(body))
            except AskSyntaxError as exc:
                return self.ask.fail_query(exc)
            if any(s.ask is not None for s in segments):
                return self.ask.run_query(segments)
        self._note_ddl(body)
        self.tracker.expect(Expect.QUERY)
        self._up_out += frame.raw
        return None

    def _on_parse(self, frame: Frame) -> Awaitable[None] | None:
        body = frame.body
        if self.ask.enabled and _ASK_HINT.search(body):
            parse = m.parse_parse(body)
            try:
                ask = parse_ask(parse.query)
            except AskSyntaxError as exc:
                return self.ask.fail_parse(exc)
            if ask is not None:
                return self.ask.run_parse(parse, ask)
            self.ask.forget_statement(parse.name)
        elif self.ask.ask_statements:
            self.ask.forget_statement(m.parse_parse(body).name)
        self._note_ddl(body)
        self.tracker.expect(Expect.PARSE)
        self._up_out += frame.raw
        return None

    def _on_bind(self, frame: Frame) -> None:
        if self.ask.ask_statements:
            self.flush_upstream()
            self.ask.before_bind(m.bind_statement(frame.body))
        self.tracker.expect(Expect.BIND)
        self._up_out += frame.raw

    def _on_close(self, frame: Frame) -> None:
        if self.ask.ask_statements and m.describe_target(frame.body) == "S":
            self.ask.forget_statement(m.close_name(frame.body))
        self.tracker.expect(Expect.CLOSE)
        self._up_out += frame.raw

    def _on_sync(self, frame: Frame) -> None:
        if self.skip_till_sync:
            self.skip_till_sync = False
            self.ask.abort_batch()
        self.tracker.expect(Expect.SYNC, self.ask.sync_expectation())
        self._up_out += frame.raw
        self.ask.after_sync()

    def _on_auth_response(self, frame: Frame) -> None:
        if self._plus_hidden and self.phase is Phase.STARTUP \
                and m.sasl_initial_flag(frame.body) == b"y":
            # The client saw TLS and no -PLUS mechanism: the server would call this a
            # downgrade attack, with a message that points nowhere near the proxy.
            raise ChannelBindingUnavailable(
                "SCRAM channel binding cannot pass through askproxy's TLS termination",
                hint="connect with channel_binding=disable, or without TLS to the proxy, or "
                     "set upstream sslmode=disable where the proxy-to-server link is trusted")
        self._up_out += frame.raw

    def _on_terminate(self, frame: Frame) -> None:
        self._terminated = self._clean_exit = True
        self._up_out += frame.raw

    def _note_ddl(self, body: bytes) -> None:
        cache = self.services.schema_cache
        if cache is not None and _DDL_HINT.search(body) and is_ddl(body.decode("utf-8", "replace")):
            cache.invalidate_all()

    # --- used by the ASK flow ----------------------------------------------------------------

    def send_upstream(self, data: bytes, expectations: list[tuple[Expect, Sink | None]]) -> None:
        for kind, sink in expectations:
            self.tracker.expect(kind, sink)
        self._up_out += data
        self.flush_upstream()

    def flush_upstream(self) -> None:
        if self._up_out and self._up_writer is not None:
            self._up_writer.write(bytes(self._up_out))
            self._up_out.clear()

    async def _await_interruptible(self, pending: Awaitable[None]) -> None:
        """Run an ASK while still watching the client: more input is buffered (bounded), and a
        client that goes away cancels the work it queued."""
        task = asyncio.ensure_future(pending)
        self._ask_task = task
        try:
            while not task.done():
                if self.client_framer.pending > _MAX_HELD_INPUT:
                    await asyncio.wait({task})
                    break
                read = asyncio.ensure_future(self.reader.read(_READ_SIZE))
                done, _ = await asyncio.wait({task, read}, return_when=asyncio.FIRST_COMPLETED)
                if read not in done:
                    read.cancel()   # nothing is consumed from the stream by a cancelled read
                    with contextlib.suppress(asyncio.CancelledError):
                        await read
                    continue
                data = read.result()
                if not data:
                    self.log.info("client went away during ASK; cancelling its work")
                    task.cancel()
                    self._terminated = True
                    break
                self.client_framer.feed(data)
            await task
        except asyncio.CancelledError:
            if not self._terminated:
                raise
        finally:
            self._ask_task = None
