"""Repairs for gold queries that PostgreSQL refuses although SQLite runs them.

Applied only after PostgreSQL answered the converted query with one of these SQLSTATEs, once,
and recorded on the question (``gold_note``), so that most gold SQL stays a plain translation:

* 42803, a bare column: SQLite lets ``SELECT t1.name … GROUP BY t2.id`` name a column that is
  neither grouped nor aggregated and takes it from some row of the group. With GROUP BY, such
  a column is wrapped in ``min()`` (one value per group, as SQLite gives; the same value when
  the column is determined by the group, which is what Spider's gold means). Without GROUP BY,
  ``SELECT max(x), y FROM t`` takes ``y`` from the row holding the maximum (SQLite's documented
  rule for a lone min/max), which is ``SELECT x, y FROM t ORDER BY x DESC LIMIT 1``.
* 42P10, SELECT DISTINCT ordered by a column it does not select: the distinct rows become
  groups and each is ordered by the least (ascending) or greatest (descending) such value.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlglot import exp

Repair = Callable[[exp.Expr], exp.Expr]


def _bare_columns(select: exp.Select) -> list[exp.Column]:
    """Select-list, HAVING and ORDER BY columns outside any aggregate and not grouped."""
    group = select.args.get("group")
    grouped = {g.sql() for g in group.expressions} if group else set()
    aliases = {e.alias.lower() for e in select.expressions if e.alias}
    parts = [*select.expressions, select.args.get("having"), select.args.get("order")]
    bare = []
    for part in filter(None, parts):
        for column in part.find_all(exp.Column):
            if column.find_ancestor(exp.AggFunc, exp.Select) is not select:
                continue         # inside an aggregate, or a subquery's own column
            if column.sql() in grouped or (not column.table and column.name.lower() in aliases):
                continue
            bare.append(column)
    return bare


def _lone_extreme(select: exp.Select) -> exp.AggFunc | None:
    """The single min()/max() of an ungrouped, unordered select, if that is its only aggregate."""
    if any(select.args.get(k) for k in ("group", "having", "order", "limit", "distinct")):
        return None
    aggregates = [a for e in select.expressions for a in e.find_all(exp.AggFunc)]
    if len(aggregates) == 1 and isinstance(aggregates[0], (exp.Max, exp.Min)):
        return aggregates[0]
    return None


def _extreme_row(select: exp.Select, extreme: exp.AggFunc) -> None:
    measure = extreme.this.copy()
    extreme.replace(measure.copy())
    select.set("order", exp.Order(expressions=[exp.Ordered(
        this=measure, desc=isinstance(extreme, exp.Max), nulls_first=False)]))
    select.set("limit", exp.Limit(expression=exp.Literal.number(1)))


def aggregate_bare_columns(tree: exp.Expr) -> exp.Expr:
    tree = tree.copy()
    for select in list(tree.find_all(exp.Select)):
        bare = _bare_columns(select)
        if not bare or not (select.args.get("group") or any(e.find(exp.AggFunc) for e in select.expressions)):
            continue
        extreme = None if select.args.get("group") else _lone_extreme(select)
        if extreme is not None:
            _extreme_row(select, extreme)
            continue
        for column in bare:
            column.replace(exp.Min(this=column.copy()))
    return tree


def group_distinct_order(tree: exp.Expr) -> exp.Expr:
    tree = tree.copy()
    for select in list(tree.find_all(exp.Select)):
        order = select.args.get("order")
        if not select.args.get("distinct") or order is None:
            continue
        selected = {(e.this if isinstance(e, exp.Alias) else e).sql() for e in select.expressions}
        for ordered in order.expressions:
            if ordered.this.sql() not in selected and not ordered.this.find(exp.AggFunc):
                kind = exp.Max if ordered.args.get("desc") else exp.Min
                ordered.set("this", kind(this=ordered.this.copy()))
        select.set("distinct", None)
        select.set("group", exp.Group(expressions=[(e.this if isinstance(e, exp.Alias) else e).copy()
                                                    for e in select.expressions]))
    return tree


REPAIRS: dict[str, tuple[str, Repair]] = {
    "42803": ("bare columns aggregated", aggregate_bare_columns),
    "42P10": ("DISTINCT ordered by an unselected column: grouped", group_distinct_order),
}
