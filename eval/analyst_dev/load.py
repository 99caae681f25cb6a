"""Create and fill the development databases: ``python -m eval.analyst_dev.load --dsn URL``.

Same pattern as ``eval.unseen.load``: each ``adev_<key>`` database is dropped, created, given
its DDL (``schemas/<key>.sql``) and its seeded rows (``schemas/<key>.py``, dates relative to
the day of loading), in one transaction per database. Another set laid out the same way
(``eval/analyst_dev2``) names itself with an :class:`EvalSet` and reuses these functions.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import make_conninfo



@dataclass(frozen=True)
class EvalSet:
    """A development set laid out like this one: ``<package>/schemas/<key>.sql`` and ``.py``,
    databases ``<prefix>_<key>``."""

    package: str
    prefix: str
    keys: tuple[str, ...]

    def database(self, key: str) -> str:
        return f"{self.prefix}_{key}"

    @property
    def schemas(self) -> Path:
        return Path(__file__).resolve().parent.parent / self.package.rsplit(".", 1)[-1] / "schemas"


THIS_SET = EvalSet("eval.analyst_dev", "adev", ("library", "helpdesk", "hotel", "rentals"))
KEYS = THIS_SET.keys


def database(key: str) -> str:
    return THIS_SET.database(key)


def load(admin_dsn: str, key: str, day: date | None = None, of: EvalSet = THIS_SET) -> int:
    module = import_module(f"{of.package}.schemas.{key}")
    name = sql.Identifier(of.database(key))
    with psycopg.connect(admin_dsn, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(name))
        admin.execute(sql.SQL("ALTER DATABASE {} SET timezone TO {}").format(name, sql.Literal(module.TIMEZONE)))
        row = admin.execute("SELECT (now() AT TIME ZONE %s)::date", (module.TIMEZONE,)).fetchone()
        assert row is not None
        day = day or row[0]
    tables = module.generate(day)
    with psycopg.connect(make_conninfo(admin_dsn, dbname=of.database(key)), autocommit=True) as conn:
        with conn.transaction(), conn.cursor() as cur:
            cur.execute((of.schemas / f"{key}.sql").read_text(encoding="utf-8"))
            for table, rows in tables.items():
                with cur.copy(sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))) as copy:
                    for r in rows:
                        copy.write_row(r)
        conn.execute("ANALYZE")
    return sum(len(rows) for rows in tables.values())


def main(argv: list[str] | None = None, of: EvalSet = THIS_SET) -> None:
    ap = argparse.ArgumentParser(prog=f"python -m {of.package}.load", description=__doc__.splitlines()[0])
    ap.add_argument("--dsn", required=True, help="any database of the server, as a role that may create databases")
    ap.add_argument("--today", type=date.fromisoformat, default=None)
    args = ap.parse_args(argv)
    for key in of.keys:
        print(f"{of.database(key)}: {load(args.dsn, key, args.today, of)} rows")


if __name__ == "__main__":
    main()
