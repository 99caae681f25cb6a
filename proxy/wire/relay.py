"""The protocol state of one client session and what each message means for it, without I/O
(h11's ``Connection`` is the model).

What the proxy knows about a session lives here: its phase, the transaction status the server
last reported (and, within a batch, :class:`~proxy.wire.transaction.BatchTransaction`), the
client's encoding, whether the client's batch failed on an ASK (skip to Sync), the response
tracker, the prepared statements made from an ASK, the read-only wrap around an ASK portal and
the DDL whose transaction has not ended. :meth:`Relay.on_client` and :meth:`Relay.on_server`
take one framed message and return an event (``proxy/wire/relay_events.py``) saying what to do
with it: forward these bytes, or intercept (an ASK to run, a Sync to settle, ...). Whether a
statement holds an ASK is decided here too (``proxy/ask_detector.py``); only its slow parse is
handed out (``Inspect``), to run off the event loop.

``proxy/session.py`` reads and writes sockets, owns timeouts and tasks, hands each message here
and acts on the event; the ASK execution changes the session's state only through the methods
here. No asyncio, no sockets.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Callable, Iterable

from proxy.ask_detector import (AskLimits, DdlScope, ddl_scope, detect_parse, detect_query,
                                executed_statements, may_hold_ask)
from proxy.errors import AskError, ChannelBindingUnavailable
from proxy.wire import messages as m
from proxy.wire.encodings import python_codec
from proxy.wire.framing import Frame
from proxy.wire.inject import Injection, statements
from proxy.wire.passthrough import ClientPassthrough, LaneEntry, ServerPassthrough
from proxy.wire.read_only_wrap import Discard, ReadOnlyWrap, WrapClosed, unguard_statements
from proxy.wire.relay_events import (AuthRequest, AuthResponse, BackendKey, BindAsk, ClientEvent,
                                     ExecuteAsk, FailParse, FailQuery, Fatal, Forward, Found,
                                     Inspect, LoggedIn, LoginRefused, RunParse, RunQuery,
                                     ServerEvent, SettleSync, Terminate, ToClient)
from proxy.wire.tracker import Expect, ResponseTracker, Sink, pending
from proxy.wire.transaction import BatchTransaction, Owner, TxKind

__all__ = ["Phase", "ReadOnlyWrap", "Relay", "SERVER_MAX_MESSAGE"]

SERVER_MAX_MESSAGE = (1 << 30) + 1024   # PostgreSQL's own bound on a message it sends
_PARAMETER_STATUS, _READY, _AUTH = ord("S"), ord("Z"), ord("R")   # server messages
_SYNC = ord("S")                                                      # client message
_EXECUTE, _DESCRIBE, _FLUSH = ord("E"), ord("D"), ord("H")
_PROXY_BLOCKS = (Owner.PROXY_READ_ONLY, Owner.PROXY_CONVERTED)

# Client messages relayed by the fast lane, per session state (wire/passthrough.py). Without
# ASK (and so without a schema cache to invalidate on DDL) the session only relays; with ASK,
# Query and Parse always need a look, and while no client statement is a
# transaction statement and no ASK statement is prepared, Bind and Execute only need the
# Execute's transaction kind (OTHER), and Close (which may drop an ASK statement) needs a look.
_RELAYED: dict[int, LaneEntry] = {ord("D"): pending(Expect.DESCRIBE),
                                  ord("F"): pending(Expect.FUNCTION_CALL),
                                  ord("H"): None, ord("d"): None, ord("c"): None, ord("f"): None}
_LANE_RELAY = {**_RELAYED, ord("B"): pending(Expect.BIND), ord("E"): pending(Expect.EXECUTE),
               ord("C"): pending(Expect.CLOSE), ord("S"): pending(Expect.SYNC)}
_LANE_NO_ASK = {**_LANE_RELAY, ord("Q"): pending(Expect.QUERY), ord("P"): pending(Expect.PARSE)}
_LANE_ASK = {**_RELAYED, ord("B"): pending(Expect.BIND),
             ord("E"): pending(Expect.EXECUTE, tx=TxKind.OTHER), ord("S"): pending(Expect.SYNC)}


class Phase(enum.Enum):
    STARTUP = "startup"     # negotiating, authenticating: everything relayed as is
    READY = "ready"         # first ReadyForQuery seen: requests are tracked
    CLOSING = "closing"


_IDLE = ord("I")
_ERROR, _KEY_DATA = ord("E"), ord("K")
_QUERY, _PARSE, _BIND, _CLOSE = ord("Q"), ord("P"), ord("B"), ord("C")
_FUNCTION_CALL, _TERMINATE, _AUTH_RESPONSE = ord("F"), ord("X"), ord("p")

# Searched in a lower-cased copy: with re.IGNORECASE it took 260 ms on a 4 MB statement.
# The native core (proxy/native/relay_core.c, DDL_WORDS) hands back any Query with these words.
_DDL_HINT = re.compile(rb"create|alter|drop|comment|grant|revoke|security|refresh|analy[sz]e"
                       rb"|import|set|reset|discard")
# Longer texts that match _DDL_HINT count as DDL without being parsed: pglast needs about
# 1 ms per KB of dense tokens, and this runs on the event loop.
_DDL_PARSE_MAX = 8 * 1024
_EXECUTE_HINT = re.compile(rb"(?i)execute")
# The tracker's shared entries for the client's own Query and Parse (``tracker.add``, as the
# fast lane does: no Enum member hashed per message)
_QUERY_ENTRY, _PARSE_ENTRY = pending(Expect.QUERY), pending(Expect.PARSE)
_NO_DDL = DdlScope.NONE       # (a module name: an Enum member's lookup is Python code)
_ABORT = "askproxy_abort"     # the Parse that makes the server fail a batch an ASK failed


def _is_fatal(frame: Frame) -> bool:
    """An ErrorResponse after which the server closes the connection."""
    fields = m.parse_fields(frame.body)
    return fields.get("V", fields.get("S")) in ("FATAL", "PANIC")


def _scan_query(data: bytes, codec: str, limits: AskLimits) -> Found:
    try:
        return detect_query(data, codec, limits)
    except AskError as exc:
        return exc


def _scan_parse(statement: str, limits: AskLimits) -> Found:
    try:
        return detect_parse(statement, limits)
    except AskError as exc:
        return exc


ClientStep = Callable[[Frame, bytes], ClientEvent]


class Relay:
    def __init__(self, ask_enabled: bool, watches_ddl: bool,
                 limits: AskLimits = AskLimits()) -> None:
        self.ask_enabled = ask_enabled
        self.watches_ddl = watches_ddl   # a schema cache to invalidate: Query/Parse need a look
        self.limits = limits
        self.phase = Phase.STARTUP
        self.txn = BatchTransaction()     # the server's transaction state, within a batch
        self.tracker = ResponseTracker(self.txn.on_executed)
        self.tx_status = "I"
        self.codec = "utf-8"          # the client's encoding, followed through ParameterStatus
        self.ask_statements: set[str] = set()    # prepared statements made from an ASK
        self.read_only: ReadOnlyWrap | None = None
        self._skip_till_sync = False  # the client's batch failed on an ASK: drop up to Sync
        self._plus_hidden = False     # SCRAM-SHA-256-PLUS removed from the server's offer
        self.client_lane = ClientPassthrough(self.tracker)
        self.server_lane = ServerPassthrough(self.tracker, self.on_ready_status,
                                             SERVER_MAX_MESSAGE)
        # DDL went upstream and its transaction has not ended yet: at the next ReadyForQuery
        # outside a block, ``on_ddl_settled`` runs with the widest scope of that DDL (what
        # other sessions read meanwhile may be the schema before it: the session invalidates
        # again once it is committed or not).
        self.ddl_pending = False
        self._ddl_scope = DdlScope.NONE
        self.on_ddl_settled: Callable[[DdlScope], None] | None = None
        self._client_steps: dict[int, ClientStep] = {
            _QUERY: self._query, _PARSE: self._parse, _BIND: self._bind,
            _EXECUTE: self._execute, _CLOSE: self._close, _SYNC: self._sync,
            _DESCRIBE: self._tracked(Expect.DESCRIBE),
            _FUNCTION_CALL: self._tracked(Expect.FUNCTION_CALL),
            _TERMINATE: self._terminate, _AUTH_RESPONSE: self._auth_response,
        }

    # --- what the session and the ASK execution read --------------------------------------

    @property
    def idle(self) -> bool:
        """Nothing pending upstream and no transaction open."""
        return self.tracker.idle and self.tx_status == "I"

    @property
    def batch_open(self) -> bool:
        """Extended-protocol requests sent since the last Sync."""
        return self.tracker.batch_open

    @property
    def server_skipping(self) -> bool:
        """The server failed the batch and ignores everything up to its Sync."""
        return self.tracker.skipping

    @property
    def skipping_to_sync(self) -> bool:
        """The client's batch failed on an ASK: its messages up to Sync are dropped."""
        return self._skip_till_sync

    @property
    def proxy_block_open(self) -> bool:
        """A transaction block of the proxy's may be open: the client's Sync must settle it."""
        return self.txn.owner in _PROXY_BLOCKS

    def client_lane_table(self) -> dict[int, LaneEntry] | None:
        """Which client messages need no look in the present state (None: all do)."""
        if self._skip_till_sync:
            return None
        if not self.ask_enabled:
            return _LANE_RELAY if self.watches_ddl else _LANE_NO_ASK
        if self.read_only is not None:
            return None
        if self.ask_statements or self.txn.tracking or self.proxy_block_open:
            return _RELAYED
        return _LANE_ASK

    # --- server -> client -------------------------------------------------------------------

    def on_server(self, frame: Frame) -> ServerEvent:
        """One framed server message: what the client gets for it (:meth:`on_server_frame`)
        and what else it means for the session."""
        data = self.on_server_frame(frame)
        if self.phase is Phase.STARTUP:
            return self._startup_event(frame, data)
        if frame.type == _ERROR and _is_fatal(frame):
            return Fatal(data, frame.raw)
        return ToClient(data)

    def on_server_frame(self, frame: Frame) -> bytes:
        """One framed server message: the bytes the client gets for it (a sink of the
        proxy's may take it), then any of the proxy's own output that is now due."""
        if frame.type == _PARAMETER_STATUS:   # sent at startup and after every change
            name, value = m.parse_parameter_status(frame.body)
            if name == "client_encoding":
                self.codec = python_codec(value)
        if self.phase is Phase.STARTUP:
            return self._on_startup_frame(frame)
        sink, done = self.tracker.route(frame.type)
        if frame.type == _READY:
            self.on_ready_status(frame.raw[5])
        out = frame.raw if sink is None else sink.on_message(frame)  # type: ignore[attr-defined]
        if done and sink is not None:
            sink.finished(frame.type)
        synthetic = self.tracker.take_synthetic()
        return out + synthetic if synthetic else out

    def _on_startup_frame(self, frame: Frame) -> bytes:
        t = frame.type
        if t == _AUTH:
            stripped = m.strip_channel_binding(frame.raw)
            self._plus_hidden = self._plus_hidden or stripped is not frame.raw
            return stripped
        if t == _READY:
            self.tx_status = chr(frame.raw[5])
        return frame.raw

    def _startup_event(self, frame: Frame, data: bytes) -> ServerEvent:
        t = frame.type
        if t == _ERROR:
            fields = m.parse_fields(frame.body)
            return LoginRefused(data, frame.raw, fields,
                                fields.get("V", fields.get("S")) in ("FATAL", "PANIC"))
        if t == _AUTH:
            return AuthRequest(data, m.auth_code(frame.body) in m.AUTH_NEEDS_ANSWER)
        if t == _KEY_DATA:
            pid, key = m.parse_backend_key_data(frame.body)
            return BackendKey(data, pid, key)
        if t == _READY:
            return LoggedIn(data)
        return ToClient(data)

    def on_ready_status(self, status: int) -> None:
        self.tx_status = chr(status)
        self.txn.on_ready(self.tx_status)
        if self.ddl_pending and status == _IDLE:
            self.ddl_pending = False
            scope, self._ddl_scope = self._ddl_scope, DdlScope.NONE
            if self.on_ddl_settled is not None and scope is not DdlScope.NONE:
                self.on_ddl_settled(scope)

    def logged_in(self) -> None:
        self.phase = Phase.READY

    def closing(self) -> None:
        self.phase = Phase.CLOSING

    # --- client -> server -------------------------------------------------------------------

    def on_client(self, frame: Frame) -> ClientEvent:
        """One framed client message: what to forward, or what the session must run for it."""
        t = frame.type
        if self._skip_till_sync and t != _SYNC:
            # after an ASK failed mid-batch, as the server does after an error in a batch
            return Forward(b"")
        wrap = self.read_only
        before = self._end_read_only(wrap) if wrap is not None and not wrap.continues(frame) \
            else b""
        step = self._client_steps.get(t)
        if step is None:
            return Forward(before + frame.raw)   # anything else: relayed; the server judges it
        return step(frame, before)

    def on_inspected(self, event: Inspect, found: Found) -> ClientEvent:
        """What a Query or Parse that ``event`` handed out to be parsed turned out to be."""
        parse = event.parse
        if isinstance(found, AskError):
            return FailQuery(b"", found) if parse is None else FailParse(b"", found)
        if parse is None:
            assert isinstance(found, list)
            if any(s.ask is not None for s in found):
                return RunQuery(b"", found)
            return self._forward_query(event.frame, b"")
        if found is not None:
            assert not isinstance(found, list)
            return RunParse(b"", parse, found)
        self.forget_statement(parse.name)
        return self._forward_parse(event.frame, b"")

    def note_ddl(self, body: bytes) -> DdlScope:
        """A statement the session relays: the scope of schema contexts its DDL may change
        (NONE: none, or only the session's own settings, which every ASK reads anyway). Its
        transaction's end is then awaited (``on_ddl_settled``)."""
        if not self.watches_ddl or _DDL_HINT.search(body.lower()) is None:
            return _NO_DDL
        scope = DdlScope.CLUSTER if len(body) > _DDL_PARSE_MAX \
            else ddl_scope(body.decode("utf-8", "replace"))
        if scope < DdlScope.DATABASE:
            return DdlScope.NONE
        self._ddl_scope = max(scope, self._ddl_scope)
        self.ddl_pending = True
        return scope

    def _tracked(self, kind: Expect) -> ClientStep:
        def forward(frame: Frame, before: bytes) -> ClientEvent:
            self.tracker.expect(kind)
            return Forward(before + frame.raw)
        return forward

    def _query(self, frame: Frame, before: bytes) -> ClientEvent:
        body = frame.body
        if self.ask_enabled and may_hold_ask(body, self.limits.max_scan_bytes):
            scan = functools.partial(_scan_query, m.query_bytes(body), self.codec, self.limits)
            return Inspect(before, frame, scan)
        if self.ask_statements and _EXECUTE_HINT.search(body) and self._executes_ask(body):
            return ExecuteAsk(before, body)
        return self._forward_query(frame, before)

    def _executes_ask(self, body: bytes) -> bool:
        """Whether a Query may ``EXECUTE`` a prepared ASK statement."""
        data = m.query_bytes(body)
        return any(name in self.ask_statements for name, _ in executed_statements(data))

    def _forward_query(self, frame: Frame, before: bytes) -> Forward:
        ddl = self.note_ddl(frame.body)
        self.tracker.add(_QUERY_ENTRY)
        return Forward(before + frame.raw, ddl)

    def _parse(self, frame: Frame, before: bytes) -> ClientEvent:
        body = frame.body
        if self.ask_enabled and may_hold_ask(m.parse_sql_bytes(body),
                                             self.limits.max_scan_bytes):
            parse = m.parse_parse(body, self.codec)
            scan = functools.partial(_scan_parse, parse.query, self.limits)
            return Inspect(before, frame, scan, parse)
        if self.ask_statements:
            self.forget_statement(m.parse_parse(body).name)
        return self._forward_parse(frame, before)

    def _forward_parse(self, frame: Frame, before: bytes) -> Forward:
        body = frame.body
        ddl = self.note_ddl(body)
        if self.ask_enabled:
            self.txn.on_parse(m.parse_name(body), m.parse_sql_bytes(body))
        self.tracker.add(_PARSE_ENTRY)
        return Forward(before + frame.raw, ddl)

    def _bind(self, frame: Frame, before: bytes) -> ClientEvent:
        if self.ask_statements or self.txn.tracking:
            portal, statement = m.bind_names(frame.body)
            self.txn.on_bind(portal, statement)
            if statement in self.ask_statements:   # wrapped read-only before it goes on
                return BindAsk(before, frame, portal)
        self.tracker.expect(Expect.BIND)
        return Forward(before + frame.raw)

    def _execute(self, frame: Frame, before: bytes) -> ClientEvent:
        tx = None
        if self.ask_enabled:
            tx = self.txn.execute_kind(m.execute_portal(frame.body)) if self.txn.tracking \
                else TxKind.OTHER
        self.tracker.expect(Expect.EXECUTE, tx=tx)
        return Forward(before + frame.raw)

    def _close(self, frame: Frame, before: bytes) -> ClientEvent:
        if self.ask_enabled:
            target, name = m.describe_target(frame.body), m.close_name(frame.body)
            self.txn.on_close(target, name)
            if target == "S":
                self.ask_statements.discard(name)
        self.tracker.expect(Expect.CLOSE)
        return Forward(before + frame.raw)

    def _sync(self, frame: Frame, before: bytes) -> ClientEvent:
        if self._skip_till_sync:
            # It ends a batch an ASK failed: the server is made to fail it too, so its
            # implicit transaction rolls back as PostgreSQL's own error would.
            self._skip_till_sync = False
            before += m.parse(_ABORT, "askproxy: ASK failed, batch aborted")
            self.tracker.expect(Expect.PARSE, Discard())
        if self.proxy_block_open:
            return SettleSync(before, frame.raw)
        self.tracker.expect(Expect.SYNC)
        return Forward(before + frame.raw)

    def _terminate(self, frame: Frame, before: bytes) -> ClientEvent:
        return Terminate(before + frame.raw)

    def _auth_response(self, frame: Frame, before: bytes) -> ClientEvent:
        if self._plus_hidden and self.phase is Phase.STARTUP \
                and m.sasl_initial_flag(frame.body) == b"y":
            # The client saw TLS and no -PLUS mechanism: the server would call this a
            # downgrade attack, with a message that points nowhere near the proxy.
            raise ChannelBindingUnavailable(
                "SCRAM channel binding cannot pass through askproxy's TLS termination",
                hint="connect with channel_binding=disable, or without TLS to the proxy, or "
                     "set upstream sslmode=disable where the proxy-to-server link is trusted")
        return AuthResponse(before + frame.raw)

    # --- the read-only wrap around an ASK portal (opened by proxy/read_only.py) -------------

    def open_read_only(self, portal: str) -> ReadOnlyWrap:
        """The ASK portal ``portal`` is about to be bound: the wrap the batch's state calls
        for (a read-only savepoint inside a block; else a read-only transaction of the
        proxy's, or, when the batch already did work in its implicit transaction, a block of
        the proxy's keeping that work, committed at Sync, with the savepoint inside)."""
        txn = self.txn
        if txn.owner is not Owner.NONE:
            wrap = ReadOnlyWrap(portal, savepoint=True)
        elif txn.implicit_work:
            wrap = ReadOnlyWrap(portal, savepoint=True, converts=True)
            txn.on_proxy_block(Owner.PROXY_CONVERTED)
        else:
            wrap = ReadOnlyWrap(portal, savepoint=False)
            txn.on_proxy_block(Owner.PROXY_READ_ONLY)
        self.read_only = wrap
        return wrap

    def _end_read_only(self, wrap: ReadOnlyWrap) -> bytes:
        """End the wrap: what follows the ASK portal runs as the client sent it. The bytes
        that undo it, to go upstream before the client's message."""
        self.read_only = None
        undo = statements(unguard_statements(wrap.savepoint))
        closed = None if wrap.savepoint else self.txn.on_proxy_block_closed
        return self.inject([(undo, WrapClosed(undo.entries, closed))])

    # --- the proxy's own requests and output -----------------------------------------------

    def expect(self, expectations: Iterable[tuple[Expect, Sink | None]]) -> None:
        for kind, sink in expectations:
            self.tracker.expect(kind, sink)

    def inject(self, parts: Iterable[tuple[Injection, Sink | None]]) -> bytes:
        """Injected statements: their expectations are recorded; returns the bytes to send."""
        data = []
        for injection, sink in parts:
            data.append(injection.encode())
            for kind in injection.expectations():
                self.tracker.expect(kind, sink)
        return b"".join(data)

    def emit(self, data: bytes) -> bytes:
        """Client-visible output of the proxy's own, placed after everything already pending:
        returns what may go to the client now."""
        self.tracker.expect(Expect.SYNTHETIC, payload=data)
        return self.tracker.take_synthetic()

    def barrier(self, signal: Sink) -> None:
        """``signal`` finishes once every request sent so far is answered (or skipped)."""
        self.tracker.expect(Expect.SYNTHETIC, signal)

    def abandon(self, sinks: Iterable[Sink]) -> None:
        """The proxy's requests owned by ``sinks`` are drained unwatched
        (``ResponseTracker.abandon``)."""
        self.tracker.abandon(set(sinks))

    def fail_batch(self) -> None:
        """An ASK failed mid-batch: drop the client's messages up to its Sync."""
        self._skip_till_sync = True

    def ask_prepared(self, name: str, wrapped: bool, sql: bytes = b"") -> None:
        """The client's Parse of an ASK named ``name`` goes upstream as ``sql`` (``wrapped``:
        it runs the generated SQL, so its execution is wrapped read-only; a preview's is not,
        nor a TEACH's INSERT)."""
        self.txn.on_parse(name, sql)
        if wrapped:
            self.ask_statements.add(name)
        else:
            self.ask_statements.discard(name)

    def forget_statement(self, name: str) -> None:
        self.ask_statements.discard(name)
