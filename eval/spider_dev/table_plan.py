"""The shape of one generated database: tables, keys, references, row counts and load order.

Spider's ``primary_keys`` names one column per table even where the real key has several
(``singer_in_concert``'s key is the pair, not ``concert_id``). A declared key column that is
itself a reference to another table, and is not that table's own ``id``, is widened: to the
table's other reference columns, or else to the next column (``countrylanguage``:
``countrycode, language``). A column that a foreign key references without being the key
gets a UNIQUE constraint, as PostgreSQL requires.

References are the declared foreign keys (enforced) plus the joins gold SQL makes on a key
column that no foreign key declares (``flights.airline = airlines.uid``): those only guide the
generated values, so that the join finds rows. ``sqlite_*`` tables are SQLite's, not Spider's.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from eval.spider_dev.column_types import PgType
from eval.spider_dev.column_usage import ColumnRef, ColumnUsage
from eval.spider_dev.dataset import ForeignKey, SpiderSchema, SpiderTable

# Row counts, drawn per table from these ranges and made distinct within a database, so that
# counting the wrong table ("how many conductors" answered from performance) never scores.
LOOKUP_ROWS = (6, 10)
ENTITY_ROWS = (22, 40)
CHILD_ROWS = (40, 64)


@dataclass(frozen=True, slots=True)
class Reference:
    column: str
    ref_table: str
    ref_column: str
    declared: bool                    # a foreign key constraint, not only a gold join


@dataclass(frozen=True, slots=True)
class TablePlan:
    name: str
    columns: tuple[tuple[str, PgType], ...]
    primary_key: tuple[str, ...]
    unique: tuple[str, ...]           # single columns referenced by a foreign key
    references: tuple[Reference, ...]
    rows: int

    def type_of(self, column: str) -> PgType:
        return dict(self.columns)[column]

    def reference(self, column: str) -> Reference | None:
        return next((r for r in self.references if r.column == column), None)


@dataclass(frozen=True, slots=True)
class DatabasePlan:
    db_id: str
    tables: tuple[TablePlan, ...]     # in load order: referenced tables first
    skipped_tables: tuple[str, ...]
    skipped_foreign_keys: tuple[ForeignKey, ...]

    def table(self, name: str) -> TablePlan:
        return next(t for t in self.tables if t.name == name)

    @property
    def database(self) -> str:
        return database_name(self.db_id)


def database_name(db_id: str) -> str:
    return f"spider_{db_id.lower()}"


def _own_id(table: str, column: str) -> bool:
    singular = table[:-1] if table.endswith("s") else table
    return column in ("id", f"{table}_id", f"{singular}_id")


def primary_key(table: SpiderTable, references: list[Reference]) -> tuple[str, ...]:
    key = table.declared_key
    refs = [r.column for r in references]
    if len(key) != 1 or key[0] not in refs or _own_id(table.name, key[0]):
        return key
    others = tuple(c for c in refs if c != key[0])
    if others:
        return key + tuple(dict.fromkeys(others))
    names = [c.name for c in table.columns]
    after = names[names.index(key[0]) + 1:]
    return key + tuple(after[:1]) if after else key


def _is_parent_key(schema: SpiderSchema, table: SpiderTable, column: str) -> bool:
    """The column is a key others point at: referenced by a foreign key, or an id-named key."""
    referenced = any(fk.ref_table == table.name and fk.ref_column == column for fk in schema.foreign_keys)
    return referenced or (table.declared_key == (column,) and column.endswith("id"))


def _implicit_references(schema: SpiderSchema, usage: Mapping[ColumnRef, ColumnUsage],
                         table: SpiderTable) -> list[Reference]:
    """Gold joins from a non-key column (or a key that is not a parent's) to another table's
    declared key: ``flights.airline = airlines.uid``."""
    declared = {fk.column for fk in schema.foreign_keys_of(table.name)}
    found: dict[str, Reference] = {}
    for column in table.columns:
        ref = (table.name, column.name)
        if column.name in declared or ref not in usage or _is_parent_key(schema, table, column.name):
            continue
        for other_table, other_column in sorted(usage[ref].joined_with):
            if other_table != table.name and schema.table(other_table).declared_key == (other_column,):
                found.setdefault(column.name, Reference(column.name, other_table, other_column, False))
    return list(found.values())


def _references(schema: SpiderSchema, usage: Mapping[ColumnRef, ColumnUsage],
                table: SpiderTable, kept: set[str]) -> list[Reference]:
    declared: dict[str, Reference] = {}
    for fk in schema.foreign_keys_of(table.name):
        if fk.ref_table in kept:      # one reference per column: the first declared
            declared.setdefault(fk.column, Reference(fk.column, fk.ref_table, fk.ref_column, True))
    return list(declared.values()) + _implicit_references(schema, usage, table)


def _row_range(schema: SpiderSchema, table: SpiderTable, key: tuple[str, ...], refs: list[Reference]
               ) -> tuple[int, int]:
    """A small code table (few columns, referenced, referencing nothing) gets a handful of
    rows, a table keyed by its own column a few dozen, a table of references (keyed by several
    columns, or by none) more, so that its parents have several children each."""
    referenced = any(fk.ref_table == table.name for fk in schema.foreign_keys)
    small = len(table.columns) <= 2 or (len(table.columns) == 3 and key[:1] != () and key[0].endswith("code"))
    if small and referenced and not refs and len(key) == 1:
        return LOOKUP_ROWS
    if len(key) == 1 and key[0] not in {r.column for r in refs}:
        return ENTITY_ROWS
    return CHILD_ROWS


def load_order(tables: list[TablePlan]) -> list[TablePlan]:
    """Referenced tables first (a reference cycle is cut where it is met)."""
    by_name = {t.name: t for t in tables}
    ordered: list[TablePlan] = []
    state: dict[str, str] = {}

    def visit(name: str) -> None:
        if state.get(name):
            return
        state[name] = "visiting"
        for ref in by_name[name].references:
            if ref.ref_table != name:
                visit(ref.ref_table)
        state[name] = "done"
        ordered.append(by_name[name])

    for table in tables:
        visit(table.name)
    return ordered


def _unique_columns(schema: SpiderSchema, table: SpiderTable, key: tuple[str, ...]) -> tuple[str, ...]:
    referenced = {fk.ref_column for fk in schema.foreign_keys if fk.ref_table == table.name}
    return tuple(sorted(c for c in referenced if (c,) != key and c not in key))


def _skipped_foreign_keys(schema: SpiderSchema, plans: dict[str, TablePlan]) -> tuple[ForeignKey, ...]:
    """Foreign keys PostgreSQL cannot enforce: the referenced column is part of a wider key."""
    skipped = []
    for fk in schema.foreign_keys:
        target = plans.get(fk.ref_table)
        if target is None or (fk.ref_column in target.primary_key and len(target.primary_key) > 1):
            skipped.append(fk)
    return tuple(skipped)


def _distinct_count(rng: random.Random, bounds: tuple[int, int], taken: set[int]) -> int:
    count = rng.randint(*bounds)
    while count in taken:
        count += 1
    taken.add(count)
    return count


def plan_database(schema: SpiderSchema, types: Mapping[ColumnRef, PgType],
                  usage: Mapping[ColumnRef, ColumnUsage], seed: int = 0) -> DatabasePlan:
    """The plan for ``schema``; ``seed`` varies the row counts (and nothing else)."""
    rng, taken = random.Random(zlib.crc32(schema.db_id.encode()) ^ seed), set[int]()
    kept = {t.name for t in schema.tables if not t.name.startswith("sqlite_")}
    plans: dict[str, TablePlan] = {}
    for table in schema.tables:
        if table.name not in kept:
            continue
        refs = _references(schema, usage, table, kept)
        key = primary_key(table, refs)
        columns = tuple((c.name, types[(table.name, c.name)]) for c in table.columns)
        plans[table.name] = TablePlan(table.name, columns, key, _unique_columns(schema, table, key),
                                      tuple(refs), _distinct_count(rng, _row_range(schema, table, key, refs), taken))
    skipped_fks = _skipped_foreign_keys(schema, plans)
    plans = {name: _without(plan, skipped_fks) for name, plan in plans.items()}
    return DatabasePlan(schema.db_id, tuple(load_order(list(plans.values()))),
                        tuple(sorted(t.name for t in schema.tables if t.name not in kept)), skipped_fks)


def _without(plan: TablePlan, skipped: tuple[ForeignKey, ...]) -> TablePlan:
    """Skipped foreign keys still guide the values, as undeclared references."""
    gone = {(fk.column, fk.ref_table, fk.ref_column) for fk in skipped if fk.table == plan.name}
    refs = tuple(Reference(r.column, r.ref_table, r.ref_column,
                           r.declared and (r.column, r.ref_table, r.ref_column) not in gone)
                 for r in plan.references)
    unique = tuple(c for c in plan.unique if c not in plan.primary_key)
    return TablePlan(plan.name, plan.columns, plan.primary_key, unique, refs, plan.rows)
