"""Injected statements, h11 style: (description, exact bytes, expectations). The sink's count
is the number of expectations, so it is checked with them."""

from __future__ import annotations

import pytest

from proxy.errors import UntranslatableCharacter
from proxy.wire.inject import INTERNAL, End, Injection, statement, statements
from proxy.wire.tracker import Expect

C, P, B, D, E, S = (Expect.CLOSE, Expect.PARSE, Expect.BIND, Expect.DESCRIBE, Expect.EXECUTE,
                    Expect.SYNC)
CLOSE_Q = b"C\x00\x00\x00\x07Sq\x00" + b"C\x00\x00\x00\x07Pq\x00"
PARSE_Q = b"P\x00\x00\x00\x11q\x00SELECT 1\x00\x00\x00"
BIND_Q = b"B\x00\x00\x00\x0eq\x00q\x00\x00\x00\x00\x00\x00\x00"
EXECUTE_Q = b"E\x00\x00\x00\x0aq\x00\x00\x00\x00\x00"
DESCRIBE_Q = b"D\x00\x00\x00\x07Pq\x00"
SYNC, FLUSH = b"S\x00\x00\x00\x04", b"H\x00\x00\x00\x04"

TABLE = [
    # a named statement is closed first; no describe; the client's batch goes on
    (Injection((statement("SELECT 1", name="q"),)),
     CLOSE_Q + PARSE_Q + BIND_Q + EXECUTE_Q, (C, C, P, B, E)),
    # a read of the proxy's: described, then Sync (answered by ReadyForQuery)
    (Injection((statement("SELECT 1", name="q", describe=True),), End.SYNC),
     CLOSE_Q + PARSE_Q + BIND_Q + DESCRIBE_Q + EXECUTE_Q + SYNC, (C, C, P, B, D, E, S)),
    # inside the client's open batch: Flush, which the server does not answer
    (Injection((statement("SELECT 1", name="q", describe=True),), End.FLUSH),
     CLOSE_Q + PARSE_Q + BIND_Q + DESCRIBE_Q + EXECUTE_Q + FLUSH, (C, C, P, B, D, E)),
    # the unnamed statement (an ASK's generated SQL): no Close, a Parse replaces it
    (Injection((statement("SELECT 1", name="", describe=True),), End.SYNC),
     b"P\x00\x00\x00\x10\x00SELECT 1\x00\x00\x00" + b"B\x00\x00\x00\x0c\x00\x00\x00\x00\x00\x00"
     b"\x00\x00" + b"D\x00\x00\x00\x06P\x00" + b"E\x00\x00\x00\x09\x00\x00\x00\x00\x00" + SYNC,
     (P, B, D, E, S)),
    # two statements, then Sync: one group, one owner
    (Injection((statement("SELECT 1", name="q"), statement("SELECT 1", name="q")), End.SYNC),
     (CLOSE_Q + PARSE_Q + BIND_Q + EXECUTE_Q) * 2 + SYNC, (C, C, P, B, E) * 2 + (S,)),
    # nothing but a Sync (a guarded read outside a block has no statements after it)
    (Injection((), End.SYNC), SYNC, (S,)),
]


@pytest.mark.parametrize("injection,data,kinds", TABLE)
def test_injection_bytes_and_expectations(injection: Injection, data: bytes,
                                          kinds: tuple[Expect, ...]) -> None:
    assert injection.encode() == data
    assert injection.expectations() == kinds
    assert injection.entries == len(kinds)


def test_statements_use_the_proxy_name_and_describe_only_the_last() -> None:
    built = statements(["SAVEPOINT a", "SELECT 1"], End.SYNC, describe_last=True)
    assert [s.name for s in built.statements] == [INTERNAL, INTERNAL]
    assert [s.describe for s in built.statements] == [False, True]
    assert built.entries == 5 + 6 + 1
    assert built.encode().startswith(b"C\x00\x00\x00\x17S" + INTERNAL.encode() + b"\x00")


def test_a_character_the_client_encoding_lacks_fails_before_anything_is_built() -> None:
    with pytest.raises(UntranslatableCharacter):
        statement("SELECT '€'", encoding="latin-1")
