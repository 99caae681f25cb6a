"""The protocol state of one client session, without I/O (h11's ``Connection`` is the model).

What the proxy knows about a session lives here: its phase, the transaction status the server
last reported (and, within a batch, :class:`~proxy.wire.transaction.BatchTransaction`), the
client's encoding, whether the client's batch failed on an ASK (skip to Sync), the response
tracker, the prepared statements made from an ASK, and the read-only wrap around an ASK
portal. Its methods take a frame (or a read) and say what to forward: the bytes for the other
side, or ``None`` where the session must intercept (an ASK to run, a Sync to settle).

``proxy/session.py`` reads and writes sockets, owns timeouts and tasks, and calls this; the ASK
execution changes the session's state only through the methods here. No asyncio, no sockets.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from proxy.errors import ChannelBindingUnavailable
from proxy.wire import messages as m
from proxy.wire.encodings import python_codec
from proxy.wire.framing import Frame
from proxy.wire.inject import Injection
from proxy.wire.passthrough import ClientPassthrough, LaneEntry, ServerPassthrough
from proxy.wire.tracker import Expect, ResponseTracker, Sink, pending
from proxy.wire.transaction import BatchTransaction, Owner, TxKind

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


@dataclass(frozen=True, slots=True)
class ReadOnlyWrap:
    """The read-only transaction or savepoint the proxy opened around an ASK portal."""

    portal: str
    savepoint: bool          # else the proxy's own read-only transaction

    def continues(self, frame: Frame) -> bool:
        """Whether a client message still belongs to the wrapped portal's execution."""
        t = frame.type
        if t == _FLUSH:
            return True
        if t == _EXECUTE:
            return m.execute_portal(frame.body) == self.portal
        return t == _DESCRIBE and frame.body[:1] == b"P" \
            and m.close_name(frame.body) == self.portal


_IDLE = ord("I")


class Relay:
    def __init__(self, ask_enabled: bool, watches_ddl: bool) -> None:
        self.ask_enabled = ask_enabled
        self.watches_ddl = watches_ddl   # a schema cache to invalidate: Query/Parse need a look
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
        # outside a block, ``on_ddl_settled`` runs (what other sessions read meanwhile may be
        # the schema before it: the session invalidates again once it is committed or not).
        self.ddl_pending = False
        self.on_ddl_settled: Callable[[], None] | None = None

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

    def on_ready_status(self, status: int) -> None:
        self.tx_status = chr(status)
        self.txn.on_ready(self.tx_status)
        if self.ddl_pending and status == _IDLE:
            self.ddl_pending = False
            if self.on_ddl_settled is not None:
                self.on_ddl_settled()

    def logged_in(self) -> None:
        self.phase = Phase.READY

    def closing(self) -> None:
        self.phase = Phase.CLOSING

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

    def fail_batch(self) -> None:
        """An ASK failed mid-batch: drop the client's messages up to its Sync."""
        self._skip_till_sync = True

    def ask_prepared(self, name: str, wrapped: bool) -> None:
        """The client's Parse of an ASK named ``name`` goes upstream (``wrapped``: it runs the
        generated SQL, so its execution is wrapped read-only; a preview's is not)."""
        self.txn.on_parse(name, b"")
        if wrapped:
            self.ask_statements.add(name)
        else:
            self.ask_statements.discard(name)

    def forget_statement(self, name: str) -> None:
        self.ask_statements.discard(name)

    # --- client -> server -------------------------------------------------------------------

    def drops(self, frame: Frame) -> bool:
        """Whether a client message is dropped: after an ASK failed mid-batch, everything up to
        Sync, as the server does after an error in an extended-protocol batch."""
        return self._skip_till_sync and frame.type != _SYNC

    def tracked(self, kind: Expect, frame: Frame) -> bytes:
        """A client request relayed as sent: its response is the client's."""
        self.tracker.expect(kind)
        return frame.raw

    def query(self, frame: Frame) -> bytes:
        return self.tracked(Expect.QUERY, frame)

    def parse(self, frame: Frame) -> bytes:
        if self.ask_enabled:
            self.txn.on_parse(m.parse_name(frame.body), m.parse_sql_bytes(frame.body))
        return self.tracked(Expect.PARSE, frame)

    def bind(self, frame: Frame) -> str | bytes:
        """The bytes to relay, or the portal's name (a str) when it binds an ASK statement:
        then the session wraps it read-only (``proxy/read_only.py``) before it goes on."""
        if self.ask_statements or self.txn.tracking:
            portal, statement = m.bind_names(frame.body)
            self.txn.on_bind(portal, statement)
            if statement in self.ask_statements:
                return portal
        return self.tracked(Expect.BIND, frame)

    def execute(self, frame: Frame) -> bytes:
        tx = None
        if self.ask_enabled:
            tx = self.txn.execute_kind(m.execute_portal(frame.body)) if self.txn.tracking \
                else TxKind.OTHER
        self.tracker.expect(Expect.EXECUTE, tx=tx)
        return frame.raw

    def close(self, frame: Frame) -> bytes:
        if self.ask_enabled:
            target, name = m.describe_target(frame.body), m.close_name(frame.body)
            self.txn.on_close(target, name)
            if target == "S":
                self.ask_statements.discard(name)
        return self.tracked(Expect.CLOSE, frame)

    def sync_ends_failed_batch(self) -> bool:
        """At the client's Sync: whether it ends a batch an ASK failed (the server must then be
        made to fail it too)."""
        failed, self._skip_till_sync = self._skip_till_sync, False
        return failed

    def auth_response(self, frame: Frame) -> bytes:
        if self._plus_hidden and self.phase is Phase.STARTUP \
                and m.sasl_initial_flag(frame.body) == b"y":
            # The client saw TLS and no -PLUS mechanism: the server would call this a
            # downgrade attack, with a message that points nowhere near the proxy.
            raise ChannelBindingUnavailable(
                "SCRAM channel binding cannot pass through askproxy's TLS termination",
                hint="connect with channel_binding=disable, or without TLS to the proxy, or "
                     "set upstream sslmode=disable where the proxy-to-server link is trusted")
        return frame.raw
