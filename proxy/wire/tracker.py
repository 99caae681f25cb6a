"""Which pending request does this server message answer?

The proxy injects its own requests (catalog reads, the ASK statement) into a client's upstream
session and synthesises responses of its own (ASK errors, previews). To keep every byte in
order it must know, for each server message, which request it belongs to. PostgreSQL answers
requests strictly in order, each with a known terminator, and after an error in the extended
protocol it skips everything up to the next Sync; this module encodes exactly those rules
(pgbouncer does the same for prepared statements). It is pure state: no I/O.

Requests of the proxy's that nobody waits for any more (a cancelled ASK's catalog reads) can be
*abandoned*: they stay pending, so their answers are still consumed in order (drained) before
anything sent after them, but the proxy's own output no longer waits for them. Their sinks send
the client nothing, so jumping ahead of them moves no byte the client would see.
"""

from __future__ import annotations

import enum
from collections import deque
from typing import Callable, Collection, Iterable, NamedTuple, Protocol

from proxy.wire.transaction import TxKind


class Expect(enum.Enum):
    """What a pending request is, and so which server message completes it."""

    QUERY = "Z"             # simple Query: everything up to ReadyForQuery
    SYNC = "Z "             # (values differ only to keep the members distinct)
    FUNCTION_CALL = "Z  "
    PARSE = "1"
    BIND = "2"
    CLOSE = "3"
    DESCRIBE = "Tn"         # statement: ParameterDescription first, then T or n
    EXECUTE = "CIs"         # CommandComplete, EmptyQuery, PortalSuspended
    SYNTHETIC = ""          # produced by the proxy, answered by no server message

    @property
    def terminators(self) -> frozenset[int]:
        return _TERMINATORS[self]

    @property
    def ends_at_ready(self) -> bool:
        return self in _READY_TERMINATED


_TERMINATORS = {kind: frozenset(kind.value.strip().encode()) for kind in Expect}
_READY_TERMINATED = frozenset({Expect.QUERY, Expect.SYNC, Expect.FUNCTION_CALL})
# Message types that terminate some request; no other server message moves the tracker.
ANY_TERMINATOR = frozenset().union(*_TERMINATORS.values())
_ERROR, _READY, _NOTICE, _COMPLETE = ord("E"), ord("Z"), ord("N"), ord("C")
_ALWAYS_CLIENT = frozenset(b"AS")       # NotificationResponse, ParameterStatus

class Sink(Protocol):
    """Whoever a pending request belongs to."""

    def finished(self, last_type: int) -> None: ...

    def skipped(self) -> None: ...


class Pending(NamedTuple):
    kind: Expect
    sink: Sink | None                   # None: the client itself
    payload: bytes = b""                # SYNTHETIC only: the messages to emit
    tx: TxKind | None = None            # a client Execute: reported when it completes
    # Derived from kind and sink when the entry is made (``pending``), so that routing a server
    # message hashes no Enum member (``Enum.__hash__`` is Python code).
    ends: frozenset[int] = frozenset()  # the message types that complete it
    at_ready: bool = False              # completed by ReadyForQuery
    owned: bool = False                 # not the client's plain request (counted in ``owned``)
    opens_batch: bool = False           # an extended-protocol request (not Sync)
    abandoned: bool = False             # the proxy's, drained unwatched (``abandon``)


def pending(kind: Expect, sink: Sink | None = None, payload: bytes = b"",
            tx: TxKind | None = None) -> Pending:
    """A pending entry; entries without a sink, payload or tx are immutable and may be shared
    (the client fast lane makes one per message type, once)."""
    return Pending(kind, sink, payload, tx, _TERMINATORS[kind], kind in _READY_TERMINATED,
                   sink is not None or kind is Expect.SYNTHETIC,
                   kind not in (Expect.QUERY, Expect.FUNCTION_CALL, Expect.SYNTHETIC, Expect.SYNC))


_PLAIN = {kind: pending(kind) for kind in Expect}


class ResponseTracker:
    def __init__(self, on_executed: Callable[[TxKind], None] | None = None) -> None:
        self._pending: deque[Pending] = deque()
        self.batch_open = False         # extended messages sent since the last Sync
        # The server failed a batch whose Sync it has not been sent yet: until that Sync it
        # answers nothing, so requests made meanwhile are skipped at once. (The proxy's own
        # output still goes out: the caller decides whether the failed batch voids it.)
        self.skipping = False
        self._on_executed = on_executed
        self.closed = False             # the upstream connection is gone
        # Pending entries that are not the client's plain requests (a sink's, or SYNTHETIC):
        # while it is 0 every server message goes to the client unchanged (the fast lane).
        self.owned = 0
        self.abandoned = 0              # pending entries marked by ``abandon``

    def __len__(self) -> int:
        return len(self._pending)

    @property
    def idle(self) -> bool:
        return not self._pending

    def entries(self) -> tuple[Pending, ...]:
        """The pending requests, oldest first (the native relay core takes plain ones over)."""
        return tuple(self._pending)

    def replace_plain(self, entries: Iterable[Pending], batch_open: bool) -> None:
        """The plain requests the native relay core kept while it relayed (none owned)."""
        self._pending = deque(entries)
        self.batch_open = batch_open

    def expect(self, kind: Expect, sink: Sink | None = None, payload: bytes = b"",
               tx: TxKind | None = None) -> None:
        if sink is None and tx is None and not payload:
            self.add(_PLAIN[kind])
        else:
            self.add(pending(kind, sink, payload, tx))

    def add(self, entry: Pending) -> None:
        """``expect`` for an entry made by :func:`pending` (the fast lane shares them)."""
        kind = entry.kind
        if self.closed or self.skipping and kind is not Expect.SYNC \
                and kind is not Expect.SYNTHETIC:
            if entry.sink is not None:
                entry.sink.skipped()
            return
        if self.abandoned and kind is Expect.SYNTHETIC and entry.sink is None:
            self._insert_before_abandoned(entry)
        else:
            self._pending.append(entry)
        if entry.owned:
            self.owned += 1
        if kind is Expect.SYNC:
            self.batch_open = self.skipping = False
        elif entry.opens_batch:
            # The proxy's own output (an ASK's ReadyForQuery, a notice) is no server request:
            # it neither opens nor closes a batch.
            self.batch_open = True

    def abandon(self, owners: Collection[Sink]) -> int:
        """Nobody waits for the trailing requests of ``owners`` (sinks that send the client
        nothing): the proxy's output added from now on goes before them. Returns how many
        entries were abandoned; only the trailing run counts, so no byte of a request made
        after them can be overtaken."""
        pending = self._pending
        i = len(pending)
        while i and (pending[i - 1].abandoned or pending[i - 1].sink in owners):
            i -= 1
        count = 0
        for j in range(i, len(pending)):
            if not pending[j].abandoned:
                pending[j] = pending[j]._replace(abandoned=True)
                count += 1
        self.abandoned += count
        return count

    def _insert_before_abandoned(self, entry: Pending) -> None:
        """Output of the proxy's goes before the trailing abandoned run: its order among the
        proxy's other output and barriers is kept (those are never abandoned, so they end the
        run). A barrier itself still waits for everything sent before it."""
        pending = self._pending
        i = len(pending)
        while i and pending[i - 1].abandoned:
            i -= 1
        pending.insert(i, entry)

    def take_synthetic(self) -> bytes:
        """Messages of synthetic entries that have reached the head, to send to the client now."""
        out = b""
        while self._pending and self._pending[0].kind is Expect.SYNTHETIC:
            entry = self._pop()
            out += entry.payload
            if entry.sink is not None:      # a barrier: everything before it is answered
                entry.sink.finished(0)
        return out

    def route(self, msg_type: int) -> tuple[Sink | None, bool]:
        """The owner of one server message (None: the client), and whether it completes that
        owner's request. The caller delivers the message, then calls ``sink.finished``."""
        if msg_type in _ALWAYS_CLIENT or not self._pending:
            return None, False
        head = self._pending[0]
        if msg_type == _NOTICE:
            return head.sink, False
        if msg_type == _ERROR:
            return self._on_error(head)
        if msg_type == _READY:
            return self._on_ready()
        if msg_type in head.ends:
            self._pop()
            if head.tx is not None and msg_type == _COMPLETE and self._on_executed is not None:
                self._on_executed(head.tx)
            return head.sink, True
        return head.sink, False

    def _pop(self) -> Pending:
        entry = self._pending.popleft()
        if entry.owned:
            self.owned -= 1
            if entry.abandoned:
                self.abandoned -= 1
        return entry

    def _on_error(self, head: Pending) -> tuple[Sink | None, bool]:
        if head.at_ready:
            return head.sink, False
        self._pop()
        # The server now ignores everything up to the next Sync, Query messages included (and
        # the proxy's own output for the batch, SYNTHETIC, is void with it).
        while self._pending and self._pending[0].kind is not Expect.SYNC:
            dropped = self._pop()
            if dropped.sink is not None:
                dropped.sink.skipped()
        self.skipping = not self._pending
        return head.sink, True

    def _on_ready(self) -> tuple[Sink | None, bool]:
        while self._pending:
            entry = self._pop()
            if entry.at_ready:
                return entry.sink, True
            if entry.sink is not None:   # out of step: the server skipped it
                entry.sink.skipped()
        return None, False

    def fail_all(self) -> None:
        """The upstream connection is gone: nothing pending or later will ever be answered."""
        self.closed = True
        while self._pending:
            entry = self._pop()
            if entry.sink is not None:
                entry.sink.skipped()
