"""What the hardening tests check on the database afterwards, read as the superuser directly
(never through the proxy): table contents, objects, roles, locks and leftover sessions.

A hostile input must leave :func:`snapshot` unchanged; a session that went away must leave
nothing behind in ``pg_stat_activity`` (:func:`wait_no_sessions`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import psycopg

from tests.pg_cluster import PgCluster


@dataclass(frozen=True)
class Snapshot:
    tables: tuple[tuple[str, int, str], ...]   # (table, row count, md5 of its rows)
    objects: int                               # relations, functions, types outside catalogs
    roles: tuple[tuple[str, bool], ...]        # (role, superuser)
    advisory_locks: int
    prepared_xacts: int
    sequences: tuple[tuple[str, int | None], ...]


def admin(pg: PgCluster, dbname: str) -> psycopg.Connection:
    return psycopg.connect(pg.dsn("postgres", dbname), autocommit=True)


def snapshot(pg: PgCluster, dbname: str) -> Snapshot:
    with admin(pg, dbname) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")]
        tables = []
        for name in names:
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) "
                f"FROM {name} t").fetchone()  # type: ignore[misc]
            tables.append((name, count, digest))
        objects = conn.execute(
            "SELECT (SELECT count(*) FROM pg_class WHERE relnamespace >= 16384 OR oid >= 16384)"
            " + (SELECT count(*) FROM pg_proc WHERE oid >= 16384)"
            " + (SELECT count(*) FROM pg_type WHERE oid >= 16384)"
            " + (SELECT count(*) FROM pg_largeobject_metadata)").fetchone()[0]  # type: ignore[index]
        roles = tuple(conn.execute("SELECT rolname, rolsuper FROM pg_roles ORDER BY 1"))
        locks = conn.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'").fetchone()[0]  # type: ignore[index]
        prepared = conn.execute("SELECT count(*) FROM pg_prepared_xacts").fetchone()[0]  # type: ignore[index]
        seqs = tuple(conn.execute(
            "SELECT format('%I.%I', schemaname, sequencename), last_value FROM pg_sequences "
            "ORDER BY 1"))
    return Snapshot(tuple(tables), objects, roles, locks, prepared, seqs)


def sessions(pg: PgCluster, *, application_name: str | None = None,
             dbname: str | None = None) -> list[tuple]:
    """Client backends other than the caller's, optionally filtered."""
    with admin(pg, "postgres") as conn:
        return list(conn.execute(
            "SELECT pid, usename, datname, application_name, state, query FROM pg_stat_activity "
            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
            "AND (%(app)s::text IS NULL OR application_name = %(app)s) "
            "AND (%(db)s::text IS NULL OR datname = %(db)s)",
            {"app": application_name, "db": dbname}))


def wait_no_sessions(pg: PgCluster, timeout: float = 10.0, **filters: str) -> list[tuple]:
    """Wait until no backend matches; returns what is left (empty on success)."""
    deadline = time.monotonic() + timeout
    while True:
        left = sessions(pg, **filters)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)
