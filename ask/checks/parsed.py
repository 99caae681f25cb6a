"""One candidate statement and its parse trees, each parsed at most once.

A generated statement is looked at by several repairs (:mod:`ask.checks.grounding`, :mod:`ask.checks.relink`,
:mod:`ask.checks.dialect`), by the validator and by the defect checks (:mod:`ask.context.subjects`,
:mod:`ask.checks.answer_shape`). Each used to parse the text itself, so the winning SQL went through
PostgreSQL's parser several times. A :class:`ParsedSQL` is made once per candidate text and
passed to all of them; each representation (pglast's tree, which the validator walks too, the
scanner's tokens, sqlglot's expression) is built on first use and kept, and so is a parse
failure, raised again to every later caller: PostgreSQL's parser runs once per candidate text. A repair that changes the text
returns a new :class:`ParsedSQL` (:meth:`ParsedSQL.replaced`); one that changes nothing returns
the same object, trees included. The validator trims a candidate to its statement alone (a
trailing semicolon, whitespace); :meth:`ParsedSQL.statement_alone` gives the trimmed text its
tree from the parse already made, so the checks after it parse nothing again.

The trees are shared: a step must not change them in place (copy sqlglot's expression first).
The checks that look for node kinds (:class:`NodeVisitor`) go over :attr:`ParsedSQL.nodes`, the
tree's nodes listed once, in pglast's visiting order. The validator's column check, the one
step that changes a sqlglot tree and the only one that reads it, parses its own unless a step
made the shared one (then it copies that).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
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

    def statement_alone(self, text: str, raw: ast.RawStmt) -> ParsedSQL:
        """The candidate trimmed to ``text``, its one statement ``raw``: ``self`` when nothing
        was trimmed. When only what follows the statement was (a semicolon, whitespace, a
        comment), the trimmed text's tree is ``raw`` as a parse of ``text`` makes it: its
        locations count from the same first byte, and the statement now runs to the end of the
        text (``stmt_len`` 0). A statement that began later (leading whitespace or a comment
        trimmed) is parsed again: every location in its tree would move."""
        if text == self.text:
            return self
        alone = ParsedSQL(text)
        if self.text.startswith(text) and not raw.stmt_location:
            alone._made["pglast"] = (True, (ast.RawStmt(stmt=raw.stmt, stmt_location=0,
                                                        stmt_len=0),))
        return alone

    @property
    def statements(self) -> tuple[ast.RawStmt, ...]:
        """pglast's tree (raises :class:`pglast.parser.ParseError`)."""
        return self.derived("pglast", lambda: pglast.parse_sql(self.text))

    @property
    def nodes(self) -> tuple[ast.Node, ...]:
        """Every node of :attr:`statements`, breadth first (:func:`breadth_first`): what the
        checks' :class:`NodeVisitor` walks go over, listed once per candidate (raises as
        :attr:`statements` does)."""
        return self.derived("nodes", lambda: breadth_first(self.statements))

    @property
    def tokens(self) -> list[Any]:
        """PostgreSQL's scanner tokens (``start``, ``end`` inclusive, ``name``)."""
        return self.derived("tokens", lambda: pglast.parser.scan(self.text))

    @property
    def expression(self) -> exp.Expr:
        """sqlglot's expression in the postgres dialect; shared, so copy it before changing it."""
        return self.derived("sqlglot", lambda: sqlglot.parse_one(self.text, read="postgres"))

    def made(self, name: str) -> Any:
        """What :meth:`derived` made under ``name`` (its failure raised again); None when
        nothing was made yet."""
        if name not in self._made:
            return None
        return self.derived(name, _never_made)

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


def breadth_first(root: ast.Node | tuple[Any, ...]) -> tuple[ast.Node, ...]:
    """The nodes under ``root`` (a node or a tuple of them, such as :attr:`ParsedSQL.statements`)
    in the order :class:`pglast.visitors.Visitor` visits them: breadth first, a node's fields in
    their declared order, a tuple's items in theirs (a tuple inside a tuple is queued, not
    opened where it stands). A plain loop over ``__slots__``: pglast's generator, with the
    ancestry chain it keeps for every node, cost more than the checks' visits themselves."""
    out: list[ast.Node] = []
    todo: deque[Any] = deque((root,))
    node_type = ast.Node
    while todo:
        value = todo.popleft()
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, node_type):
                out.append(item)
                for member in getattr(type(item), "__slots__"):   # its fields in order (Node.__iter__)
                    child = getattr(item, member)
                    if isinstance(child, (tuple, node_type)):
                        todo.append(child)
            elif isinstance(item, tuple):
                todo.extend(v for v in item if isinstance(v, (tuple, node_type)))
    return tuple(out)


class NodeVisitor:
    """``visit_<node class>(node)`` for each node of a list (:attr:`ParsedSQL.nodes`) of the
    classes the subclass names, as :class:`pglast.visitors.Visitor` calls them (the class
    itself, not its bases), in the list's order. Read-only: a visit returns nothing, and the
    shared trees are never changed."""

    def visit(self, nodes: Iterable[ast.Node]) -> None:
        methods = _visit_methods(type(self))
        for node in nodes:
            method = methods.get(type(node))
            if method is not None:
                method(self, node)


_METHODS: dict[type, dict[type, Callable[[Any, Any], None]]] = {}


def _visit_methods(cls: type) -> dict[type, Callable[[Any, Any], None]]:
    found = _METHODS.get(cls)
    if found is None:
        found = {}
        for name in dir(cls):
            node_class = getattr(ast, name[len("visit_"):], None) if name.startswith("visit_") else None
            if isinstance(node_class, type):
                found[node_class] = getattr(cls, name)
        _METHODS[cls] = found
    return found


def _never_made() -> Any:
    raise AssertionError("made() only reads what derived() made")


def same_kind(given: SQL, result: ParsedSQL) -> SQL:
    """``result`` as what a caller passed in: a repair called with text answers text."""
    return result if isinstance(given, ParsedSQL) else result.text  # type: ignore[return-value]
