"""One client session: the asyncio layer around the sans-I/O relay.

The protocol state (phase, transaction status, tracker, fast lanes, ...) and what each message
means for it live in :class:`proxy.wire.relay.Relay`; this class reads and writes, owns
timeouts and tasks, and decides nothing about a message. Two pumps move bytes. The server pump
frames upstream output and hands each message to ``Relay.on_server``; the client pump frames
client input and hands each message to ``Relay.on_client``. Each returns an event
(``proxy/wire/relay_events.py``): bytes to write, and for a few events something to run (an ASK,
handed to :class:`proxy.ask_execution.AskExecution`, which reaches this session only as a
:class:`proxy.session_port.SessionPort`; a parse off the event loop; the end of the session).
Backpressure is ``drain()`` on both sides.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from proxy import native_relay, upstream_conn
from proxy.admin_session import run_console
from proxy.ask_detector import AskLimits, DdlScope
from proxy.ask_execution import AskExecution
from proxy.config import Config
from proxy.errors import (AskProxyError, AuthenticationTimeout,
                          IdleTimeout, TooManyConnections,
                          UpstreamConnectFailed, UpstreamUnavailable)
from proxy.handshake import MAX_AUTH_MESSAGE, read_startup
from proxy.log_context import CONNECTION
from proxy.metrics import ByteTally, Metrics, OperationsMetrics
from proxy.cancel_registry import CancelRegistry
from proxy.relay_stream import RelayReader
from proxy.wire import messages as m
from proxy.wire import relay_events as ev
from proxy.wire.framing import Frame, Framer
from proxy.wire.inject import Injection
from proxy.wire.relay import SERVER_MAX_MESSAGE, Phase, Relay
from proxy.wire.tracker import Expect, Sink

log = logging.getLogger(__name__)

_READ_SIZE = 256 * 1024
_MAX_HELD_INPUT = 8 * 1024 * 1024        # client bytes buffered while an ASK runs
# A diverted read stops and lets its pump drain when the other side holds more than this
# unsent (asyncio's and uvloop's default high-water mark).
_HIGH_WATER = 64 * 1024
_DRAIN = "drain"     # why a diverted read hands back to its pump: the other side is full


async def _closed(writer: asyncio.StreamWriter, timeout: float = 2.0) -> None:
    """Wait (bounded) until a transport is really closed, so no socket outlives its session.

    A TLS close waits for the peer's close_notify; a peer that is gone (or a backend blocked
    writing rows nobody reads) never sends it, so past the bound the connection is aborted.
    """
    try:
        await asyncio.wait_for(writer.wait_closed(), timeout)
    except (OSError, asyncio.TimeoutError):
        writer.transport.abort()


@dataclass(frozen=True, slots=True)
class SessionServices:
    """What sessions share: built once by the server."""
    config: Config
    registry: CancelRegistry
    metrics: Metrics
    ask: Any = None           # ask.planner.AskPlanner | None
    schema_cache: Any = None  # ask.context.introspection.SchemaCache | None
    ops: OperationsMetrics | None = None
    console: Any = None       # proxy.admin.ConsoleView | None


class Session:
    def __init__(self, conn_id: int, reader: RelayReader,
                 writer: asyncio.StreamWriter, services: SessionServices,
                 tls: Any = None, over_limit: bool = False) -> None:
        self.id = conn_id
        self.reader, self.writer = reader, writer
        self.services = services
        self.cfg = services.config
        self.tls = tls
        self.over_limit = over_limit
        self.log = logging.LoggerAdapter(log, {"conn": conn_id})
        self.started = time.monotonic()
        # The protocol state (phase, transaction status, tracker, ...): this class only does I/O.
        self.relay = Relay(self.cfg.ask.enabled, services.schema_cache is not None,
                           AskLimits(self.cfg.ask.max_scan_bytes, self.cfg.ask.max_question_bytes))
        # The DDL's transaction ended: invalidate again (what other sessions read meanwhile
        # may be the schema before it).
        self.relay.on_ddl_settled = self._invalidate
        # Tight until authentication is done; _logged_in raises it to limits.max_message_size.
        self.client_framer = Framer(min(MAX_AUTH_MESSAGE, self.cfg.limits.max_message_size))
        self._ready = asyncio.Event()     # set at the first ReadyForQuery
        self._startup_deadline = 0.0      # loop time by which the client must be logged in
        # Before login, whose turn it is: the client's after an authentication request, else the
        # server's. A startup that stalls on the server's turn is the upstream's failure (08001,
        # the server pump's deadline), never an authentication timeout of the client (57014).
        self._client_turn = asyncio.Event()
        self._up_out: list[bytes] = []
        self._server_framer = Framer(SERVER_MAX_MESSAGE)
        self._fatal: bytes | None = None   # the server's FATAL ErrorResponse, if it sent one
        self._fatal_relayed = False
        self._bytes_in = ByteTally(services.metrics.bytes_relayed.labels("server_to_client"))
        self._bytes_out = ByteTally(services.metrics.bytes_relayed.labels("client_to_server"))
        self._client_seen = 0.0            # loop time of the last client read (idle timeout)
        self._handoff: Awaitable[None] | None = None   # an ASK the diverted path found
        self._up_reader: RelayReader | None = None
        # Both transports, taken at login (after any TLS upgrade): the fast lanes write to them
        # directly, without StreamWriter's Python layer (``drain`` stays the pumps' business).
        self._to_client: asyncio.WriteTransport = writer.transport
        self._to_server: asyncio.WriteTransport | None = None
        self._up_writer: asyncio.StreamWriter | None = None
        # Plain passthrough relayed by the C core (proxy/native_relay.py), made at login.
        self._native: native_relay.NativeLane | None = None
        self._key: tuple[int, bytes] | None = None
        self._ask_task: asyncio.Task[None] | None = None
        self._terminated = False      # stop reading from the client
        self._clean_exit = False      # the client said Terminate
        self._login: tuple[str | None, str | None] = (None, None)   # user, database
        self.ask = AskExecution(self, self.cfg.ask, services.ask, services.metrics, services.ops,
                                schemas=services.schema_cache)
        # What each event of the relay's that is more than bytes to write makes this session
        # do (an awaitable: the client's input waits until it is done).
        self._client_actions: dict[type, Callable[[Any], Awaitable[None] | None]] = {
            ev.Terminate: self._terminate, ev.AuthResponse: self._auth_answered,
            ev.Inspect: self._inspect,
            ev.RunQuery: lambda e: self.ask.run_query(e.segments),
            ev.FailQuery: lambda e: self.ask.fail_query(e.error),
            ev.ExecuteAsk: lambda e: self.ask.run_execute(e.body),
            ev.RunParse: lambda e: self.ask.run_parse(e.parse, e.statement),
            ev.FailParse: lambda e: self.ask.fail_parse(e.error),
            ev.BindAsk: lambda e: self.ask.read_only.bind(e.frame, e.portal),
            ev.SettleSync: lambda e: self.ask.read_only.sync_and_settle(e.sync),
        }
        self._server_actions: dict[type, Callable[[Any], None]] = {
            ev.Fatal: self._fatal_seen, ev.LoginRefused: self._login_refused,
            ev.AuthRequest: self._auth_requested, ev.BackendKey: self._backend_key,
            ev.LoggedIn: lambda e: self._logged_in(),
        }

    # --- lifecycle ---------------------------------------------------------------------------

    async def run(self) -> None:
        CONNECTION.set(self.id)    # this task's context: its children's log lines carry the id
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
        timeout = self.cfg.limits.startup_timeout_s
        self._startup_deadline = asyncio.get_running_loop().time() + timeout
        startup = await asyncio.wait_for(read_startup(self.reader, self.writer, self.tls),
                                         timeout)
        if startup is None:
            return
        if isinstance(startup, m.CancelRequest):
            await self._route_cancel(startup)
            return
        if self.over_limit:
            raise TooManyConnections("sorry, too many clients already")
        params, raw = startup
        self._login = (params.params.get("user"), params.params.get("database"))
        self.log.info("startup user=%s database=%s", *self._login)
        if self.console is not None and self.database == self.cfg.admin.database:
            return await run_console(self, params)
        self._up_reader, self._up_writer = await self.connect_upstream()
        self._up_writer.write(raw)
        server = asyncio.create_task(self._server_pump(), name=f"server-pump-{self.id}")
        try:
            await self._client_pump()
        finally:
            await self._stop_upstream(server)

    async def connect_upstream(self) -> tuple[RelayReader, asyncio.StreamWriter]:
        try:
            return await upstream_conn.connect(self.cfg.upstream)
        except UpstreamConnectFailed as exc:
            self._count_connect_failure(exc)
            raise

    # --- what the admin console reads and uses -----------------------------------------------

    @property
    def user(self) -> str | None:
        return self._login[0]

    @property
    def database(self) -> str | None:
        """As the server resolves it: no database parameter means the user's name (also what
        scopes this session's schema-cache invalidation)."""
        return self._login[1] or self._login[0]

    @property
    def peer(self) -> str:
        peer = self.writer.get_extra_info("peername")
        return f"{peer[0]}:{peer[1]}" if isinstance(peer, tuple) and len(peer) >= 2 else str(peer)

    @property
    def console(self) -> Any:
        """The admin console's view of the server (proxy.admin.ConsoleView), when
        ``[admin] users`` names anyone."""
        return self.services.console if self.cfg.admin.roles else None

    def send_client(self, data: bytes) -> None:
        self._send_client(data)

    def mark_ready(self) -> None:
        self._logged_in()

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
        self._native_detach(deliver=False)
        self.relay.closing()
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
        self._native_detach(deliver=False)
        if asyncio.iscoroutine(self._handoff):   # found by a diverted read, never started
            self._handoff.close()
        self._bytes_in.flush()
        self._bytes_out.flush()
        if self._key is not None:
            self.services.registry.remove(*self._key)
        self.relay.tracker.fail_all()
        if not self.writer.is_closing():
            try:
                await asyncio.wait_for(self.writer.drain(), 2.0)
            except (OSError, asyncio.TimeoutError):
                pass
            self.writer.close()
        await _closed(self.writer)

    def shutdown(self, err: AskProxyError) -> None:
        """Server shutdown: tell the client why, then close both sides."""
        self._native_detach()
        self._send_client(m.error_response(err))
        self.writer.close()

    # --- server -> client --------------------------------------------------------------------

    async def _server_pump(self) -> None:
        """Startup through the reader; once logged in, reads are diverted to
        :meth:`_on_server_data` and this task only waits, for the end of the connection or
        for the client's side to drain."""
        reader = self._up_reader
        assert reader is not None
        deadline = asyncio.get_running_loop().time() + self.cfg.limits.startup_timeout_s
        failure: AskProxyError | None = None
        try:
            while True:
                if self.relay.phase is Phase.READY:
                    why = await reader.divert_until(self._on_server_data)
                    if isinstance(why, BaseException):
                        raise why
                    if why == _DRAIN:
                        await self.writer.drain()
                        continue
                data = await self._read_upstream(deadline)
                if not data or self.writer.is_closing():
                    break   # the client side is closed (shutdown, client gone): stop relaying
                self._relay_server(data)
                await self.writer.drain()
        except OSError as exc:   # connection reset, TLS errors on either side
            self.log.debug("relay to client stopped: %r", exc)
        except UpstreamConnectFailed as exc:    # no ReadyForQuery in time
            failure = exc
        finally:
            self.relay.tracker.fail_all()
            if self.relay.phase is not Phase.CLOSING:
                fatal = self._fatal
                self._upstream_lost(failure, None if self._fatal_relayed else fatal,
                                    server_said_why=fatal is not None)

    def _on_server_data(self, data: bytes) -> None:
        """A diverted read from the server (in the transport's callback, not a task)."""
        assert self._up_reader is not None
        try:
            self._relay_server(data)
        except (AskProxyError, OSError) as exc:
            self._up_reader.wake(exc)
            return
        if self._to_client.get_write_buffer_size() > _HIGH_WATER:
            self._up_reader.wake(_DRAIN)
        elif self._native is not None:
            self._native_try()

    def _relay_server(self, data: bytes) -> None:
        """Route one read from the server and write what is the client's. The leading messages
        that need no look go out as they came (``wire/passthrough.py``); the rest is framed."""
        self._bytes_in.add(len(data))
        if self.writer.is_closing():
            return      # the client side is closed (shutdown, client gone): nothing to relay to
        framer = self._server_framer
        if self.relay.phase is Phase.READY and not framer.pending:
            relayed = self.relay.server_lane.scan(data)
            if relayed == len(data):
                self._to_client.write(data)
                return
            if relayed:
                self._to_client.write(memoryview(data)[:relayed])
                data = data[relayed:]
        framer.feed(data)
        out: list[bytes] = []
        while (frame := framer.next_frame()) is not None:
            event = self.relay.on_server(frame)
            if type(event) is not ev.ToClient:
                self._server_actions[type(event)](event)
            if event.data:
                out.append(event.data)
        if out:
            self.writer.writelines(out)

    async def _read_upstream(self, deadline: float) -> bytes:
        assert self._up_reader is not None
        if self.relay.phase is not Phase.STARTUP:
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
        if isinstance(failure, UpstreamConnectFailed):
            self._count_connect_failure(failure)
        elif failure is not None:
            self.log.info("upstream connection failed: %s (%s)", failure.message, failure.sqlstate)
        if failure is not None:
            self._send_client(m.error_response(failure))
        else:
            self.log.info("upstream closed the connection")
            self._send_client(fatal or b"")
        if self._ask_task is not None:
            self._terminated = True
            self._ask_task.cancel()
        self.writer.close()

    def _count_connect_failure(self, exc: UpstreamConnectFailed) -> None:
        self.log.warning("upstream connection failed: %s (%s)", exc.message, exc.sqlstate)
        if self.services.ops is not None:
            self.services.ops.upstream_connect_failures.labels(exc.cause).inc()

    def login_failed(self, frame: Frame) -> None:
        """The server refused the login (wrong password 28P01, no such role or database, too
        many connections): logged with its SQLSTATE, as PostgreSQL's own log would."""
        self._log_login_failure(m.parse_fields(frame.body))

    def _log_login_failure(self, fields: dict[str, str]) -> None:
        sqlstate = fields.get("C", "?????")
        self.log.warning("login failed for user=%s database=%s: %s (%s)", *self._login,
                         fields.get("M", ""), sqlstate)
        if self.services.ops is not None:
            self.services.ops.login_failures.labels(sqlstate).inc()

    def _fatal_seen(self, event: ev.Fatal | ev.LoginRefused) -> None:
        self._fatal = event.error
        self._fatal_relayed = event.data.startswith(event.error)

    def _login_refused(self, event: ev.LoginRefused) -> None:
        if event.fatal:
            self._fatal_seen(event)
        self._log_login_failure(event.fields)

    def _auth_requested(self, event: ev.AuthRequest) -> None:
        if event.client_turn:
            self._client_turn.set()
        else:
            self._client_turn.clear()

    def _backend_key(self, event: ev.BackendKey) -> None:
        self._key = (event.pid, event.key)
        self.services.registry.add(event.pid, event.key, self)

    def _logged_in(self) -> None:
        """The first ReadyForQuery: authentication is done. Called before the client can see
        it, so no message sent after it meets the tighter pre-login bound."""
        self.relay.logged_in()
        if self._up_writer is not None:     # None in the admin console: nothing is relayed
            self._to_client, self._to_server = self.writer.transport, self._up_writer.transport
            if native_relay.enabled(self.cfg.server.native_relay):
                self._native = native_relay.NativeLane.for_transports(
                    self._to_client, self._to_server, self._native_stopped)
        self.client_framer.max_message_size = self.cfg.limits.max_message_size
        self._ready.set()

    def _send_client(self, data: bytes) -> None:
        if data and not self.writer.is_closing():
            self.writer.write(data)

    def emit(self, data: bytes) -> None:
        """Client-visible output of the proxy's own, placed after everything already pending."""
        self._send_client(self.relay.emit(data))

    # --- client -> server --------------------------------------------------------------------

    async def _client_pump(self) -> None:
        """Startup and ASK through the reader; in between, reads are diverted to
        :meth:`_on_client_data` and this task waits for what needs it: an ASK (or anything
        else a handler must await), upstream backpressure, the end of the connection."""
        while not self._terminated:
            if self.relay.phase is Phase.READY:
                why = await self._divert_client()
                if isinstance(why, BaseException):
                    raise why
                if why == _DRAIN:
                    assert self._up_writer is not None
                    await self._up_writer.drain()
                    continue
                if self._handoff is not None:
                    pending, self._handoff = self._handoff, None
                    await self._await_interruptible(pending)
                    await self._process_client_frames()
                    continue
                if self._terminated:
                    return
            data = await self._read_client()
            if not data:
                return
            found = self._take_client_data(data)
            if found is not None:
                await self._await_interruptible(found)
            await self._process_client_frames()

    async def _divert_client(self) -> Any:
        """Divert client reads until they need this task; with an idle timeout, close a
        client that sent nothing for that long while nothing was pending."""
        timeout = self.cfg.limits.client_idle_timeout_s
        if timeout <= 0:
            return await self.reader.divert_until(self._on_client_data)
        loop = asyncio.get_running_loop()
        self._client_seen = loop.time()
        while True:
            wait = max(self._client_seen + timeout - loop.time(), 0.0)
            try:
                return await asyncio.wait_for(self.reader.divert_until(self._on_client_data),
                                              wait)
            except asyncio.TimeoutError:
                self._native_detach()    # its last client read, and the relay's state
                if loop.time() - self._client_seen < timeout:
                    continue
                if self.relay.idle:
                    raise IdleTimeout(
                        "terminating connection due to idle-session timeout") from None
                self._client_seen = loop.time()   # busy: count idleness from now

    def _on_client_data(self, data: bytes) -> None:
        """A diverted read from the client (in the transport's callback, not a task)."""
        if self.cfg.limits.client_idle_timeout_s > 0:
            self._client_seen = asyncio.get_running_loop().time()
        try:
            pending = self._take_client_data(data)
        except AskProxyError as exc:
            self.reader.wake(exc)
            return
        if pending is not None or self._terminated:
            self._handoff = pending
            self.reader.wake(None)
            return
        assert self._to_server is not None
        if self._to_server.get_write_buffer_size() > _HIGH_WATER:
            self.reader.wake(_DRAIN)
        elif self._native is not None:
            self._native_try()

    # --- the native core (proxy/native_relay.py) ---------------------------------------------

    def _native_try(self) -> None:
        """Hand both sockets to the native core while the session is plain passthrough."""
        lane = self._native
        assert lane is not None
        if lane.busy or lane.attached:
            return
        if lane.cooldown:
            lane.cooldown -= 1
            return
        if self._io_at_rest():
            plan = native_relay.plan(self.relay)
            if plan is not None:
                lane.attach(plan, self.client_framer.max_message_size)

    def _io_at_rest(self) -> bool:
        """Both pumps diverted and waiting for nothing of their own; nothing framed, half
        relayed or unsent on either side (the core writes to the sockets directly)."""
        up = self._up_reader
        assert up is not None and self._to_server is not None and self._up_writer is not None
        relay = self.relay
        return (self.reader.diverted and up.diverted and self._handoff is None
                and not self._terminated and not self.client_framer.pending
                and not self._server_framer.pending and not relay.client_lane.mid_message
                and not relay.server_lane.mid_message
                and not self._to_client.get_write_buffer_size()
                and not self._to_server.get_write_buffer_size()
                and not self.writer.is_closing() and not self._up_writer.is_closing())

    def _native_stopped(self, reason: str) -> None:
        """The core met what it does not relay: a message to look at (the Python relay takes
        it, then hands back when it can), a full socket buffer, the end of a connection or an
        error (the transports, reading again, meet it themselves)."""
        self._native_detach(reattach=reason == "look")

    def _native_detach(self, reattach: bool = False, deliver: bool = True) -> None:
        """Take the session back from the native core: its state into the relay, and the
        bytes it read but did not route to the Python path, as if they had just arrived."""
        lane = self._native
        if lane is None or not lane.attached:
            return
        lane.busy = True
        try:
            state = lane.detach()
            native_relay.restore(self.relay, state)
            self._bytes_out.add(state.up_bytes - len(state.up_held))
            self._bytes_in.add(state.down_bytes - len(state.down_held))
            if lane.settling:       # the admin console reads the counters now
                self._bytes_in.flush()
                self._bytes_out.flush()
            loop = asyncio.get_running_loop()
            self._client_seen = max(self._client_seen, lane.client_seen(loop.time()))
            if deliver and state.up_held:
                self._to_client.get_protocol().data_received(state.up_held)  # type: ignore[attr-defined]
            if deliver and state.down_held:
                assert self._to_server is not None
                self._to_server.get_protocol().data_received(state.down_held)  # type: ignore[attr-defined]
        finally:
            lane.busy = False
        if reattach:
            self._native_try()

    def _take_client_data(self, data: bytes) -> Awaitable[None] | None:
        """Relay one client read: the leading messages the fast lane takes go upstream as they
        came, the rest is framed and handled up to the first handler that must be awaited."""
        self._bytes_out.add(len(data))
        if self.relay.phase is Phase.READY and not self.client_framer.pending:
            lane = None if self._terminated else self.relay.client_lane_table()
            if lane is not None or self.relay.client_lane.mid_message:
                done = self.relay.client_lane.scan(data, lane or {},
                                                   self.client_framer.max_message_size)
                if done:
                    assert self._to_server is not None
                    self._to_server.write(data if done == len(data) else memoryview(data)[:done])
                    if done == len(data):
                        return None
                    data = data[done:]
        self.client_framer.feed(data)
        return self._relay_client_frames()

    async def _read_client(self) -> bytes:
        if self.relay.phase is Phase.STARTUP:
            data = await self._read_client_before_login()
            if data is not None:
                return data
        timeout = self.cfg.limits.client_idle_timeout_s
        if timeout <= 0 or not self.relay.idle:
            return await self.reader.read(_READ_SIZE)
        try:
            return await asyncio.wait_for(self.reader.read(_READ_SIZE), timeout)
        except asyncio.TimeoutError:
            raise IdleTimeout("terminating connection due to idle-session timeout") from None

    async def _read_client_before_login(self) -> bytes | None:
        """Read, bounded by the startup deadline while it is the client's turn, as PostgreSQL's
        authentication_timeout: a client that never finishes authenticating would otherwise hold
        a backend. On the server's turn the server pump's own deadline applies. None when the
        session logged in meanwhile (the caller then reads under the normal rules)."""
        read = asyncio.ensure_future(self.reader.read(_READ_SIZE))
        ready = asyncio.ensure_future(self._ready.wait())
        try:
            while not (read.done() or ready.done()):
                if not await self._wait_on_turn(read, ready):
                    break                       # the client's turn ran out
        finally:
            ready.cancel()
            if not read.done():
                read.cancel()   # nothing is consumed from the stream by a cancelled read
                with contextlib.suppress(asyncio.CancelledError):
                    await read
        if not read.cancelled():
            return read.result()
        if self._ready.is_set():
            return None
        raise AuthenticationTimeout("canceling authentication due to timeout")

    async def _wait_on_turn(self, read: asyncio.Future[bytes], ready: asyncio.Future[Any]) -> bool:
        """Wait for the client's bytes or the login; False when the client's turn timed out."""
        if self._client_turn.is_set():
            remaining = self._startup_deadline - asyncio.get_running_loop().time()
            done, _ = await asyncio.wait({read, ready}, timeout=max(remaining, 0.0),
                                         return_when=asyncio.FIRST_COMPLETED)
            return bool(done)
        turn = asyncio.ensure_future(self._client_turn.wait())
        try:
            await asyncio.wait({read, ready, turn}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            turn.cancel()
        return True

    async def _process_client_frames(self) -> None:
        await self._drain_abandoned()
        while (pending := self._relay_client_frames()) is not None:
            await self._await_interruptible(pending)
            await self._drain_abandoned()
        assert self._up_writer is not None
        await self._up_writer.drain()

    def _relay_client_frames(self) -> Awaitable[None] | None:
        """Hand the framed client input to the relay and act on what it says, up to the first
        event that must be awaited (an ASK), which is returned with the input after it left
        in the framer."""
        up_out, relay, forward = self._up_out, self.relay, ev.Forward
        while not self._terminated and (frame := self.client_framer.next_frame()) is not None:
            event = relay.on_client(frame)
            if type(event) is forward:
                if event.data:
                    up_out.append(event.data)
                if event.ddl:
                    self._invalidate(event.ddl)
                continue
            pending = self._act(event)
            if pending is not None:
                self.flush_upstream()
                return pending
        self.flush_upstream()
        return None

    def _act(self, event: ev.ClientEvent) -> Awaitable[None] | None:
        """Send what the event says goes upstream first, then do what it asks."""
        if event.data:
            self._up_out.append(event.data)
        if type(event) is ev.Forward:
            if event.ddl:
                self._invalidate(event.ddl)
            return None
        return self._client_actions[type(event)](event)

    async def _inspect(self, event: ev.Inspect) -> None:
        # Off the event loop: pglast needs 100+ ms for a dense max_scan_bytes text.
        found = await asyncio.to_thread(event.scan)
        pending = self._act(self.relay.on_inspected(event, found))
        if pending is not None:
            await pending

    def _auth_answered(self, event: ev.AuthResponse) -> None:
        self._client_turn.clear()    # the client answered the authentication request: the server's turn

    def _terminate(self, event: ev.Terminate) -> None:
        self._terminated = self._clean_exit = True

    def note_ddl(self, body: bytes) -> None:
        """Invalidate the schema contexts a statement's DDL may change."""
        scope = self.relay.note_ddl(body)
        if scope:
            self._invalidate(scope)

    def _invalidate(self, scope: DdlScope) -> None:
        cache = self.services.schema_cache
        if cache is None:
            return
        if scope is DdlScope.CLUSTER or not self.database:
            cache.invalidate_all()
        else:
            cache.invalidate_database(self.database)

    # --- used by the ASK flow ----------------------------------------------------------------

    def send_upstream(self, data: bytes, expectations: list[tuple[Expect, Sink | None]]) -> None:
        self.relay.expect(expectations)
        self._up_out.append(data)
        self.flush_upstream()

    def inject(self, *parts: tuple[Injection, Sink | None]) -> None:
        """Send injected statements upstream, each group's responses to its owner."""
        self._up_out.append(self.relay.inject(parts))
        self.flush_upstream()

    def flush_upstream(self) -> None:
        if self._up_out and self._up_writer is not None:
            self._up_writer.writelines(self._up_out)
            self._up_out.clear()

    async def _drain_abandoned(self) -> None:
        """After a cancelled ASK (the client heard of the cancel at once): hold the client's
        next request until the reads that ASK left behind are answered, so that nothing of the
        client's is queued on the backend behind them (the forwarded cancel is meant for them
        alone) and their answers are drained before anything the client sends next."""
        await self.ask.upstream.drained()

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
