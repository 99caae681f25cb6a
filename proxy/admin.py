"""The admin console's commands, without I/O: a statement in, a result table (or an error) out.

Like PgBouncer's ``pgbouncer`` database: a client of an admin role connects to the virtual
database ``[admin] database`` (default ``askproxy``) and the proxy answers it itself
(:mod:`proxy.admin_session` does the login and the wire). The data comes from a
:class:`ConsoleView` the server provides; a command is a row of :data:`COMMANDS`.
"""

from __future__ import annotations

import re

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from proxy.errors import AskProxyError
from proxy.wire import messages as m

Row = tuple[str | None, ...]


class ConsoleView(Protocol):
    """What the console reads and does; implemented by :class:`proxy.server.ServerConsole`."""

    def stats(self) -> list[Row]: ...
    def sessions(self) -> list[Row]: ...
    def caches(self) -> list[Row]: ...
    def config(self) -> list[Row]: ...
    def refresh_schema(self, role: str | None = None) -> int: ...


class UnknownCommand(AskProxyError):
    sqlstate = "42601"   # syntax_error


class NotSupportedHere(AskProxyError):
    sqlstate = "0A000"   # feature_not_supported


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[str, ...]
    rows: Sequence[Row]
    tag: str


def _show(columns: tuple[str, ...], read: Callable[[ConsoleView], list[Row]]
          ) -> Callable[[ConsoleView], Table]:
    return lambda view: Table(columns, read(view), "SHOW")


def _refresh(view: ConsoleView, role: str | None = None) -> Table:
    dropped = view.refresh_schema(role)
    return Table(("refreshed",), [(str(dropped),)], "REFRESH")


# REFRESH SCHEMA role: a role name as PostgreSQL reads one (folded to lower case unless quoted).
_REFRESH_ROLE = re.compile(r'(?is)\s*REFRESH\s+SCHEMA\s+(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))\s*')


def _help(view: ConsoleView) -> Table:
    return Table(("command", "what it shows or does"), [(name, what) for name, what, _ in _ROWS],
                 "SHOW")


_ROWS: tuple[tuple[str, str, Callable[[ConsoleView], Table]], ...] = (
    ("SHOW STATS", "counters since start: connections, bytes, ASK requests and errors, "
                   "upstream and login failures (of the worker process that answers)",
     _show(("stat", "value"), lambda v: v.stats())),
    ("SHOW SESSIONS", "one row per open client session",
     _show(("id", "user", "database", "client", "state", "tx", "connected_s"),
           lambda v: v.sessions())),
    ("SHOW CACHES", "the ASK caches: entries, hits, misses",
     _show(("cache", "entries", "hits", "misses"), lambda v: v.caches())),
    ("SHOW CONFIG", "the running configuration",
     _show(("key", "value"), lambda v: v.config())),
    ("REFRESH SCHEMA", "forget every cached schema context: the next ASK of each role reads "
                       "the catalog again (a table created directly on the server is seen at "
                       "once); REFRESH SCHEMA role: that role's only", _refresh),
    ("SHOW HELP", "this list", _help),
)
COMMANDS: dict[str, Callable[[ConsoleView], Table]] = {name: run for name, _, run in _ROWS}


def execute(statement: str, view: ConsoleView) -> Table:
    words = " ".join(statement.split()).upper()
    role = _REFRESH_ROLE.fullmatch(statement)
    if role is not None:
        quoted, bare = role.groups()
        return _refresh(view, quoted.replace('""', '"') if quoted is not None else bare.lower())
    command = COMMANDS.get(words)
    if command is None:
        raise UnknownCommand(f"unknown admin console command: {statement.strip()[:80]!r}",
                             hint="SHOW HELP lists the commands")
    return command(view)


def statements(text: str) -> list[str]:
    return [s for s in (part.strip() for part in text.split(";")) if s]


def respond(text: str, view: ConsoleView, encoding: str = "utf-8") -> bytes:
    """The answer to one simple-protocol Query: each statement's rows, or the first error;
    then ReadyForQuery."""
    out = bytearray()
    todo = statements(text)
    if not todo:
        out += EMPTY_QUERY_RESPONSE
    for statement in todo:
        try:
            table = execute(statement, view)
        except AskProxyError as exc:
            out += m.error_response(exc, encoding)
            break
        out += m.row_description([(c, m.TEXT_OID) for c in table.columns])
        for row in table.rows:
            out += m.data_row(list(row), encoding)
        out += m.command_complete(table.tag)
    return bytes(out + m.ready_for_query("I"))


EMPTY_QUERY_RESPONSE = b"I\x00\x00\x00\x04"
