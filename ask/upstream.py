"""How the ASK pipeline reaches the database: a tiny protocol the session implements.

Queries issued through it run on the *client's own* upstream connection, interleaved with the
client's traffic at a safe point, and their results never reach the client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: tuple[tuple[str | None, ...], ...]   # text format values
    command_tag: str = ""


class UpstreamQueryError(Exception):
    """The upstream server answered an internal query with an ErrorResponse."""

    def __init__(self, fields: dict[str, str]) -> None:
        super().__init__(fields.get("M", "upstream error"))
        self.fields = fields

    @property
    def sqlstate(self) -> str:
        return self.fields.get("C", "XX000")


class Upstream(Protocol):
    async def fetch(self, sql: str) -> QueryResult:
        """Run one statement (simple protocol, text results) and return all its rows.

        Raises :class:`UpstreamQueryError` when the server reports an error.
        """
        ...
