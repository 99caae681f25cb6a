"""The sans-I/O transaction model and the tracker's batch rules: tables of inputs and states."""

from __future__ import annotations

import pytest

from proxy.wire.tracker import Expect, ResponseTracker
from proxy.wire.transaction import BatchTransaction, Owner, TxKind, statement_kind
from tests.test_wire_codec import Rec, _drive

KINDS = [
    (b"BEGIN", TxKind.BEGIN),
    (b"  begin isolation level serializable", TxKind.BEGIN),
    (b"START TRANSACTION READ WRITE", TxKind.BEGIN),
    (b"/* a /* nested */ comment */ -- line\n commit", TxKind.END),
    (b"END", TxKind.END),
    (b"rollback", TxKind.END),
    (b"ABORT WORK", TxKind.END),
    (b"PREPARE TRANSACTION 'x'", TxKind.END),
    (b"COMMIT AND CHAIN", TxKind.CHAIN),
    (b"rollback and no chain", TxKind.END),
    (b"ROLLBACK TO SAVEPOINT a", TxKind.ROLLBACK_TO),
    (b"rollback work to a", TxKind.ROLLBACK_TO),
    (b"COMMIT PREPARED 'x'", TxKind.OTHER),
    (b"PREPARE q AS SELECT 1", TxKind.OTHER),
    (b"START_REPLICATION", TxKind.OTHER),
    (b"SAVEPOINT a", TxKind.OTHER),
    (b"INSERT INTO t VALUES (1)", TxKind.OTHER),
    (b"-- only a comment", TxKind.OTHER),
    (b"", TxKind.OTHER),
]


@pytest.mark.parametrize("sql,kind", KINDS)
def test_statement_kind(sql: bytes, kind: TxKind) -> None:
    assert statement_kind(sql) is kind


# (ready status at start, completed statements, expected (status, owner, implicit_work))
STATES = [
    ("I", [], ("I", Owner.NONE, False)),
    ("I", [TxKind.OTHER], ("I", Owner.NONE, True)),
    ("I", [TxKind.OTHER, TxKind.BEGIN], ("T", Owner.CLIENT, False)),
    ("I", [TxKind.BEGIN, TxKind.OTHER, TxKind.END], ("I", Owner.NONE, False)),
    ("I", [TxKind.BEGIN, TxKind.END, TxKind.OTHER], ("I", Owner.NONE, True)),
    ("T", [TxKind.OTHER], ("T", Owner.CLIENT, False)),
    ("T", [TxKind.END, TxKind.OTHER], ("I", Owner.NONE, True)),
    ("T", [TxKind.CHAIN], ("T", Owner.CLIENT, False)),
    ("E", [TxKind.ROLLBACK_TO], ("T", Owner.CLIENT, False)),
]


@pytest.mark.parametrize("ready,completed,expected", STATES)
def test_batch_transaction_follows_completed_statements(ready: str, completed: list[TxKind],
                                                        expected: tuple) -> None:
    txn = BatchTransaction()
    txn.on_ready(ready)
    for kind in completed:
        txn.on_executed(kind)
    assert (txn.status, txn.owner, txn.implicit_work) == expected


def test_batch_transaction_proxy_blocks() -> None:
    txn = BatchTransaction()
    txn.on_executed(TxKind.OTHER)
    txn.on_proxy_block(Owner.PROXY_CONVERTED)
    txn.on_ready("T")                       # the client's Sync inside our block
    assert txn.owner is Owner.PROXY_CONVERTED
    txn.on_executed(TxKind.BEGIN)           # the client's BEGIN takes the block over
    assert txn.owner is Owner.CLIENT
    txn.on_ready("I")
    assert txn.owner is Owner.NONE
    txn.on_proxy_block(Owner.PROXY_READ_ONLY)
    txn.on_proxy_block_closed()
    assert (txn.status, txn.owner) == ("I", Owner.NONE)


def test_portal_kinds_follow_parse_bind_close() -> None:
    txn = BatchTransaction()
    txn.on_parse("", b"BEGIN")
    txn.on_bind("", "")
    assert txn.execute_kind("") is TxKind.BEGIN
    txn.on_parse("", b"SELECT 1")           # the unnamed statement is replaced
    txn.on_bind("", "")
    assert txn.execute_kind("") is TxKind.OTHER
    txn.on_parse("c", b"COMMIT")
    txn.on_bind("p", "c")
    txn.on_close("P", "p")
    assert txn.execute_kind("p") is TxKind.OTHER


def test_tracker_reports_completed_client_statements() -> None:
    done: list[TxKind] = []
    tr = ResponseTracker(done.append)
    tr.expect(Expect.EXECUTE, tx=TxKind.BEGIN)
    tr.expect(Expect.EXECUTE, tx=TxKind.OTHER)
    tr.expect(Expect.EXECUTE, tx=TxKind.END)
    tr.expect(Expect.SYNC)
    _drive(tr, "CCEZ")                       # the third fails: not reported
    assert done == [TxKind.BEGIN, TxKind.OTHER]


def test_tracker_skips_requests_made_while_the_server_skips() -> None:
    tr, late, barrier = ResponseTracker(), Rec(), Rec()
    tr.expect(Expect.EXECUTE)
    _drive(tr, "E")                          # failed, and no Sync sent yet
    assert tr.skipping
    tr.expect(Expect.PARSE, late)            # e.g. a catalog read injected for an ASK
    tr.expect(Expect.SYNTHETIC, barrier, payload=b"x")   # the proxy's own output goes out
    assert late.events == ["skipped"]
    assert tr.take_synthetic() == b"x" and barrier.events == ["done:\x00"]
    assert tr.idle
    tr.expect(Expect.SYNC)
    assert not tr.skipping
    assert _drive(tr, "Z") == [(None, True)]


def test_tracker_error_with_a_sync_pending_does_not_skip_later_requests() -> None:
    tr = ResponseTracker()
    tr.expect(Expect.EXECUTE)
    tr.expect(Expect.SYNC)
    _drive(tr, "E")
    assert not tr.skipping


def test_tracker_barrier_and_closed_connection() -> None:
    tr, barrier, late = ResponseTracker(), Rec(), Rec()
    tr.expect(Expect.PARSE)
    tr.expect(Expect.SYNTHETIC, barrier)
    assert tr.take_synthetic() == b"" and barrier.events == []
    _drive(tr, "1")
    assert tr.take_synthetic() == b"" and barrier.events == ["done:\x00"]
    tr.fail_all()
    tr.expect(Expect.QUERY, late)            # nothing will ever answer it
    assert late.events == ["skipped"] and tr.idle
