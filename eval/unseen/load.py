"""Create and fill the six ``unseen_<key>`` databases: ``python -m eval.unseen.load --dsn URL``.

``--dsn`` names any database of the target server (``postgres``) as a role that may create
databases. Each database is dropped, created with its own ``timezone`` setting, given its DDL
and its rows (``COPY``, one transaction), and labelled with a database comment that records the
set version and the day the data was generated for: a comment rather than a table, so that
nothing but the schema itself is visible to ASK. ``--today`` generates data for another day
(``check --days`` does so to look ahead); by default the day is the database's own
``current_date`` in the schema's time zone.
"""

from __future__ import annotations

import argparse
import logging
import time
from datetime import date

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

from eval.unseen import SET_VERSION
from eval.unseen.registry import KEYS, SCHEMAS, SchemaSpec

logger = logging.getLogger(__name__)

LABEL_PREFIX = "askproxy eval set"


def database_dsn(dsn: str, database: str) -> str:
    return make_conninfo(dsn, dbname=database)


def label(day: date) -> str:
    return f"{LABEL_PREFIX} {SET_VERSION}, data for {day.isoformat()}"


def server_today(admin: psycopg.Connection, spec: SchemaSpec) -> date:
    row = admin.execute("SELECT (now() AT TIME ZONE %s)::date", (spec.timezone,)).fetchone()
    assert row is not None
    return row[0]


def stored_label(admin: psycopg.Connection, spec: SchemaSpec) -> str | None:
    row = admin.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database "
                        "WHERE datname = %s", (spec.database,)).fetchone()
    return None if row is None else row[0]


def _recreate_database(admin: psycopg.Connection, spec: SchemaSpec, day: date) -> None:
    name = sql.Identifier(spec.database)
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
    admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(name))
    admin.execute(sql.SQL("ALTER DATABASE {} SET timezone TO {}").format(name, sql.Literal(spec.timezone)))
    admin.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, sql.Literal(label(day))))


def _fill(conn: psycopg.Connection, spec: SchemaSpec, day: date) -> int:
    tables = spec.generate(day)
    with conn.transaction(), conn.cursor() as cur:
        cur.execute(spec.ddl())
        for table, rows in tables.items():
            with cur.copy(sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))) as copy:
                for row in rows:
                    copy.write_row(row)
        _advance_identities(cur)
    conn.execute("ANALYZE")
    return sum(len(rows) for rows in tables.values())


def _advance_identities(cur: psycopg.Cursor) -> None:
    """Rows were copied with explicit ids: move every id sequence past them, as a real
    database's would be, so that an INSERT without an id would work."""
    owned = cur.execute(
        "SELECT s.seqrelid::regclass::text, quote_ident(a.attname), d.refobjid::regclass::text "
        "FROM pg_sequence s JOIN pg_depend d ON d.objid = s.seqrelid AND d.deptype IN ('a', 'i') "
        "JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid").fetchall()
    for sequence, column, table in owned:
        cur.execute(f"SELECT setval('{sequence}', coalesce((SELECT max({column}) FROM {table}), 0) + 1, false)")


def load_schema(admin_dsn: str, spec: SchemaSpec, day: date | None = None) -> tuple[date, int]:
    """(Re)create ``spec``'s database and fill it for ``day``; returns the day and row count."""
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        day = day or server_today(admin, spec)
        _recreate_database(admin, spec, day)
    with psycopg.connect(database_dsn(admin_dsn, spec.database), autocommit=True) as conn:
        rows = _fill(conn, spec, day)
    return day, rows


def load_all(admin_dsn: str, keys: tuple[str, ...] = KEYS, day: date | None = None) -> dict[str, date]:
    loaded = {}
    for spec in SCHEMAS:
        if spec.key in keys:
            started = time.perf_counter()
            loaded[spec.key], rows = load_schema(admin_dsn, spec, day)
            logger.info("%s: %d rows for %s in %.1fs", spec.database, rows, loaded[spec.key],
                        time.perf_counter() - started)
    return loaded


def schema_keys(text: str) -> tuple[str, ...]:
    keys = tuple(k.strip() for k in text.split(",") if k.strip())
    unknown = set(keys) - set(KEYS)
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown schema(s) {sorted(unknown)}; known: {', '.join(KEYS)}")
    return keys


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m eval.unseen.load", description=__doc__.splitlines()[0])
    ap.add_argument("--dsn", required=True, help="any database of the server, e.g. postgresql://USER@HOST:PORT/postgres")
    ap.add_argument("--schemas", type=schema_keys, default=KEYS, help=f"comma-separated subset of {','.join(KEYS)}")
    ap.add_argument("--today", type=date.fromisoformat, help="generate data for this day (default: the server's today)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for key, day in load_all(args.dsn, args.schemas, args.today).items():
        print(f"unseen_{key}: loaded, data for {day}")


if __name__ == "__main__":
    main()
