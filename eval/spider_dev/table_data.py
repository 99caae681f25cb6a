"""Generated rows for one database: seeded, typed, keyed, referentially sound, and holding the
literal values the gold queries look for.

Tables are filled in load order, so every reference draws from rows that exist. A key or
unique column gets distinct values; a reference draws from the referenced column's values,
its own gold literals first, then skewed (a few parents get many children, so ``HAVING
count(*) > 3`` finds groups) and biased toward *hot* parent rows, those holding rare gold
literals, so that joins filtering on a literal find rows. Other columns come from
``column_filler``. Two kinds of extra rows follow the gold queries more closely:

* combinations: in a table of references, a few parents meet every literal of another
  column (a country speaking both English and French, an airline flying from both APG and
  CVO), for INTERSECT and "both" questions;
* conjunctions: equalities a gold query ANDs on one table (``first_name = 'Timmothy' AND
  last_name = 'Ward'``) are written together into one row.

Finally no two tables keep the same number of rows, so that counting the wrong table never
gives the right answer.

Nothing here touches a database.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

from eval.spider_dev.column_filler import ColumnFiller, ColumnLiterals, required_literals, unique_values
from eval.spider_dev.column_usage import Conjunction, GoldUsage
from eval.spider_dev.table_plan import DatabasePlan, TablePlan
from eval.spider_dev.value_rules import ColumnContext, Value, coerce

HOT_SHARE = 0.4
OWN_LITERAL_SHARE = 0.3
COMBINED_PARENTS = 2
COMBINED_VALUES = 4

Row = tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class TableRows:
    table: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def column_values(self, column: str) -> list[Value]:
        i = self.columns.index(column)
        return [row[i] for row in self.rows]


class DatabaseFiller:
    """Fills every table of a plan, in order; ``rows`` holds what is filled so far."""

    def __init__(self, plan: DatabasePlan, usage: GoldUsage, seed: int) -> None:
        self.plan = plan
        self.rng = random.Random(zlib.crc32(plan.db_id.encode()) ^ seed)
        self.literals = required_literals(plan, usage.columns)
        self.conjunctions = usage.conjunctions
        self.rows: dict[str, TableRows] = {}
        self.hot: dict[str, list[int]] = {}           # table -> indexes of rows with rare literals

    def fill(self) -> dict[str, TableRows]:
        for table in self.plan.tables:
            self.rows[table.name] = self._fill_table(table)
        return self.rows

    def _filler(self, table: TablePlan, column: str) -> ColumnFiller:
        ctx = ColumnContext(table.name, column, table.type_of(column))
        return ColumnFiller(ctx, self.literals.get((table.name, column)), self.rng)

    def _fill_table(self, table: TablePlan) -> TableRows:
        names = tuple(name for name, _ in table.columns)
        fillers = {name: self._filler(table, name) for name in names}
        columns = {name: self._column(table, fillers[name], table.rows) for name in names}
        count = min(len(v) for v in columns.values())
        rows = [tuple(columns[name][i] for name in names) for i in range(count)]
        rows += self._combinations(table, names, rows, fillers)
        rows = self._distinct_keys(table, names, rows)
        self._apply_conjunctions(table, names, rows)
        rows = self._distinct_size(rows, names, fillers)
        self.hot[table.name] = [i for i, row in enumerate(rows)
                                if any(fillers[n].is_hot(v) for n, v in zip(names, row))]
        return TableRows(table.name, names, tuple(rows))

    def _distinct_size(self, rows: list[Row], names: tuple[str, ...], fillers: dict[str, ColumnFiller]) -> list[Row]:
        """Drop rows without any gold literal until no filled table has as many rows (its
        children are filled later, so no reference is lost)."""
        taken = {len(t.rows) for t in self.rows.values()}
        plain = [i for i, row in enumerate(rows)
                 if not any(v in fillers[n].literals.equal or fillers[n].is_hot(v) for n, v in zip(names, row))]
        dropped: set[int] = set()
        while len(rows) - len(dropped) in taken and plain:
            dropped.add(plain.pop())
        return [row for i, row in enumerate(rows) if i not in dropped]

    # --- one column ---------------------------------------------------------------------------

    def _column(self, table: TablePlan, filler: ColumnFiller, count: int) -> list[Value]:
        column = filler.ctx.name
        distinct = table.primary_key == (column,) or column in table.unique
        if table.reference(column) is not None:
            drawn = self._referencing(table, column, count, distinct)
            if drawn is not None:
                return drawn
        if distinct:
            required = self.literals.get((table.name, column))
            return unique_values(filler, count, required.equal if required else [])
        return filler.values(count)

    def _parent_values(self, table: TablePlan, column: str) -> tuple[list[Value], list[Value]]:
        """The referenced column's values, and those of its hot rows."""
        ref = table.reference(column)
        parent = self.rows.get(ref.ref_table) if ref is not None else None
        if ref is None or parent is None:       # no reference, or a cycle cut here
            return [], []
        values = parent.column_values(ref.ref_column)
        return values, [values[i] for i in self.hot.get(ref.ref_table, [])]

    def _referencing(self, table: TablePlan, column: str, count: int, distinct: bool) -> list[Value] | None:
        values, hot = self._parent_values(table, column)
        if not values:
            return None
        pool = list(dict.fromkeys(values))
        if distinct:
            self.rng.shuffle(pool)
            return ([v for v in pool if v in hot] + [v for v in pool if v not in hot])[:count]
        own = [v for v in self.literals.get((table.name, column), ColumnLiterals()).equal if v in pool]
        weights = [1.0 / (i + 1) ** 0.7 for i in range(len(pool))]
        self.rng.shuffle(pool)
        return [self._reference_value(pool, weights, own, hot) for _ in range(count)]

    def _reference_value(self, pool: list[Value], weights: list[float], own: list[Value], hot: list[Value]) -> Value:
        roll = self.rng.random()
        if own and roll < OWN_LITERAL_SHARE:
            return self.rng.choice(own)
        if hot and roll < OWN_LITERAL_SHARE + HOT_SHARE:
            return self.rng.choice(hot)
        return self.rng.choices(pool, weights)[0]

    # --- extra rows -----------------------------------------------------------------------------

    def _companions(self, table: TablePlan, column: str, filler: ColumnFiller) -> list[Value]:
        """Values one parent should meet together: the column's literals, or hot parents."""
        if table.reference(column) is not None:
            return list(dict.fromkeys(self._parent_values(table, column)[1]))[:COMBINED_VALUES]
        return filler.literals.equal[:COMBINED_VALUES]

    def _fresh_key(self, table: TablePlan, names: tuple[str, ...], rows: list[Row]) -> int | None:
        """For a table keyed by its own integer column: the next free key, else None."""
        if len(table.primary_key) != 1 or table.reference(table.primary_key[0]) is not None:
            return None
        i = names.index(table.primary_key[0])
        numbers = [key for key in (row[i] for row in rows) if isinstance(key, int)]
        return max(numbers) + 1 if len(numbers) == len(rows) else None

    def _combinations(self, table: TablePlan, names: tuple[str, ...], rows: list[Row],
                      fillers: dict[str, ColumnFiller]) -> list[Row]:
        fresh = self._fresh_key(table, names, rows) if rows else None
        if not rows or table.unique or (len(table.primary_key) == 1 and fresh is None):
            return []
        extra: list[Row] = []
        for ref in table.references:
            parents = list(dict.fromkeys(self._parent_values(table, ref.column)[1]))[:COMBINED_PARENTS]
            parents = parents or [self.rng.choice(rows)[names.index(ref.column)]]
            for other in (n for n in names if n != ref.column and n not in table.primary_key):
                companions = self._companions(table, other, fillers[other])
                if len(companions) < 2:
                    continue
                for parent in parents:
                    for value in companions:
                        row = list(self.rng.choice(rows))
                        row[names.index(ref.column)], row[names.index(other)] = parent, value
                        if fresh is not None:
                            row[names.index(table.primary_key[0])] = fresh + len(extra)
                        extra.append(tuple(row))
        return extra

    def _distinct_keys(self, table: TablePlan, names: tuple[str, ...], rows: list[Row]) -> list[Row]:
        if not table.primary_key:
            return rows
        keyed = [names.index(c) for c in table.primary_key]
        seen: set[Row] = set()
        kept = []
        for row in rows:
            key = tuple(row[i] for i in keyed)
            if key not in seen:
                seen.add(key)
                kept.append(row)
        return kept

    def _conjunction_row(self, table: TablePlan, conjunction: Conjunction) -> dict[str, Value] | None:
        """The conjunction's values typed for the table, or None when one cannot be written
        (a key column, a value of the wrong type, a reference to a value the parent lacks)."""
        fitted: dict[str, Value] = {}
        for column, raw in conjunction.values:
            if column in table.primary_key or column in table.unique:
                return None
            value = coerce(raw, table.type_of(column))
            parents = self._parent_values(table, column)[0]
            if value is None or (table.reference(column) is not None and value not in parents):
                return None
            fitted[column] = value
        return fitted

    def _apply_conjunctions(self, table: TablePlan, names: tuple[str, ...], rows: list[Row]) -> None:
        for conjunction in self.conjunctions:
            if conjunction.table != table.name or not rows:
                continue
            fitted = self._conjunction_row(table, conjunction)
            if fitted is None:
                continue
            i = self.rng.randrange(len(rows))
            rows[i] = tuple(fitted.get(name, value) for name, value in zip(names, rows[i]))


def generate_rows(plan: DatabasePlan, usage: GoldUsage, seed: int = 0) -> dict[str, TableRows]:
    return DatabaseFiller(plan, usage, seed).fill()
