"""The proxy's catalog reads run with JIT off, and the client's session never sees it.

On a catalog of thousands of tables the planner's estimate of the catalog query crosses
``jit_above_cost``, and a server with LLVM spent 110-150 ms compiling it. The session's
``SessionUpstream.fetch_catalog`` makes ``jit = off`` LOCAL to the read: outside a block the
implicit transaction of its pipeline ends at Sync; inside the client's block a savepoint that
is always rolled back restores the client's own setting exactly, a SET LOCAL included.

Each ASK here first runs the test's own statements through ``fetch_catalog`` on the session
(the planner is wrapped), then plans as usual, which reads the catalog the same way.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from ask.context.introspection import CatalogUpstream, SchemaCache, read_catalog
from ask.context.catalog import catalog_sql
from ask.upstream import QueryResult, UpstreamQueryError
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread
from tests.test_introspection import PsycopgUpstream, connect_upstream

DB = "catalog_settings"
SETTINGS = "SELECT current_setting('jit'), current_setting('statement_timeout')"
# With jit_above_cost 0 (set by the client), EXPLAIN ANALYZE shows a JIT section exactly
# when the statement was compiled.
COMPILED = ("EXPLAIN (ANALYZE, FORMAT JSON) SELECT sum(x) FROM generate_series(1, 10) x "
            "WHERE x % 3 = 1")


class Reads:
    """What the wrapped planner runs through ``fetch_catalog`` before each plan."""

    def __init__(self) -> None:
        self.statements: list[str] = [SETTINGS]
        self.results: list[QueryResult | UpstreamQueryError] = []
        self.kinds: list[bool] = []      # whether the planner's upstream had fetch_catalog

    async def run(self, upstream: Any) -> None:
        self.kinds.append(isinstance(upstream, CatalogUpstream))
        for sql in self.statements:
            try:
                self.results.append(await upstream.fetch_catalog(sql))
            except UpstreamQueryError as exc:
                self.results.append(exc)

    def last(self) -> QueryResult:
        result = self.results[-1]
        assert isinstance(result, QueryResult), result
        return result


@pytest.fixture(scope="module")
def env(pg: PgCluster) -> Iterator[tuple[ProxyThread, Reads]]:
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql("CREATE TABLE items (id int PRIMARY KEY, name text)", dbname=DB)
    reads = Reads()
    proxy = ProxyThread(pg, FixedTranslator({"how many items": ["SELECT count(*) FROM items"]}),
                        ask={"probe_values": False}).start()
    assert proxy.server is not None
    planner = proxy.server.services.ask
    plan = planner.plan

    async def wrapped(question: str, upstream: Any) -> Any:
        await reads.run(upstream)
        return await plan(question, upstream)

    planner.plan = wrapped
    yield proxy, reads
    proxy.stop()


def ask(conn: psycopg.Connection, prepare: bool = False) -> None:
    assert conn.execute("ASK 'how many items'", prepare=prepare).fetchone() == (0,)


def show(conn: psycopg.Connection) -> tuple[Any, ...]:
    row = conn.execute(SETTINGS).fetchone()
    assert row is not None
    return tuple(row)


def test_outside_a_block_the_read_has_jit_off_and_the_session_keeps_its_own(
        env: tuple[ProxyThread, Reads]) -> None:
    proxy, reads = env
    with psycopg.connect(proxy.dsn(dbname=DB), autocommit=True) as conn:
        conn.execute("SET jit = on")
        conn.execute("SET statement_timeout = '9s'")
        reads.statements = [SETTINGS]
        ask(conn)
        assert reads.kinds[-1] is True
        assert reads.last().rows == (("off", "9s"),)      # the client's timeout still holds
        assert show(conn) == ("on", "9s")
        assert conn.info.transaction_status.name == "IDLE"
        ask(conn, prepare=True)                            # extended protocol, its own Sync
        assert reads.last().rows == (("off", "9s"),)
        assert show(conn) == ("on", "9s")


def test_inside_a_block_the_clients_local_setting_is_restored(
        env: tuple[ProxyThread, Reads]) -> None:
    proxy, reads = env
    with psycopg.connect(proxy.dsn(dbname=DB)) as conn:     # psycopg opens a block
        conn.execute("SET jit = off")
        conn.execute("SET LOCAL jit = on")
        conn.execute("CREATE TEMP TABLE scratch (x int)")
        conn.execute("INSERT INTO scratch VALUES (1)")
        conn.execute("SAVEPOINT mine")
        reads.statements = [SETTINGS]
        ask(conn)
        assert reads.last().rows[0][0] == "off"
        assert show(conn)[0] == "on"                       # the client's SET LOCAL
        conn.execute("INSERT INTO scratch VALUES (2)")      # still read-write
        conn.execute("RELEASE SAVEPOINT mine")              # the client's savepoint survives
        assert conn.execute("SELECT count(*) FROM scratch").fetchone() == (2,)
        assert conn.info.transaction_status.name == "INTRANS"
        conn.commit()
        assert show(conn)[0] == "off"                      # the session's own value


def test_a_failing_read_inside_a_block_leaves_it_usable(env: tuple[ProxyThread, Reads]) -> None:
    proxy, reads = env
    with psycopg.connect(proxy.dsn(dbname=DB)) as conn:
        conn.execute("SET LOCAL jit = on")
        reads.statements = ["SELECT 1 / 0", SETTINGS]
        ask(conn)
        failed = reads.results[-2]
        assert isinstance(failed, UpstreamQueryError) and failed.sqlstate == "22012"
        assert reads.last().rows[0][0] == "off"
        assert show(conn)[0] == "on"
        assert conn.info.transaction_status.name == "INTRANS"
        conn.rollback()


def test_the_read_is_not_compiled(pg: PgCluster, env: tuple[ProxyThread, Reads]) -> None:
    with psycopg.connect(pg.dsn()) as direct:
        if not direct.execute("SELECT pg_jit_available()").fetchone()[0]:  # type: ignore[index]
            pytest.skip("this PostgreSQL has no JIT provider")
    proxy, reads = env
    with psycopg.connect(proxy.dsn(dbname=DB), autocommit=True) as conn:
        conn.execute("SET jit = on")
        conn.execute("SET jit_above_cost = 0")
        plan = conn.execute(COMPILED).fetchone()[0][0]  # type: ignore[index]
        assert "JIT" in plan                               # compiled in the client's session
        reads.statements = [COMPILED]
        ask(conn)
        assert "JIT" not in json.loads(reads.last().rows[0][0])[0]


def test_inside_a_batch_the_read_runs_as_the_clients_statements_do(
        env: tuple[ProxyThread, Reads]) -> None:
    """In an open extended-protocol batch the server is inside the client's transaction:
    nothing may be set there, so the read keeps the client's settings."""
    proxy, reads = env
    with psycopg.connect(proxy.dsn(dbname=DB), autocommit=True) as conn:
        conn.execute("SET jit = on")
        reads.statements = [SETTINGS]
        with conn.pipeline():
            conn.execute("SELECT 1", prepare=True)
            cur = conn.execute("ASK 'how many items'", prepare=True)
            conn.execute("SELECT 2", prepare=True)
        assert cur.fetchone() == (0,)
        assert reads.last().rows[0][0] == "on"
        assert show(conn)[0] == "on"


def test_introspection_reads_the_catalog_through_fetch_catalog(pg: PgCluster) -> None:
    """Only the catalog query goes through ``fetch_catalog``; an upstream without it gets
    the same statement through ``fetch``."""

    class Recording(PsycopgUpstream):
        def __init__(self, conn: Any) -> None:
            super().__init__(conn)
            self.catalog: list[str] = []     # what came through fetch_catalog

        async def fetch_catalog(self, sql: str) -> QueryResult:
            self.catalog.append(sql)
            return await self.fetch(sql)

    async def run() -> None:
        async with connect_upstream(pg, DB) as plain:
            upstream = Recording(plain.conn)
            await SchemaCache().get(upstream)
            sql = catalog_sql(50, 1 << 20)
            assert upstream.catalog == [sql]
            assert upstream.queries.count(sql) == 1 and len(upstream.queries) > 1
            await read_catalog(plain, "SELECT 1")
            assert plain.queries[-1] == "SELECT 1"

    asyncio.run(run())
