"""``askproxy init --dsn DSN``: create the taught-examples table in a user's database.

Creates schema ``askproxy`` and table ``askproxy.examples`` (:mod:`ask.context.examples`) when they are
missing, and grants nothing: who may read examples (and so benefit from them) and who may teach
is the database owner's decision, made with GRANT and row-level security like any other. Safe to
run again; it prints what it did.
"""

from __future__ import annotations

import argparse
import sys

import psycopg

from ask.context.examples import CREATE_SCHEMA, CREATE_TABLE, QUALIFIED, SCHEMA

_EXISTS = ("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = %s), "
           "EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
           "WHERE n.nspname = %s AND c.relname = 'examples')")


def init_examples(dsn: str) -> list[str]:
    """Create what is missing; one line per object saying what was done."""
    done = []
    with psycopg.connect(dsn, autocommit=True) as conn:
        with conn.transaction():
            row = conn.execute(_EXISTS, (SCHEMA, SCHEMA)).fetchone()
            assert row is not None
            schema_exists, table_exists = row
            conn.execute(CREATE_SCHEMA)
            conn.execute(CREATE_TABLE)
        database = conn.info.dbname
    done.append(f"schema {SCHEMA}: " + ("exists" if schema_exists else "created"))
    done.append(f"table {QUALIFIED}: " + ("exists" if table_exists else "created"))
    done.append(f"granted nothing in database {database}: GRANT USAGE ON SCHEMA {SCHEMA} and "
                f"SELECT ON {QUALIFIED} to roles whose ASK should use examples, INSERT to "
                "roles that may TEACH")
    return done


def cmd_init(args: argparse.Namespace) -> int:
    try:
        lines = init_examples(args.dsn)
    except psycopg.Error as exc:
        print(f"askproxy: init failed: {str(exc).strip()}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


def add_init_command(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create the askproxy.examples table (TEACH ASK) in a database",
                       description="Create schema askproxy and table askproxy.examples, where "
                                   "TEACH ASK stores question/SQL examples, in the database of "
                                   "--dsn; grants nothing. Idempotent.")
    p.add_argument("--dsn", required=True,
                   help="the database, as a role allowed to create a schema there "
                        "(libpq connection string or URI)")
    p.set_defaults(func=cmd_init)
