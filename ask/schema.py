"""The schema context: what one role may see of one database, as plain frozen data.

Built by :mod:`ask.context.introspection` through the caller's own session, consumed by the
prompt builder (what the model sees), the validator (what generated SQL may reference) and
the translation cache (``fingerprint`` is the schema version).

A context is immutable, so whatever is derived from it alone (its fingerprint, the index of
its tables by name, prompt pieces, table-selection inputs) is computed once and kept on it
(:meth:`SchemaContext.derived`): the schema cache holds one context per (database, role,
search_path), and every ASK that hits it reuses that work instead of redoing it per table,
which on a schema of thousands of tables was most of an ASK.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str                      # format_type() spelling, e.g. "numeric(10,2)"
    nullable: bool = True
    comment: str | None = None
    # Distinct values of a low-cardinality text column (value linking); empty when unknown.
    values: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ForeignKey:
    columns: tuple[str, ...]
    ref_schema: str
    ref_table: str
    ref_columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    schema: str
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    comment: str | None = None
    kind: str = "table"            # table | view | matview | foreign | partitioned
    # Row estimate (pg_class.reltuples, else from the heap size); None for views and others
    # without storage. Bounds the value probe; deliberately not part of the fingerprint.
    rows: float | None = None
    # Row-level security filters what the role reads here: values read from its rows belong
    # to one session (see ask.context.introspection). Not part of the fingerprint either.
    row_security: bool = False

    def column(self, name: str) -> Column | None:
        for col in self.columns:
            if col.name == name:
                return col
        return None


@dataclass(frozen=True, slots=True)
class SchemaContext:
    database: str
    role: str
    search_path: tuple[str, ...]
    tables: tuple[Table, ...]
    # function name (lower case, unqualified and schema-qualified) -> volatilities seen among
    # its overloads: subset of {"i", "s", "v"} (pg_proc.provolatile)
    functions: dict[str, frozenset[str]] = field(default_factory=dict)
    # operator symbol (unqualified as resolvable along the search_path, and "schema.op") ->
    # volatilities of the functions implementing its overloads (pg_operator.oprcode)
    operators: dict[str, frozenset[str]] = field(default_factory=dict)
    # target type name (as for operators) -> volatilities of the functions of user-defined
    # casts to it (pg_cast.castfunc); types without such casts are absent
    casts: dict[str, frozenset[str]] = field(default_factory=dict)
    # name -> what was derived from this context (see derived); never part of its identity.
    _derived: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def derived(self, name: str, build: Callable[["SchemaContext"], _T]) -> _T:
        """``build(self)``, computed on first use and kept for this context's lifetime.

        ``name`` must say what ``build`` computes (one name, one function). Two threads may
        both build it the first time; the results are equal, and either one is kept."""
        try:
            return self._derived[name]  # type: ignore[no-any-return]
        except KeyError:
            value = build(self)
            return self._derived.setdefault(name, value)  # type: ignore[no-any-return]

    def has_derived(self, name: str) -> bool:
        return name in self._derived

    @property
    def fingerprint(self) -> str:
        """A stable hash of everything a translation depends on (the schema version)."""
        return self.derived("fingerprint", _fingerprint)

    def table(self, name: str, schema: str | None = None) -> Table | None:
        """Resolve a table name as PostgreSQL would: qualified, else along the search_path."""
        if schema is not None:
            return self.derived("tables_by_key", _by_key).get((schema, name))
        return self.derived("tables_on_path", _on_path).get(name)


def _fingerprint(context: SchemaContext) -> str:
    h = hashlib.sha256()
    for t in sorted(context.tables, key=lambda t: (t.schema, t.name)):
        h.update(f"{t.schema}.{t.name}|{t.primary_key}|{t.foreign_keys}".encode())
        for c in t.columns:
            h.update(f"{c.name}:{c.type}:{c.values}".encode())
    h.update(repr(context.search_path).encode())
    return h.hexdigest()[:16]


def _by_key(context: SchemaContext) -> dict[tuple[str, str], Table]:
    found: dict[tuple[str, str], Table] = {}
    for t in context.tables:
        found.setdefault((t.schema, t.name), t)      # the first, as the linear scan found
    return found


def _on_path(context: SchemaContext) -> dict[str, Table]:
    """Bare name -> the table the search_path resolves it to (the earliest schema wins)."""
    by_key = context.derived("tables_by_key", _by_key)
    found: dict[str, Table] = {}
    for sp in context.search_path:
        for (schema, name), t in by_key.items():
            if schema == sp:
                found.setdefault(name, t)
    return found


# The prompt spells each column type short; the value probe uses the same spelling.
_TYPE_PREFIXES: tuple[tuple[str, str], ...] = (
    ("timestamp", "ts"), ("date", "date"), ("time", "time"), ("interval", "interval"),
    ("bigint", "int"), ("integer", "int"), ("smallint", "int"), ("int", "int"), ("serial", "int"),
    ("numeric", "num"), ("decimal", "num"), ("real", "num"), ("double", "num"), ("float", "num"),
    ("money", "num"), ("number", "num"),
    ("bool", "bool"), ("text", "text"), ("character", "text"), ("varchar", "text"),
    ("char", "text"), ("citext", "text"), ("uuid", "uuid"), ("json", "json"),
)


@functools.lru_cache(maxsize=4096)      # a schema spells few types, each many times
def short_type(pg_type: str) -> str:
    t = pg_type.lower().strip()
    if t.endswith("[]"):
        return short_type(t[:-2]) + "[]"
    for prefix, short in _TYPE_PREFIXES:
        if t.startswith(prefix):
            return short
    return t.split("(")[0].split()[0] if t else "text"
