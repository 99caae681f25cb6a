"""Exact set match: are two queries the same query, clause by clause, ignoring values?

The Spider-style structural metric reported next to execution accuracy (the rules are
documented in eval/README.md, "Spider dev"). A query is parsed with sqlglot and reduced to a
:class:`QueryShape`, one canonical text per component:

* every column reads ``table.column``: table aliases resolved (``T1.name`` is
  ``singer.name``), an unqualified column given the table of its scope that has it (from
  ``schema``), every name lower-cased;
* every literal is ``value`` (Spider's "without values"), casts are dropped, ``ILIKE`` is
  ``LIKE``, a division's ``NULLIF(x, 0)`` guard is ``x``, and ``NULLS FIRST/LAST`` and
  select-list aliases are ignored;
* ORDER BY names of select-list aliases, and GROUP BY/ORDER BY ordinals, become the
  expressions they stand for;
* a subquery becomes its own canonical shape, so nested queries compare recursively.

Components: select items (a multiset), DISTINCT, FROM tables (a multiset; join conditions are
ignored, as Spider ignores them), WHERE and HAVING (each a set of atoms split at AND/OR, plus
the set of connectives used), GROUP BY (a set), ORDER BY (a sequence with directions), LIMIT
(present or not, its value ignored) and set operations (operator, then both sides
recursively). Two queries match exactly when every component is equal.

``spider_hardness`` rates a query easy / medium / hard / extra with the counting rules of
Spider's evaluation script, on the same parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from proxy.evaluation.sql_scope import SchemaColumns, column_table

SET_OPERATIONS: tuple[tuple[type[exp.Expr], str], ...] = (
    (exp.Union, "union"), (exp.Intersect, "intersect"), (exp.Except, "except"))
QUERY_NODES = (exp.Select, exp.SetOperation, exp.Subquery)
PLACEHOLDER = "value"


class UnparsableQuery(ValueError):
    """sqlglot could not parse the text, or it is not a query."""


@dataclass(frozen=True, slots=True)
class QueryShape:
    select: tuple[str, ...] = ()
    distinct: bool = False
    from_: tuple[str, ...] = ()
    where: tuple[str, ...] = ()
    where_connectives: tuple[str, ...] = ()
    group_by: tuple[str, ...] = ()
    having: tuple[str, ...] = ()
    having_connectives: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ()
    limit: bool = False
    set_operation: str = ""          # "union(<left>,<right>)" for a set operation

    def key(self) -> str:
        return "{" + ";".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self)) + "}"

    def differing(self, other: QueryShape) -> tuple[str, ...]:
        return tuple(f.name.rstrip("_") for f in fields(self)
                     if getattr(self, f.name) != getattr(other, f.name))


@dataclass(frozen=True, slots=True)
class ExactMatch:
    equal: bool
    differing: tuple[str, ...] = ()  # the components that differ, or ("no_sql",) / ("unparsable",)


def parse(sql: str, dialect: str = "postgres") -> exp.Expr:
    try:
        tree = sqlglot.parse_one(sql.strip().rstrip(";"), read=dialect)
    except SqlglotError as exc:
        raise UnparsableQuery(str(exc)) from exc
    while isinstance(tree, exp.Subquery):
        tree = tree.this
    if not isinstance(tree, (exp.Select, exp.SetOperation)):
        raise UnparsableQuery(f"not a query: {type(tree).__name__}")
    return tree


# --- preparing a tree: output references resolved, column owners recorded --------------------

def _sources(select: exp.Select) -> Iterator[exp.Expr]:
    if select.args.get("from_") is not None:
        yield select.args["from_"].this
    for join in select.args.get("joins") or ():
        yield join.this


def _is_ordinal(literal: exp.Literal, clause: exp.Expr) -> bool:
    parent = literal.parent
    in_place = parent is clause or (isinstance(parent, exp.Ordered) and parent.parent is clause)
    return in_place and not literal.is_string and str(literal.this).isdigit()


def _resolve_output_references(select: exp.Select, schema: SchemaColumns) -> None:
    """ORDER BY alias names (and GROUP BY/HAVING ones that name no table column), and
    GROUP BY/ORDER BY ordinals, become the select-list expressions they stand for."""
    items = select.expressions
    aliases = {e.alias.lower(): e.this for e in items if isinstance(e, exp.Alias)}
    for name in ("group", "having", "order"):
        clause = select.args.get(name)
        if clause is None:
            continue
        for column in list(clause.find_all(exp.Column)):
            alias = column.name.lower()
            if not column.table and alias in aliases and (name == "order" or column_table(column, schema) is None):
                column.replace(aliases[alias].copy())
        for literal in list(clause.find_all(exp.Literal)):
            if name != "having" and _is_ordinal(literal, clause) and 0 < int(literal.this) <= len(items):
                target = items[int(literal.this) - 1]
                literal.replace((target.this if isinstance(target, exp.Alias) else target).copy())


def prepare(tree: exp.Expr, schema: SchemaColumns) -> exp.Expr:
    """A copy of ``tree`` with output references resolved, ``_plain`` applied everywhere, and
    every column carrying its table in ``meta["owner"]``."""
    tree = tree.copy()
    for select in list(tree.find_all(exp.Select)):
        _resolve_output_references(select, schema)
    for node in list(tree.walk()):
        plain = _plain(node)
        while plain is not node:                 # e.g. a cast inside an alias
            node.replace(plain)
            node, plain = plain, _plain(plain)
    for column in tree.find_all(exp.Column):
        column.meta["owner"] = column_table(column, schema)
    return tree


# --- canonical text ---------------------------------------------------------------------------

def _split(condition: exp.Expr | None) -> tuple[list[exp.Expr], list[str]]:
    """The atoms of a condition split at AND/OR (through parentheses), and the connectives."""
    if condition is None:
        return [], []
    if isinstance(condition, exp.Paren):
        return _split(condition.this)
    if isinstance(condition, (exp.And, exp.Or)):
        left, left_ops = _split(condition.this)
        right, right_ops = _split(condition.expression)
        return left + right, left_ops + right_ops + [condition.key]
    return [condition], []


ATOMIC = (exp.Column, exp.Literal, exp.Var, exp.Func, exp.Star)


def _plain(node: exp.Expr) -> exp.Expr:
    """Structure that does not change what a query asks: casts, output aliases, ILIKE's case,
    a division's NULLIF(x, 0) guard, parentheses around one term (see the module docstring)."""
    if isinstance(node, (exp.Cast, exp.Alias)):
        return node.this
    if isinstance(node, exp.ILike):
        return exp.Like(this=node.this, expression=node.expression)
    if isinstance(node, exp.Div) and isinstance(node.expression, exp.Nullif):
        node.set("expression", node.expression.this)
        return node
    if isinstance(node, exp.Paren) and isinstance(node.this, ATOMIC):
        return node.this
    return node


def _neutral(node: exp.Expr) -> exp.Expr:
    """A column as ``table.column``, a literal as ``value``."""
    if isinstance(node, exp.Column):
        owner = node.meta.get("owner")
        return exp.column(node.name.lower(), table=owner) if owner else exp.column(node.name.lower())
    if isinstance(node, exp.Literal) or (isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal)):
        return exp.var(PLACEHOLDER)
    return node


class Canonicaliser:
    """Canonical texts of the parts of one prepared tree."""

    def text(self, node: exp.Expr) -> str:
        work = node.copy().transform(self._rewrite)
        if isinstance(work, (exp.EQ, exp.NEQ)) and isinstance(work.this, exp.Column) \
                and isinstance(work.expression, exp.Column):
            left, right = sorted((work.this.sql(), work.expression.sql()))   # a = b is b = a
            return f"{left} {'=' if isinstance(work, exp.EQ) else '<>'} {right}".lower()
        return work.sql().lower()

    def _rewrite(self, node: exp.Expr) -> exp.Expr:
        if isinstance(node, QUERY_NODES):
            return exp.var(f"({self.shape(node).key()})")
        return _neutral(node)

    def shape(self, node: exp.Expr) -> QueryShape:
        if isinstance(node, exp.Subquery):
            return self.shape(node.this)
        if isinstance(node, exp.SetOperation):
            return self._set_operation(node)
        if isinstance(node, exp.Select):
            return self._select(node)
        return QueryShape(select=(self.text(node),))

    def _set_operation(self, node: exp.SetOperation) -> QueryShape:
        op = next(name for kind, name in SET_OPERATIONS if isinstance(node, kind))
        if node.args.get("distinct") is False:
            op += " all"
        left, right = self.shape(node.this), self.shape(node.expression)
        return QueryShape(order_by=self._order(node), limit=node.args.get("limit") is not None,
                          set_operation=f"{op}({left.key()},{right.key()})")

    def _conditions(self, select: exp.Select, clause: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        part = select.args.get(clause)
        atoms, ops = _split(part.this if part is not None else None)
        return tuple(sorted({self.text(a) for a in atoms})), tuple(sorted(set(ops)))

    def _select(self, select: exp.Select) -> QueryShape:
        where, where_ops = self._conditions(select, "where")
        having, having_ops = self._conditions(select, "having")
        group = select.args.get("group")
        return QueryShape(
            select=tuple(sorted(self.text(e) for e in select.expressions)),
            distinct=bool(select.args.get("distinct")),
            from_=tuple(sorted(self._source(s) for s in _sources(select))),
            where=where, where_connectives=where_ops,
            group_by=tuple(sorted({self.text(g) for g in group.expressions})) if group else (),
            having=having, having_connectives=having_ops,
            order_by=self._order(select), limit=select.args.get("limit") is not None)

    def _source(self, source: exp.Expr) -> str:
        if isinstance(source, exp.Table):
            return source.name.lower()
        return f"({self.shape(source).key()})"

    def _order(self, node: exp.Expr) -> tuple[str, ...]:
        order = node.args.get("order")
        if order is None:
            return ()
        return tuple(f"{self.text(o.this)} {'desc' if o.args.get('desc') else 'asc'}"
                     for o in order.expressions)


# --- public API -------------------------------------------------------------------------------

def query_shape(sql: str | exp.Expr, schema: SchemaColumns | None = None,
                dialect: str = "postgres") -> QueryShape:
    tree = parse(sql, dialect) if isinstance(sql, str) else sql
    return Canonicaliser().shape(prepare(tree, schema or {}))


def exact_match(gold_sql: str, predicted_sql: str | None, schema: SchemaColumns | None = None,
                dialect: str = "postgres") -> ExactMatch:
    """Compare component by component; a missing or unparsable prediction never matches.
    Raises :class:`UnparsableQuery` for unparsable *gold* SQL."""
    gold = query_shape(gold_sql, schema, dialect)
    if not predicted_sql:
        return ExactMatch(False, ("no_sql",))
    try:
        predicted = query_shape(predicted_sql, schema, dialect)
    except UnparsableQuery:
        return ExactMatch(False, ("unparsable",))
    differing = gold.differing(predicted)
    return ExactMatch(not differing, differing)


# --- Spider hardness ----------------------------------------------------------------------------

def _main_select(tree: exp.Expr) -> exp.Select | None:
    while isinstance(tree, (exp.SetOperation, exp.Subquery)):
        tree = tree.this
    return tree if isinstance(tree, exp.Select) else None


def _atoms(select: exp.Select, clause: str) -> tuple[list[exp.Expr], list[str]]:
    part = select.args.get(clause)
    return _split(part.this if part is not None else None)


def _negated(atom: exp.Expr) -> bool:
    return isinstance(atom, exp.Not) or bool(atom.args.get("negate"))


def _query_between(node: exp.Expr, root: exp.Expr) -> bool:
    """A query node lies strictly between ``node`` and its ancestor ``root``."""
    current = node.parent
    while current is not None and current is not root:
        if isinstance(current, (exp.Select, exp.SetOperation)):
            return True
        current = current.parent
    return False


def _has_aggregate(node: exp.Expr) -> bool:
    return any(isinstance(n, exp.AggFunc) and not _query_between(n, node) for n in node.walk())


def _direct_subqueries(atom: exp.Expr) -> int:
    """Queries in a condition that are not inside another query of it."""
    return sum(not _query_between(n, atom) for n in atom.find_all(exp.Select, exp.SetOperation)
               if not isinstance(n.parent, exp.SetOperation))


@dataclass(frozen=True, slots=True)
class _Counts:
    component1: int
    component2: int
    others: int


def _counts(tree: exp.Expr, select: exp.Select) -> _Counts:
    where, where_ops = _atoms(select, "where")
    having, having_ops = _atoms(select, "having")
    joins = select.args.get("joins") or []
    on_atoms: list[exp.Expr] = []
    on_ops: list[str] = []
    for join in joins:
        atoms, ops = _split(join.args.get("on"))
        on_atoms += atoms
        on_ops += ops
    conds = on_atoms + where + having
    group = select.args.get("group")
    order = select.args.get("order")
    component1 = (bool(where) + bool(group) + bool(order) + (select.args.get("limit") is not None)
                  + len(joins) + (on_ops + where_ops + having_ops).count("or")
                  + sum(isinstance(a.unnest() if isinstance(a, exp.Not) else a, (exp.Like, exp.ILike))
                        for a in conds))
    nested = sum(_direct_subqueries(a) for a in where + having) + isinstance(tree, exp.SetOperation)
    aggregates = (sum(_has_aggregate(e) for e in select.expressions)
                  + sum(_has_aggregate(o.this) for o in (order.expressions if order else []))
                  + sum(_negated(a) for a in where + having))
    others = ((aggregates > 1) + (len(select.expressions) > 1) + (len(where) > 1)
              + (len(group.expressions) > 1 if group else 0))
    return _Counts(component1, nested, others)


def spider_hardness(tree: exp.Expr) -> str:
    """easy / medium / hard / extra, by Spider's ``Evaluator.eval_hardness`` rules."""
    select = _main_select(tree)
    if select is None:
        return "unknown"
    c = _counts(tree, select)
    c1, c2, others = c.component1, c.component2, c.others
    if c1 <= 1 and others == 0 and c2 == 0:
        return "easy"
    if (others <= 2 and c1 <= 1 and c2 == 0) or (c1 <= 2 and others < 2 and c2 == 0):
        return "medium"
    if ((others > 2 and c1 <= 2 and c2 == 0) or (2 < c1 <= 3 and others <= 2 and c2 == 0)
            or (c1 <= 1 and others == 0 and c2 <= 1)):
        return "hard"
    return "extra"
