"""Move a named value's filter onto the table the value was linked to.

The value linker knows that "Beijing Wangfujing" is a ``stores.name``; a small model sometimes
writes the filter on another entity's name column, a table it joins for nothing else::

    ... FROM orders o JOIN customers cu ON cu.customer_id = o.customer_id
        WHERE cu.name = 'Beijing Wangfujing'

When the wrong table is joined only for that filter (its alias appears in its one-equality join
condition and in the comparison, nowhere else), the table it is joined to has exactly one
single-column foreign key to the linked table, and the linked table is not in the statement
yet, the join is redirected::

    ... FROM orders o JOIN stores s ON s.store_id = o.store_id
        WHERE s.name = 'Beijing Wangfujing'

Only exact links count (the literal is the stored value, spelled as the question spells it),
and only a value linked to exactly one column. Edits are made on the text at the parse tree's
locations, each checked against the text it replaces; anything unexpected leaves the statement
as generated. The result is validated like any SQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pglast import ast
from pglast.enums import A_Expr_Kind
from pglast.parser import ParseError

from ask.checks.parsed import SQL, NodeVisitor, ParsedSQL, same_kind
from ask.schema import SchemaContext, Table
from ask.context.value_linking import ValueMatch

@dataclass(frozen=True)
class _Ref:
    alias: str
    column: str
    start: int

    @property
    def text(self) -> str:
        return f"{self.alias}.{self.column}"


class _Statement(NodeVisitor):
    """Aliases, qualified column references, ``alias.col = 'text'`` filters and the two-column
    equalities of ``JOIN ... ON`` of one statement."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[str, int]] = {}       # alias -> (table, location)
        self.clashes: set[str] = set()
        self.refs: list[_Ref] = []
        self.filters: list[tuple[_Ref, str]] = []
        self.join_keys: list[tuple[_Ref, _Ref]] = []
        self.unqualified = False

    def visit_RangeVar(self, node: ast.RangeVar) -> None:
        if node.relname is None:
            return
        alias = node.alias.aliasname if node.alias is not None and node.alias.aliasname else node.relname
        if alias in self.tables or node.schemaname:
            self.clashes.add(alias)
        self.tables[alias] = (node.relname, node.location if node.location is not None else -1)

    def visit_ColumnRef(self, node: ast.ColumnRef) -> None:
        ref = _ref(node)
        if ref is None:
            self.unqualified = True
        else:
            self.refs.append(ref)

    def visit_A_Expr(self, node: ast.A_Expr) -> None:
        if not _is_equality(node):
            return
        for col, const in ((node.lexpr, node.rexpr), (node.rexpr, node.lexpr)):
            if isinstance(col, ast.ColumnRef) and isinstance(const, ast.A_Const) \
                    and isinstance(const.val, ast.String) and const.val.sval is not None:
                ref = _ref(col)
                if ref is not None:
                    self.filters.append((ref, const.val.sval))

    def visit_JoinExpr(self, node: ast.JoinExpr) -> None:
        quals = node.quals
        if isinstance(quals, ast.A_Expr) and _is_equality(quals) \
                and isinstance(quals.lexpr, ast.ColumnRef) and isinstance(quals.rexpr, ast.ColumnRef):
            a, b = _ref(quals.lexpr), _ref(quals.rexpr)
            if a is not None and b is not None:
                self.join_keys.append((a, b))


def _is_equality(node: ast.A_Expr) -> bool:
    return node.kind == A_Expr_Kind.AEXPR_OP and [getattr(n, "sval", None) for n in node.name or ()] == ["="]


def _ref(node: ast.ColumnRef) -> _Ref | None:
    fields = node.fields or ()
    names = [f.sval for f in fields if isinstance(f, ast.String) and f.sval is not None]
    if len(names) != 2 or len(fields) != 2 or node.location is None:
        return None
    return _Ref(names[0], names[1], node.location)


def relink_values(given: SQL, links: Sequence[ValueMatch], schema: SchemaContext) -> SQL:
    """``sql`` with a named value's filter moved from a table joined only for it to the table
    the value was linked to (see the module docstring); else ``sql`` unchanged."""
    parsed = ParsedSQL.of(given)
    sql = parsed.text
    exact = [m for m in links if m.exact]
    if not exact or "'" not in sql:
        return given
    try:
        tree = parsed.statements
    except ParseError:
        return given
    if len(tree) != 1:
        return given
    found = _Statement()
    found.visit(parsed.nodes)
    if found.unqualified:
        return given                 # an unqualified column could belong to the table moved
    for ref, literal in found.filters:
        homes = {(m.table, m.column) for m in exact if m.value == literal}
        if len(homes) == 1:
            edited = _redirect(sql, found, ref, *homes.pop(), schema)
            if edited is not None:
                return same_kind(given, parsed.replaced(edited))
    return given


def _redirect(sql: str, found: _Statement, ref: _Ref, target: str, column: str,
              schema: SchemaContext) -> str | None:
    alias = ref.alias
    if alias in found.clashes or alias not in found.tables:
        return None
    wrong, location = found.tables[alias]
    schema_name, _, name = target.rpartition(".")
    linked = schema.table(name, schema_name or None)
    if linked is None or wrong == linked.name or any(t == linked.name for t, _ in found.tables.values()):
        return None
    keys = [(a, b) for a, b in found.join_keys if alias in (a.alias, b.alias) and a.alias != b.alias]
    uses = [r for r in found.refs if r.alias == alias]
    if len(keys) != 1 or len(uses) != 2:       # the join key, the filter, and nothing else
        return None
    mine, other = keys[0] if keys[0][0].alias == alias else keys[0][::-1]
    partner = found.tables.get(other.alias)
    partner_table = schema.table(partner[0]) if partner is not None and other.alias not in found.clashes else None
    fk = _single_key(partner_table, linked) if partner_table is not None else None
    if fk is None:
        return None
    new = _fresh_alias(linked.name, set(found.tables))
    first, last = sorted((mine, other), key=lambda r: r.start)
    span = re.compile(re.escape(first.text) + r"\s*=\s*" + re.escape(last.text))
    join = span.match(sql, first.start)
    table = re.compile(re.escape(wrong) + r"\s+(?:AS\s+)?" + re.escape(alias) + r"\b", re.IGNORECASE)
    moved = table.match(sql, location)
    if join is None or moved is None or sql[ref.start:ref.start + len(ref.text)] != ref.text:
        return None
    edits = [(moved.start(), moved.end(), f"{target} {new}"),
             (join.start(), join.end(), f"{new}.{fk[1]} = {other.alias}.{fk[0]}"),
             (ref.start, ref.start + len(ref.text), f"{new}.{column}")]
    for start, end, text in sorted(edits, reverse=True):
        sql = sql[:start] + text + sql[end:]
    return sql


def _single_key(table: Table, target: Table) -> tuple[str, str] | None:
    """(column of ``table``, column of ``target``) of the one single-column foreign key from
    ``table`` to ``target``, or None when there are none or several."""
    keys = [(fk.columns[0], fk.ref_columns[0]) for fk in table.foreign_keys
            if fk.ref_table == target.name and fk.ref_schema == target.schema and len(fk.columns) == 1]
    return keys[0] if len(keys) == 1 else None


def _fresh_alias(table: str, taken: set[str]) -> str:
    """The table's initials (``order_lines`` -> ``ol``), numbered when taken."""
    base = "".join(word[0] for word in table.split("_") if word) or "t"
    alias, n = base, 1
    while alias in taken:
        n += 1
        alias = f"{base}{n}"
    return alias
