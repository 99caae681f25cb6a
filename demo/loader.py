"""Load the demo schema and generated data into a PostgreSQL database, fast.

Rows are rendered to CSV in memory and streamed with ``COPY`` (one round trip per table),
inside one transaction, then ``ANALYZE``d. The load date and generator version are recorded
in ``askproxy_meta.demo_load``, a schema no demo role is granted, so the embedded server can
tell when the relative dates have gone stale without that table showing up in ASK's schema.
"""

from __future__ import annotations

import csv
import io
import logging
import time
from dataclasses import dataclass
from datetime import date
from importlib import resources

import psycopg
from psycopg import sql

from demo import datagen

logger = logging.getLogger(__name__)

DEMO_TIMEZONE = "Asia/Shanghai"
TABLES = ("regions", "stores", "categories", "products", "customers", "orders", "order_lines")
META_DDL = """
CREATE SCHEMA IF NOT EXISTS askproxy_meta;
CREATE TABLE IF NOT EXISTS askproxy_meta.demo_load (
    loaded_on date NOT NULL, seed integer NOT NULL, generator_version integer NOT NULL);
"""


@dataclass(frozen=True, slots=True)
class LoadInfo:
    loaded_on: date
    seed: int
    generator_version: int


@dataclass(frozen=True, slots=True)
class LoadReport:
    info: LoadInfo
    row_counts: dict[str, int]
    generate_s: float
    load_s: float


def schema_sql() -> str:
    return resources.files("demo").joinpath("schema.sql").read_text(encoding="utf-8")


def database_today(conn: psycopg.Connection) -> date:
    """Today's date in the demo's time zone, as the database sees it (``current_date``)."""
    row = conn.execute("SELECT (now() AT TIME ZONE %s)::date", (DEMO_TIMEZONE,)).fetchone()
    assert row is not None
    return row[0]


def _csv(rows: tuple[datagen.Row, ...]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def _copy(cur: psycopg.Cursor, table: str, rows: tuple[datagen.Row, ...]) -> None:
    statement = sql.SQL("COPY {} FROM STDIN (FORMAT csv)").format(sql.Identifier(table))
    with cur.copy(statement) as copy:
        copy.write(_csv(rows))


def _recreate_schema(cur: psycopg.Cursor) -> None:
    for table in reversed(TABLES):
        cur.execute(sql.SQL("DROP TABLE IF EXISTS {} CASCADE").format(sql.Identifier(table)))
    cur.execute(schema_sql())
    cur.execute(META_DDL)
    cur.execute("TRUNCATE askproxy_meta.demo_load")


def _set_database_timezone(cur: psycopg.Cursor) -> None:
    dbname = cur.execute("SELECT current_database()").fetchone()[0]  # type: ignore[index]
    cur.execute(sql.SQL("ALTER DATABASE {} SET timezone TO {}").format(
        sql.Identifier(dbname), sql.Literal(DEMO_TIMEZONE)))
    cur.execute(sql.SQL("SET timezone TO {}").format(sql.Literal(DEMO_TIMEZONE)))


def load_demo_data(conn: psycopg.Connection, today: date | None = None,
                   seed: int = datagen.DEFAULT_SEED) -> LoadReport:
    """(Re)create the demo tables in ``conn``'s database and fill them for ``today``.

    ``today`` defaults to the database's own current date in the demo time zone, so that
    "yesterday" in SQL is the last day with data. Needs ownership of the database (it sets
    the database's time zone to Asia/Shanghai).
    """
    started = time.perf_counter()
    today = today or database_today(conn)
    data = datagen.generate(today, seed)
    generated = time.perf_counter()
    with conn.transaction(), conn.cursor() as cur:
        _set_database_timezone(cur)
        _recreate_schema(cur)
        for table, rows in data.tables().items():
            _copy(cur, table, rows)
        cur.execute("INSERT INTO askproxy_meta.demo_load VALUES (%s, %s, %s)",
                    (today, seed, datagen.GENERATOR_VERSION))
    conn.execute("ANALYZE")
    done = time.perf_counter()
    info = LoadInfo(today, seed, datagen.GENERATOR_VERSION)
    counts = {t: len(rows) for t, rows in data.tables().items()}
    logger.info("demo data for %s loaded: %d order lines (generate %.1fs, load %.1fs)",
                today, counts["order_lines"], generated - started, done - generated)
    return LoadReport(info, counts, generated - started, done - generated)


def stored_load_info(conn: psycopg.Connection) -> LoadInfo | None:
    """What :func:`load_demo_data` recorded, or None when the database was never loaded."""
    exists = conn.execute("SELECT to_regclass('askproxy_meta.demo_load')").fetchone()
    if exists is None or exists[0] is None:
        return None
    row = conn.execute("SELECT loaded_on, seed, generator_version FROM askproxy_meta.demo_load").fetchone()
    return LoadInfo(*row) if row else None
