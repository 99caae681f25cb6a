"""Create and fill the development databases: ``python -m eval.analyst_dev.load --dsn URL``.

Same pattern as ``eval.unseen.load``: each ``adev_<key>`` database is dropped, created, given
its DDL (``schemas/<key>.sql``) and its seeded rows (``schemas/<key>.py``, dates relative to
the day of loading), in one transaction per database.
"""

from __future__ import annotations

import argparse
from datetime import date
from importlib import import_module
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo

KEYS = ("library", "helpdesk", "hotel", "rentals")
HERE = Path(__file__).resolve().parent / "schemas"


def database(key: str) -> str:
    return f"adev_{key}"


def load(admin_dsn: str, key: str, day: date | None = None) -> int:
    module = import_module(f"eval.analyst_dev.schemas.{key}")
    name = sql.Identifier(database(key))
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(name))
        admin.execute(sql.SQL("ALTER DATABASE {} SET timezone TO {}").format(name, sql.Literal(module.TIMEZONE)))
        row = admin.execute("SELECT (now() AT TIME ZONE %s)::date", (module.TIMEZONE,)).fetchone()
        assert row is not None
        day = day or row[0]
    tables = module.generate(day)
    with psycopg.connect(make_conninfo(admin_dsn, dbname=database(key)), autocommit=True) as conn:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute((HERE / f"{key}.sql").read_text(encoding="utf-8"))
            for table, rows in tables.items():
                with cur.copy(sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))) as copy:
                    for r in rows:
                        copy.write_row(r)
        conn.execute("ANALYZE")
    return sum(len(rows) for rows in tables.values())


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m eval.analyst_dev.load", description=__doc__.splitlines()[0])
    ap.add_argument("--dsn", required=True, help="any database of the server, as a role that may create databases")
    ap.add_argument("--today", type=date.fromisoformat, default=None)
    args = ap.parse_args(argv)
    for key in KEYS:
        print(f"{database(key)}: {load(args.dsn, key, args.today)} rows")


if __name__ == "__main__":
    main()
