"""Gold schema items of a question: the tables and columns its gold SQL reads (pglast).

Aliases are resolved over the whole statement (a query's aliases rarely repeat across its
subqueries); an unqualified column belongs to the read tables that have it. Output aliases
(``ORDER BY total``) and ``*`` name no column of the schema and are left out.
"""

from __future__ import annotations

import pglast
from pglast import ast
from pglast.visitors import Visitor

from ask.schema import SchemaContext


class _Reads(Visitor):
    def __init__(self) -> None:
        self.tables: dict[str, str] = {}            # alias or name -> relation name
        self.columns: list[tuple[str | None, str]] = []

    def visit_RangeVar(self, ancestors: object, node: ast.RangeVar) -> None:
        if node.relname is None:
            return
        self.tables.setdefault(node.relname, node.relname)
        if node.alias is not None and node.alias.aliasname:
            self.tables[node.alias.aliasname] = node.relname

    def visit_ColumnRef(self, ancestors: object, node: ast.ColumnRef) -> None:
        fields = node.fields or ()
        names = [f.sval for f in fields if isinstance(f, ast.String) and f.sval]
        if len(names) != len(fields) or not names:
            return                                  # alias.* or *
        self.columns.append((names[-2] if len(names) > 1 else None, names[-1]))


def gold_items(sql: str, schema: SchemaContext) -> tuple[set[str], set[tuple[str, str]]]:
    """(tables, (table, column) pairs) of ``schema`` that ``sql`` reads."""
    reads = _Reads()
    reads(pglast.parse_sql(sql))
    by_name = {name: t for name in set(reads.tables.values()) if (t := schema.table(name)) is not None}
    tables = {name for name in reads.tables.values() if name in by_name}
    columns: set[tuple[str, str]] = set()
    for qualifier, column in reads.columns:
        if qualifier is not None:
            owners = [reads.tables.get(qualifier, qualifier)]
        else:
            owners = sorted(tables)
        for owner in owners:
            table = by_name.get(owner)
            if table is not None and owner in tables and any(c.name == column for c in table.columns):
                columns.add((owner, column))
                break
    return tables, columns
