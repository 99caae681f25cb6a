"""The SQL text that creates a planned database's tables and, once loaded, its foreign keys.

Foreign keys are added after the rows are in (``ALTER TABLE … ADD FOREIGN KEY``), so load
order never matters and PostgreSQL itself checks that every generated reference holds.
"""

from __future__ import annotations

from eval.spider_dev.pg_names import quote_ident
from eval.spider_dev.table_plan import DatabasePlan, TablePlan


def _columns(names: tuple[str, ...]) -> str:
    return ", ".join(quote_ident(n) for n in names)


def create_table(table: TablePlan) -> str:
    lines = [f"    {quote_ident(name)} {pg_type.value}" for name, pg_type in table.columns]
    if table.primary_key:
        lines.append(f"    PRIMARY KEY ({_columns(table.primary_key)})")
    lines += [f"    UNIQUE ({quote_ident(c)})" for c in table.unique]
    return f"CREATE TABLE {quote_ident(table.name)} (\n" + ",\n".join(lines) + "\n)"


def foreign_keys(plan: DatabasePlan) -> list[str]:
    return [f"ALTER TABLE {quote_ident(t.name)} ADD FOREIGN KEY ({quote_ident(r.column)}) "
            f"REFERENCES {quote_ident(r.ref_table)} ({quote_ident(r.ref_column)})"
            for t in plan.tables for r in t.references if r.declared]


def schema_sql(plan: DatabasePlan) -> list[str]:
    return [create_table(t) for t in plan.tables]
