"""A test's own small schema as a database on the session's PostgreSQL (``tests.pg_cluster``),
introspected as the planner introspects it; and its rows, sorted, to compare a reading's answer
with a hand-written query's."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import psycopg

from ask.context.introspection import introspect
from ask.schema import SchemaContext
from tests.pg_cluster import PgCluster
from tests.test_introspection import connect_upstream


def introspected(pg: PgCluster, db: str, schema_sql: str) -> Iterator[SchemaContext]:
    """For a module fixture (``yield from``): ``db`` created from ``schema_sql``, its context,
    then the database dropped."""
    pg.psql(f"DROP DATABASE IF EXISTS {db}")
    pg.psql(f"CREATE DATABASE {db}")
    pg.psql(schema_sql, dbname=db)

    async def read() -> SchemaContext:
        async with connect_upstream(pg, db) as up:
            return await introspect(up)
    yield asyncio.run(read())
    pg.psql(f"DROP DATABASE IF EXISTS {db}")


def sorted_rows(pg: PgCluster, db: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(pg.dsn(dbname=db), autocommit=True) as conn:
        return sorted(conn.execute(sql).fetchall(), key=repr)
