"""The transaction state of a client's session as the server sees it, within a batch.

ReadyForQuery reports the transaction status only at a Sync. Between two Syncs an
extended-protocol batch may open or end a block (``BEGIN`` … ``COMMIT``) or leave work in the
implicit transaction the server commits at Sync. An ASK that runs mid-batch must be wrapped
read-only according to *that* state: a savepoint inside a block, a read-only transaction when
nothing ran yet, and, after the batch's own writes, a block that keeps those writes and is
committed at the client's Sync as the implicit transaction would have been.

This module is pure state, fed by the session: statement kinds at Parse/Bind, completed
statements and ReadyForQuery from the server. No I/O.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from proxy.wire.lexing import skip_space


class TxKind(enum.Enum):
    """What a statement does to the transaction block."""

    OTHER = "other"
    BEGIN = "begin"              # BEGIN, START TRANSACTION
    END = "end"                  # COMMIT, END, ROLLBACK, ABORT, PREPARE TRANSACTION
    CHAIN = "chain"              # COMMIT/ROLLBACK AND CHAIN: ends one block, opens the next
    ROLLBACK_TO = "rollback_to"  # ROLLBACK TO [SAVEPOINT]: leaves an aborted block


class Owner(enum.Enum):
    """Who opened the transaction block the server is in."""

    NONE = "none"                # no block (maybe an implicit transaction)
    CLIENT = "client"
    PROXY_READ_ONLY = "proxy_read_only"   # our BEGIN READ ONLY around an ASK
    PROXY_CONVERTED = "proxy_converted"   # our BEGIN around the batch's implicit work


_WORDS = re.compile(rb"[A-Za-z_]+")
_SCAN = 256   # bytes of a statement read to classify it


def statement_kind(sql: bytes) -> TxKind:
    """Classify a statement by its first keywords (after whitespace and comments)."""
    head = sql[:_SCAN]
    words = [w.upper() for w in _WORDS.findall(head, skip_space(head))][:4]
    if not words:
        return TxKind.OTHER
    first = words[0]
    if first in (b"BEGIN", b"START"):
        return TxKind.BEGIN if first == b"BEGIN" or words[1:2] == [b"TRANSACTION"] \
            else TxKind.OTHER
    if first == b"PREPARE":
        return TxKind.END if words[1:2] == [b"TRANSACTION"] else TxKind.OTHER
    if first in (b"COMMIT", b"END", b"ROLLBACK", b"ABORT"):
        rest = words[1:]
        if first == b"COMMIT" and rest[:1] == [b"PREPARED"] or \
                first == b"ROLLBACK" and rest[:1] == [b"PREPARED"]:
            return TxKind.OTHER   # runs outside any block; changes nothing of ours
        if first == b"ROLLBACK" and b"TO" in rest[:3]:
            return TxKind.ROLLBACK_TO
        if b"CHAIN" in rest and b"NO" not in rest:
            return TxKind.CHAIN
        return TxKind.END
    return TxKind.OTHER


@dataclass(slots=True)
class BatchTransaction:
    """The server's transaction state, updated as responses arrive in order.

    ``status`` is the last known block status (``I``, ``T``, ``E``); ``implicit_work`` says a
    statement completed outside any block since the last ReadyForQuery, so the server holds an
    implicit transaction that commits at Sync.
    """

    status: str = "I"
    owner: Owner = Owner.NONE
    implicit_work: bool = False
    _statements: dict[str, TxKind] = field(default_factory=dict)
    _portals: dict[str, TxKind] = field(default_factory=dict)

    # --- requests (client messages, in the order sent) ------------------------------------

    def on_parse(self, name: str, sql: bytes) -> None:
        kind = statement_kind(sql)
        if kind is TxKind.OTHER:
            self._statements.pop(name, None)
        else:
            self._statements[name] = kind

    def on_bind(self, portal: str, statement: str) -> None:
        kind = self._statements.get(statement)
        if kind is None:
            self._portals.pop(portal, None)
        else:
            self._portals[portal] = kind

    def on_close(self, target: str, name: str) -> None:
        (self._statements if target == "S" else self._portals).pop(name, None)

    @property
    def tracking(self) -> bool:
        """Whether any statement or portal of the client's is a transaction statement (else
        Bind and Execute need not be read to know what they do)."""
        return bool(self._statements or self._portals)

    def execute_kind(self, portal: str) -> TxKind:
        return self._portals.get(portal, TxKind.OTHER)

    # --- responses (server messages, in the order received) -------------------------------

    def on_executed(self, kind: TxKind) -> None:
        """A statement of ``kind`` completed successfully."""
        if kind is TxKind.OTHER:
            if self.owner is Owner.NONE:
                self.implicit_work = True
        elif kind is TxKind.BEGIN:
            self.status, self.implicit_work = "T", False
            if self.owner in (Owner.NONE, Owner.PROXY_CONVERTED):
                self.owner = Owner.CLIENT
        elif kind is TxKind.END:
            self.status, self.owner, self.implicit_work = "I", Owner.NONE, False
        else:   # CHAIN, ROLLBACK_TO: a live block, same owner
            self.status = "T"

    def on_ready(self, status: str) -> None:
        self.status, self.implicit_work = status, False
        if status == "I":
            self.owner = Owner.NONE
        elif self.owner is Owner.NONE:
            self.owner = Owner.CLIENT

    def on_proxy_block(self, owner: Owner) -> None:
        """The proxy opened a block of its own (its BEGIN was sent after a barrier)."""
        self.status, self.owner = "T", owner

    def on_proxy_block_closed(self) -> None:
        self.status, self.owner, self.implicit_work = "I", Owner.NONE, False
