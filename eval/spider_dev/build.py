"""Build one Spider database in PostgreSQL and check its gold queries on it (the I/O layer).

Everything before this module is pure: questions -> converted gold trees -> column usage ->
types -> plan -> rows. Here a database ``spider_<db_id>`` is dropped and recreated, its
tables created and loaded with COPY, its foreign keys added (PostgreSQL checks them), and
every converted gold query is run read-only with a statement timeout, so each question gets a
status: ``ok``, ``empty`` (no rows, or one row of NULLs), or ``error`` (with the message).
With several seeds the data whose gold answers are least often empty is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import psycopg
from psycopg import sql

from eval.spider_dev.column_types import choose_types
from eval.spider_dev.column_usage import collect_usage
from eval.spider_dev.dataset import SpiderExample, SpiderSchema
from eval.spider_dev.ddl import foreign_keys, schema_sql
from eval.spider_dev.gold_sql import ConvertedGold, GoldConversionError, convert, render_postgres
from eval.spider_dev.execution_repairs import REPAIRS
from eval.spider_dev.pg_names import quote_ident
from eval.spider_dev.table_data import TableRows, generate_rows
from eval.spider_dev.table_plan import DatabasePlan, plan_database

logger = logging.getLogger(__name__)

GOLD_TIMEOUT_MS = 10_000


@dataclass(frozen=True, slots=True)
class GoldCheck:
    example: SpiderExample
    sql: str | None            # PostgreSQL gold, None when it could not be converted
    status: str                # ok | empty | error | unconverted
    detail: str = ""           # the error, or which repair was applied
    rows: int = 0
    match_sql: str | None = None   # the gold before an execution repair, for exact set match


@dataclass(frozen=True, slots=True)
class BuiltDatabase:
    plan: DatabasePlan
    seed: int
    row_counts: dict[str, int]
    checks: tuple[GoldCheck, ...]

    def count(self, status: str) -> int:
        return sum(c.status == status for c in self.checks)


def _convert_all(examples: Sequence[SpiderExample], schema: SpiderSchema
                 ) -> list[tuple[SpiderExample, ConvertedGold | None, str]]:
    columns = schema.columns_by_table()
    converted: list[tuple[SpiderExample, ConvertedGold | None, str]] = []
    for example in examples:
        try:
            converted.append((example, convert(example.query, columns), ""))
        except GoldConversionError as exc:
            converted.append((example, None, str(exc)))
    return converted


def recreate_database(admin: psycopg.Connection, name: str) -> None:
    ident = sql.Identifier(name)
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(ident))
    admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(ident))


def load_tables(conn: psycopg.Connection, plan: DatabasePlan, rows: dict[str, TableRows]) -> None:
    with conn.transaction():
        for statement in schema_sql(plan):
            conn.execute(statement)  # type: ignore[arg-type]  # generated DDL, names quoted
        for table in plan.tables:
            data = rows[table.name]
            columns = ", ".join(quote_ident(c) for c in data.columns)
            statement = f"COPY {quote_ident(table.name)} ({columns}) FROM STDIN"
            with conn.cursor().copy(statement) as copy:  # type: ignore[arg-type]  # names quoted
                for row in data.rows:
                    copy.write_row(row)
        for statement in foreign_keys(plan):
            conn.execute(statement)  # type: ignore[arg-type]
    conn.execute("ANALYZE")


def is_empty(rows: list[tuple[object, ...]]) -> bool:
    return not rows or (len(rows) == 1 and all(v is None for v in rows[0]))


def _run_gold(conn: psycopg.Connection, query: str) -> list[tuple[object, ...]]:
    with conn.transaction():
        conn.execute("SET TRANSACTION READ ONLY")
        conn.execute(sql.SQL("SET LOCAL statement_timeout = {}").format(sql.Literal(GOLD_TIMEOUT_MS)))
        cur = conn.execute(query)  # type: ignore[arg-type]  # gold SQL, run as text
        return cur.fetchall() if cur.description is not None else []


def _error_text(exc: psycopg.Error) -> str:
    return f"{exc.sqlstate or '-----'}: {str(exc).strip().splitlines()[0]}"


def check_gold(conn: psycopg.Connection, example: SpiderExample, converted: ConvertedGold | None,
               why: str) -> GoldCheck:
    """Run the converted gold; on a refusal that ``execution_repairs`` knows, repair and rerun once."""
    if converted is None:
        return GoldCheck(example, None, "unconverted", why)
    try:
        rows = _run_gold(conn, converted.sql)
    except psycopg.Error as exc:
        if exc.sqlstate not in REPAIRS:
            return GoldCheck(example, converted.sql, "error", _error_text(exc))
        note, repair = REPAIRS[exc.sqlstate]
        query = render_postgres(repair(converted.tree))
        try:
            rows = _run_gold(conn, query)
        except psycopg.Error as again:
            return GoldCheck(example, query, "error", f"{_error_text(again)} (after: {note})")
        return GoldCheck(example, query, "empty" if is_empty(rows) else "ok", note, len(rows), converted.sql)
    return GoldCheck(example, converted.sql, "empty" if is_empty(rows) else "ok", "", len(rows))


def build_once(admin: psycopg.Connection, dsn_for: "DsnFor", schema: SpiderSchema,
               examples: Sequence[SpiderExample], seed: int) -> BuiltDatabase:
    converted = _convert_all(examples, schema)
    usage = collect_usage((c.tree for _, c, _ in converted if c is not None), schema.columns_by_table())
    plan = plan_database(schema, choose_types(schema, usage.columns), usage.columns, seed)
    rows = generate_rows(plan, usage, seed)
    recreate_database(admin, plan.database)
    with psycopg.connect(dsn_for(plan.database), autocommit=True) as conn:
        load_tables(conn, plan, rows)
        checks = tuple(check_gold(conn, e, c, why) for e, c, why in converted)
    counts = {name: len(r.rows) for name, r in rows.items()}
    return BuiltDatabase(plan, seed, counts, checks)


class DsnFor:
    """The DSN of the same server and user, for another database."""

    def __init__(self, dsn: str) -> None:
        self.dsn = dsn

    def __call__(self, dbname: str) -> str:
        return psycopg.conninfo.make_conninfo(self.dsn, dbname=dbname)


def _badness(built: BuiltDatabase) -> tuple[int, int]:
    return (built.count("error") + built.count("empty"), built.count("error"))


def build_database(admin: psycopg.Connection, dsn_for: DsnFor, schema: SpiderSchema,
                   examples: Sequence[SpiderExample], seeds: Sequence[int]) -> BuiltDatabase:
    """Build with each seed in turn and keep (rebuild, if needed) the best one."""
    best: BuiltDatabase | None = None
    for seed in seeds:
        built = build_once(admin, dsn_for, schema, examples, seed)
        logger.info("%s seed %d: %d empty, %d errors", schema.db_id, seed, built.count("empty"), built.count("error"))
        if best is None or _badness(built) < _badness(best):
            best = built
        if built.count("empty") + built.count("error") == 0:
            break
    assert best is not None
    if best.seed != built.seed:
        best = build_once(admin, dsn_for, schema, examples, best.seed)
    return best
