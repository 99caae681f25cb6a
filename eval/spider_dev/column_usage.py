"""What the gold queries of one database do with each column: the facts the types and the
generated rows are chosen from.

Pure: sqlglot trees in, :class:`ColumnUsage` records out. A literal counts for the column it
is compared with (``=``, ``<>``, ``<``, ``IN``, ``BETWEEN``, ``LIKE``); arithmetic and
``sum``/``avg`` make a column numeric; ``a.x = b.y`` between two columns records a join, so
that both end up with one type and with overlapping values; equalities ANDed on one table
(``first_name = 'Timmothy' AND last_name = 'Ward'``) are kept together, for one row to hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlglot import exp

from proxy.evaluation.sql_scope import SchemaColumns, column_table

ColumnRef = tuple[str, str]          # (table, column), lower-case
Value = int | float | str

EQUALITY = (exp.EQ, exp.NEQ, exp.In)
ORDERING = (exp.GT, exp.GTE, exp.LT, exp.LTE, exp.Between)
PATTERN = (exp.Like, exp.ILike)
ARITHMETIC = (exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod)
NUMERIC_AGGREGATES = (exp.Sum, exp.Avg)
SPREAD_AGGREGATES = (exp.Avg, exp.Min, exp.Max)


@dataclass(slots=True)
class ColumnUsage:
    equal_values: list[Value] = field(default_factory=list)     # =, <>, IN
    range_values: list[Value] = field(default_factory=list)     # <, >, BETWEEN
    like_patterns: list[str] = field(default_factory=list)
    numeric_use: bool = False        # arithmetic, sum/avg, compared with a number
    joined_with: set[ColumnRef] = field(default_factory=set)

    @property
    def values(self) -> list[Value]:
        return self.equal_values + self.range_values


def literal_value(node: exp.Expr) -> Value | None:
    """A literal's Python value (negative numbers included), or None."""
    if isinstance(node, exp.Neg) and isinstance(node.this, exp.Literal) and not node.this.is_string:
        value = literal_value(node.this)
        return -value if isinstance(value, (int, float)) else None
    if not isinstance(node, exp.Literal):
        return None
    if node.is_string:
        return str(node.this)
    text = str(node.this)
    try:
        return int(text)
    except ValueError:
        return float(text)


def _refs(node: exp.Expr, schema: SchemaColumns) -> Iterator[ColumnRef]:
    if isinstance(node, exp.Column):
        table = column_table(node, schema)
        if table is not None and node.name.lower() in schema.get(table, frozenset()):
            yield table, node.name.lower()


def _operands(node: exp.Expr) -> list[exp.Expr]:
    if isinstance(node, exp.In):
        return list(node.expressions)
    if isinstance(node, exp.Between):
        return [node.args["low"], node.args["high"]]
    return [node.expression]


class UsageCollector:
    """Accumulates usage over all the gold queries of one database."""

    def __init__(self, schema: SchemaColumns) -> None:
        self.schema = schema
        self.usage: dict[ColumnRef, ColumnUsage] = {}

    def of(self, ref: ColumnRef) -> ColumnUsage:
        return self.usage.setdefault(ref, ColumnUsage())

    def add_query(self, tree: exp.Expr) -> None:
        for node in tree.walk():
            if isinstance(node, (*EQUALITY, *ORDERING, *PATTERN)):
                self._comparison(node)
            elif isinstance(node, ARITHMETIC):
                self._mark_numeric(node.this, node.expression)
            elif isinstance(node, NUMERIC_AGGREGATES):
                self._mark_numeric(node.this)

    def _mark_numeric(self, *nodes: exp.Expr) -> None:
        for node in nodes:
            for ref in _refs(node, self.schema):
                self.of(ref).numeric_use = True

    def _comparison(self, node: exp.Expr) -> None:
        if isinstance(node.this, SPREAD_AGGREGATES):     # HAVING avg(x) > 72: x must spread there
            self._aggregate_comparison(node)
            return
        left = list(_refs(node.this, self.schema))
        if not left:
            return
        usage = self.of(left[0])
        for operand in _operands(node):
            self._operand(node, left[0], usage, operand)

    def _aggregate_comparison(self, node: exp.Expr) -> None:
        refs = list(_refs(node.this.this, self.schema))
        values = [literal_value(o) for o in _operands(node)]
        if refs:
            usage = self.of(refs[0])
            usage.range_values += [v for v in values if isinstance(v, (int, float))]

    def _operand(self, node: exp.Expr, ref: ColumnRef, usage: ColumnUsage,
                 operand: exp.Expr) -> None:
        right = list(_refs(operand, self.schema))
        if right and isinstance(node, exp.EQ) and right[0] != ref:
            usage.joined_with.add(right[0])
            self.of(right[0]).joined_with.add(ref)
            return
        value = literal_value(operand)
        if value is None:
            return
        if isinstance(value, (int, float)):
            usage.numeric_use = True
        if isinstance(node, PATTERN):
            usage.like_patterns.append(str(value))
        elif isinstance(node, ORDERING):
            usage.range_values.append(value)
        else:
            usage.equal_values.append(value)


@dataclass(frozen=True, slots=True)
class Conjunction:
    """``WHERE first_name = 'Timmothy' AND last_name = 'Ward'``: values one row must hold together."""
    table: str
    values: tuple[tuple[str, Value], ...]


def _conjunctions(select: exp.Select, schema: SchemaColumns) -> list[Conjunction]:
    where = select.args.get("where")
    if where is None or where.find(exp.Or):
        return []
    by_table: dict[str, dict[str, Value]] = {}
    for atom in where.this.flatten() if isinstance(where.this, exp.And) else [where.this]:
        if not isinstance(atom, exp.EQ) or atom.find_ancestor(exp.Select) is not select:
            continue
        refs, value = list(_refs(atom.this, schema)), literal_value(atom.expression)
        if refs and value is not None:
            by_table.setdefault(refs[0][0], {})[refs[0][1]] = value
    return [Conjunction(table, tuple(sorted(values.items(), key=lambda kv: kv[0])))
            for table, values in by_table.items() if len(values) > 1]


@dataclass(frozen=True, slots=True)
class GoldUsage:
    columns: dict[ColumnRef, ColumnUsage]
    conjunctions: tuple[Conjunction, ...]


def collect_usage(trees: Iterable[exp.Expr], schema: SchemaColumns) -> GoldUsage:
    collector = UsageCollector(schema)
    conjunctions: list[Conjunction] = []
    for tree in trees:
        collector.add_query(tree)
        for select in tree.find_all(exp.Select):
            conjunctions += [c for c in _conjunctions(select, schema) if c not in conjunctions]
    return GoldUsage(collector.usage, tuple(conjunctions))
