"""One candidate statement and its parse trees, each parsed at most once.

A generated statement is looked at by several repairs (:mod:`ask.checks.grounding`, :mod:`ask.checks.relink`,
:mod:`ask.checks.dialect`), by the validator and by the defect checks (:mod:`ask.context.subjects`,
:mod:`ask.checks.answer_shape`). Each used to parse the text itself, so the winning SQL went through
PostgreSQL's parser several times. A :class:`ParsedSQL` is made once per candidate text and
passed to all of them; each representation (pglast's tree, libpg_query's JSON tree for the
validator's walk, the scanner's tokens, sqlglot's expression) is built on first use and kept,
and so is a parse failure, raised again to every later caller. A repair that changes the text
returns a new :class:`ParsedSQL` (:meth:`ParsedSQL.replaced`); one that changes nothing returns
the same object, trees included.

The trees are shared: a step must not change them in place (copy sqlglot's expression first).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pglast
import sqlglot
from pglast import ast
from sqlglot import exp

T = TypeVar("T")
SQL = TypeVar("SQL", str, "ParsedSQL")


@dataclass(frozen=True, eq=False)
class ParsedSQL:
    text: str
    # name -> (True, value) or (False, the exception the parse raised)
    _made: dict[str, tuple[bool, Any]] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def of(cls, sql: ParsedSQL | str) -> ParsedSQL:
        return sql if isinstance(sql, ParsedSQL) else cls(sql)

    def replaced(self, text: str) -> ParsedSQL:
        """The candidate after a repair: ``self`` (trees kept) when ``text`` is unchanged."""
        return self if text == self.text else ParsedSQL(text)

    @property
    def statements(self) -> tuple[ast.RawStmt, ...]:
        """pglast's tree (raises :class:`pglast.parser.ParseError`)."""
        return self.derived("pglast", lambda: pglast.parse_sql(self.text))

    @property
    def json_tree(self) -> dict[str, Any]:
        """libpg_query's JSON tree, decoded (the validator walks it)."""
        return self.derived("pglast_json", lambda: json.loads(pglast.parser.parse_sql_json(self.text)))

    @property
    def tokens(self) -> list[Any]:
        """PostgreSQL's scanner tokens (``start``, ``end`` inclusive, ``name``)."""
        return self.derived("tokens", lambda: pglast.parser.scan(self.text))

    @property
    def expression(self) -> exp.Expr:
        """sqlglot's expression in the postgres dialect; shared, so copy it before changing it."""
        return self.derived("sqlglot", lambda: sqlglot.parse_one(self.text, read="postgres"))

    def derived(self, name: str, make: Callable[[], T]) -> T:
        """``make()``, computed once per candidate (a failure is kept and raised again)."""
        if name not in self._made:
            try:
                self._made[name] = (True, make())
            except Exception as exc:
                self._made[name] = (False, exc)
        ok, value = self._made[name]
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]


def same_kind(given: SQL, result: ParsedSQL) -> SQL:
    """``result`` as what a caller passed in: a repair called with text answers text."""
    return result if isinstance(given, ParsedSQL) else result.text  # type: ignore[return-value]
