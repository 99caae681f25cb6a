"""Which table each column reference of a parsed query reads: aliases resolved scope by scope.

Both the Spider builder (which column a gold literal is compared with) and the exact-match
metric (``T1.name`` and ``singer.name`` are the same item) need this, so it is written once.
Names are compared lower-cased, as PostgreSQL folds unquoted identifiers and SQLite ignores
case. A column is looked up in the nearest enclosing SELECT first, then outwards (correlated
subqueries); an unqualified column belongs to the one source table whose schema has it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sqlglot import exp

SchemaColumns = Mapping[str, frozenset[str]]   # table -> its columns, all lower-case


def _table_sources(select: exp.Select) -> Iterator[exp.Expr]:
    from_ = select.args.get("from_")
    if from_ is not None:
        yield from_.this
    for join in select.args.get("joins") or ():
        yield join.this


def source_tables(select: exp.Select) -> dict[str, str | None]:
    """Alias (or bare table name) -> table name; a derived table's alias maps to None."""
    sources: dict[str, str | None] = {}
    for source in _table_sources(select):
        alias = source.alias_or_name.lower()
        sources[alias] = source.name.lower() if isinstance(source, exp.Table) else None
        if isinstance(source, exp.Table):
            sources.setdefault(source.name.lower(), source.name.lower())
    return sources


def enclosing_selects(node: exp.Expr) -> Iterator[exp.Select]:
    """The SELECTs around ``node``, nearest first."""
    current = node.parent
    while current is not None:
        if isinstance(current, exp.Select):
            yield current
        current = current.parent


def _owner(column: exp.Column, sources: dict[str, str | None], schema: SchemaColumns) -> str | None:
    name = column.name.lower()
    tables = [t for t in dict.fromkeys(sources.values()) if t is not None]
    having = [t for t in tables if name in schema.get(t, frozenset())]
    if having:
        return having[0]
    if not schema and len(tables) == 1 and None not in sources.values():
        return tables[0]
    return None


def column_table(column: exp.Column, schema: SchemaColumns) -> str | None:
    """The table ``column`` reads, or None (derived table, select alias, unknown name)."""
    qualifier = column.table.lower()
    for select in enclosing_selects(column):
        sources = source_tables(select)
        if qualifier:
            if qualifier in sources:
                return sources[qualifier]
            continue
        owner = _owner(column, sources, schema)
        if owner is not None:
            return owner
    return None
