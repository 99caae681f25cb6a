"""The schema context: what one role may see of one database, as plain frozen data.

Built by :mod:`ask.schema_context` through the caller's own session, consumed by the
prompt builder (what the model sees), the validator (what generated SQL may reference) and
the translation cache (``fingerprint`` is the schema version).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


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
    # to one session (see ask.schema_context). Not part of the fingerprint either.
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

    @property
    def fingerprint(self) -> str:
        """A stable hash of everything a translation depends on (the schema version)."""
        h = hashlib.sha256()
        for t in sorted(self.tables, key=lambda t: (t.schema, t.name)):
            h.update(f"{t.schema}.{t.name}|{t.primary_key}|{t.foreign_keys}".encode())
            for c in t.columns:
                h.update(f"{c.name}:{c.type}:{c.values}".encode())
        h.update(repr(self.search_path).encode())
        return h.hexdigest()[:16]

    def table(self, name: str, schema: str | None = None) -> Table | None:
        """Resolve a table name as PostgreSQL would: qualified, else along the search_path."""
        if schema is not None:
            for t in self.tables:
                if t.schema == schema and t.name == name:
                    return t
            return None
        for sp in self.search_path:
            for t in self.tables:
                if t.schema == sp and t.name == name:
                    return t
        return None
