"""Date keys of a star schema: a fact row's ``order_date_key`` / ``ship_date_sk`` that refers to
a date dimension (``dim_date``: a key, a real date, its year, month, ... columns). A key is
the table's declared foreign key whose column is named a date; where none is declared, an
integer column named a date key (``*_date_key``, ``*_date_sk``, ``*_date_id``) of a table that is
no dimension, when the schema has exactly one date dimension (a table keyed by one integer
column named a date key, holding a date)."""

from __future__ import annotations

from ask.schema import SchemaContext, Table, short_type
from ask.translate.sketch.vocabulary import name_words

DateKey = tuple[str, Table, str]        # (the fact's key column, the date dimension, its key column)

# The last word of a key column's name (``order_date_key``, ``ship_date_sk``).
KEY_WORDS = frozenset(("key", "sk", "id", "fk"))
_DATE = frozenset(("date", "day"))


def date_keys(schema: SchemaContext, table: Table) -> list[DateKey]:
    """``table``'s keys to a date dimension, declared ones first, in column order."""
    return schema.derived("sketch.date_keys", _all_date_keys).get(id(table), [])


def inferred_date_keys(schema: SchemaContext, table: Table) -> list[DateKey]:
    """Those of :func:`date_keys` no foreign key declares (they join like declared ones)."""
    return [k for k in date_keys(schema, table) if not any(
        fk.columns == (k[0],) and schema.table(fk.ref_table, fk.ref_schema) is k[1] for fk in table.foreign_keys)]


def _all_date_keys(schema: SchemaContext) -> dict[int, list[DateKey]]:
    dimensions = [t for t in schema.tables if _is_dimension(t)]
    dimension = dimensions[0] if len(dimensions) == 1 else None
    out: dict[int, list[DateKey]] = {}
    for table in schema.tables:
        keys: list[DateKey] = []
        for fk in table.foreign_keys:
            ref = schema.table(fk.ref_table, fk.ref_schema)
            if len(fk.columns) == 1 and ref is not None and ref is not table and _named_date(fk.columns[0]):
                keys.append((fk.columns[0], ref, fk.ref_columns[0]))
        declared = {k[0] for k in keys} | {c for fk in table.foreign_keys for c in fk.columns}
        if dimension is not None and dimension is not table:      # the one dimension is no fact of itself
            dim = dimension
            keys += [(c.name, dim, dim.primary_key[0]) for c in table.columns
                     if c.name not in declared and c.name not in table.primary_key and short_type(c.type) == "int"
                     and _named_date(c.name) and name_words(c.name)[-1] in KEY_WORDS]
        if keys:
            out[id(table)] = keys
    return out


def _named_date(name: str) -> bool:
    return bool(set(name_words(name)) & _DATE)


def _is_dimension(table: Table) -> bool:
    """A date dimension: keyed by one integer column named a date key, with a date column."""
    if len(table.primary_key) != 1:
        return False
    key = table.column(table.primary_key[0])
    words = name_words(table.primary_key[0])
    return (key is not None and short_type(key.type) == "int" and bool(set(words) & _DATE)
            and words[-1] in KEY_WORDS and any(short_type(c.type) == "date" for c in table.columns))


def date_dimensions(schema: SchemaContext) -> frozenset[int]:
    """The tables (ids) some date key refers to: the dates of a star schema's rows."""
    return schema.derived("sketch.date_dimensions", _date_dimensions)


def _date_dimensions(schema: SchemaContext) -> frozenset[int]:
    return frozenset(id(dim) for keys in schema.derived("sketch.date_keys", _all_date_keys).values()
                     for _, dim, _ in keys)
