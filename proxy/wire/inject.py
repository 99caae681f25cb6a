"""Statements the proxy injects into a client's upstream session, described once.

An injected statement is several protocol messages (Close, Parse, Bind, Describe, Execute) and,
for each message, one pending request the response tracker must expect, owned by a sink of the
proxy's. Written by hand, the bytes and the expectations drift apart, and the sink's count of
requests becomes a magic number. Here a frozen description (:class:`Injection`: statements,
then how the group ends) is the only input; the bytes (:meth:`Injection.encode`), the
expectations (:meth:`Injection.expectations`) and the sink's count (:attr:`Injection.entries`)
are all derived from it. Pure: no I/O, no sinks (the caller pairs the expectations with one).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from proxy.wire import messages as m
from proxy.wire.tracker import Expect

INTERNAL = "askproxy_internal"   # the proxy's own statement and portal name


class End(enum.Enum):
    """What follows a group of injected statements."""

    NONE = "none"     # the client's batch goes on: no message, nothing expected
    FLUSH = "flush"   # Flush: the server sends what it holds; no response of its own
    SYNC = "sync"     # Sync: ends the batch; answered by ReadyForQuery


@dataclass(frozen=True, slots=True)
class Statement:
    """One statement run through Parse/Bind/Execute under ``name`` (statement and portal).

    Built by :func:`statement`, which encodes the SQL up front, so a character the client's
    encoding lacks fails before anything is sent. A named statement is closed first: it never
    clobbers the client's unnamed one, and closing makes one leaked by an earlier failure
    harmless. The unnamed one needs no Close (a Parse replaces it).
    """

    parse: bytes           # the Parse message
    name: str = INTERNAL
    describe: bool = False  # Describe the portal: the caller wants the row description

    def encode(self) -> bytes:
        name = self.name
        return ((m.close("S", name) + m.close("P", name) if name else b"") + self.parse
                + m.bind(name, name) + (m.describe("P", name) if self.describe else b"")
                + m.execute(name))

    def expectations(self) -> tuple[Expect, ...]:
        return (((Expect.CLOSE, Expect.CLOSE) if self.name else ()) + (Expect.PARSE, Expect.BIND)
                + ((Expect.DESCRIBE,) if self.describe else ()) + (Expect.EXECUTE,))


def statement(sql: str, *, name: str = INTERNAL, describe: bool = False,
              encoding: str = "utf-8") -> Statement:
    """``sql`` as a :class:`Statement`; raises ``UntranslatableCharacter`` when ``encoding``
    (the client's) cannot represent it."""
    return Statement(m.parse(name, sql, encoding=encoding), name, describe)


@dataclass(frozen=True, slots=True)
class Injection:
    """Statements sent as one group whose responses all go to one owner."""

    statements: tuple[Statement, ...]
    end: End = End.NONE

    def encode(self) -> bytes:
        end = m.SYNC if self.end is End.SYNC else m.FLUSH if self.end is End.FLUSH else b""
        return b"".join(s.encode() for s in self.statements) + end

    def expectations(self) -> tuple[Expect, ...]:
        kinds = tuple(k for s in self.statements for k in s.expectations())
        return kinds + (Expect.SYNC,) if self.end is End.SYNC else kinds

    @property
    def entries(self) -> int:
        """How many pending requests the group's owner answers for (its sink's count)."""
        return len(self.expectations())


def statements(sqls: list[str] | tuple[str, ...], end: End = End.NONE, *,
               encoding: str = "utf-8", describe_last: bool = False) -> Injection:
    """An injection of ``sqls`` under the proxy's own name, ``describe_last`` describing the
    last one's portal."""
    last = len(sqls) - 1
    return Injection(tuple(statement(sql, describe=describe_last and i == last,
                                     encoding=encoding) for i, sql in enumerate(sqls)), end)
