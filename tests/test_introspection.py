"""Schema introspection against a real PostgreSQL: privileges, RLS, values, speed, caching.

Also home of :class:`PsycopgUpstream`, the small Upstream adapter the ASK pipeline tests use
(psycopg's client-side cursor speaks the simple protocol; every value loads as text).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import psycopg
import pytest
from psycopg.adapt import AdaptersMap, Loader

from ask.schema import SchemaContext
from ask.context.catalog import json_array
from ask.context.introspection import SchemaCache, introspect, quote_ident
from ask.upstream import QueryResult, UpstreamQueryError
from tests.pg_cluster import PgCluster

_DIAG_FIELDS = {"S": "severity", "C": "sqlstate", "M": "message_primary", "D": "message_detail",
                "H": "message_hint", "P": "statement_position"}


class _TextLoader(Loader):
    def load(self, data: bytes | bytearray | memoryview) -> str:
        return bytes(data).decode()


class PsycopgUpstream:
    """Upstream over psycopg's AsyncConnection: simple protocol, text results, server errors
    raised as :class:`UpstreamQueryError` with the server's fields."""

    def __init__(self, conn: psycopg.AsyncConnection) -> None:
        self.conn = conn
        self.queries: list[str] = []

    async def fetch(self, sql: str) -> QueryResult:
        self.queries.append(sql)
        cur = self.conn.cursor()
        try:
            await cur.execute(sql)
        except psycopg.Error as exc:
            fields = {code: str(getattr(exc.diag, attr)) for code, attr in _DIAG_FIELDS.items()
                      if getattr(exc.diag, attr, None) is not None}
            raise UpstreamQueryError(fields) from exc
        columns = tuple(d.name for d in cur.description or ())
        rows = tuple(tuple(r) for r in await cur.fetchall()) if cur.description else ()
        return QueryResult(columns, rows, cur.statusmessage or "")

    async def fetch_guarded(self, sql: str, timeout_ms: int) -> QueryResult:
        """The value probe's guard, spelt out statement by statement (the proxy pipelines it)."""
        in_block = self.conn.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
        await self.fetch("SAVEPOINT guard" if in_block else "BEGIN READ ONLY")
        try:
            await self.fetch(f"SET LOCAL statement_timeout = {int(timeout_ms)}")
            return await self.fetch(sql)
        finally:
            await self.fetch("ROLLBACK TO SAVEPOINT guard; RELEASE SAVEPOINT guard"
                             if in_block else "ROLLBACK")


@asynccontextmanager
async def connect_upstream(pg: PgCluster, dbname: str,
                           user: str = "postgres") -> AsyncIterator[PsycopgUpstream]:
    context = AdaptersMap()
    context.register_loader(0, _TextLoader)   # 0: the fallback loader for every type
    conn = await psycopg.AsyncConnection.connect(
        pg.dsn(user, dbname), autocommit=True, context=context,
        cursor_factory=psycopg.AsyncClientCursor)
    try:
        yield PsycopgUpstream(conn)
    finally:
        await conn.close()


DB = "ask_ctx"
ANALYST, NOBODY = "ctx_analyst", "ctx_nobody"

SETUP = f'''
CREATE ROLE {ANALYST} LOGIN;
CREATE ROLE {NOBODY} LOGIN;
ALTER ROLE {ANALYST} SET search_path = sales, public;
CREATE SCHEMA sales;
CREATE SCHEMA hidden;
GRANT USAGE ON SCHEMA sales TO {ANALYST};
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE regions (region_id int PRIMARY KEY, name text NOT NULL)
  WITH (autovacuum_enabled = off);
COMMENT ON TABLE regions IS 'Sales regions';
COMMENT ON COLUMN regions.name IS 'Region name';
INSERT INTO regions VALUES (1, 'East'), (2, 'West'), (3, 'North');
CREATE TABLE sales.orders (
  order_id int PRIMARY KEY, region_id int NOT NULL REFERENCES regions,
  status varchar(20) NOT NULL, feeling mood, amount numeric(10,2), placed_at timestamptz);
INSERT INTO sales.orders SELECT g, 1 + g % 3, (ARRAY['completed','cancelled','returned'])[1 + g % 3],
  'ok', g, now() FROM generate_series(1, 3000) g;
ANALYZE sales.orders;
CREATE TABLE secrets (id int PRIMARY KEY, code text, region_id int REFERENCES regions);
INSERT INTO secrets VALUES (1, 'launch-code');
CREATE TABLE hr (id int PRIMARY KEY, name text, salary numeric, dept text);
INSERT INTO hr VALUES (1, 'Ann', 100, 'IT'), (2, 'Bob', 200, 'Ops');
CREATE TABLE audit (id int, ref_secret int REFERENCES secrets, note text);
CREATE TABLE tenant_notes (id int PRIMARY KEY, tenant text NOT NULL, body text);
INSERT INTO tenant_notes VALUES (1, 'acme', 'a'), (2, 'globex', 'g'), (3, 'initech', 'i');
ALTER TABLE tenant_notes ENABLE ROW LEVEL SECURITY;
CREATE POLICY acme_only ON tenant_notes FOR SELECT TO {ANALYST} USING (tenant = 'acme');
ANALYZE tenant_notes;
CREATE TABLE big (id int, label text) WITH (autovacuum_enabled = off);
INSERT INTO big SELECT g, 'label-' || (g % 5) FROM generate_series(1, 200000) g;
CREATE TABLE many (id int, label text) WITH (autovacuum_enabled = off);
INSERT INTO many SELECT g, 'v' || g FROM generate_series(1, 200) g;
CREATE TABLE "Odd ""Name""" ("Mixed Case" text, plain int) WITH (autovacuum_enabled = off);
INSERT INTO "Odd ""Name""" VALUES ('x"y', 1), ('it''s', 2);
CREATE TABLE measurements (id int, at date, kind text) PARTITION BY RANGE (at);
CREATE TABLE measurements_2024 PARTITION OF measurements
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE VIEW sales.region_totals AS
  SELECT r.name, sum(o.amount) AS total FROM sales.orders o JOIN regions r USING (region_id)
  GROUP BY r.name;
CREATE MATERIALIZED VIEW sales.status_counts AS
  SELECT status, count(*) AS n FROM sales.orders GROUP BY status;
CREATE TABLE hidden.t (a int);
CREATE FUNCTION public.noisy() RETURNS int VOLATILE LANGUAGE sql AS 'SELECT 1';
CREATE FUNCTION public.calm(int) RETURNS int IMMUTABLE LANGUAGE sql AS 'SELECT $1';
CREATE FUNCTION public.locked() RETURNS int STABLE LANGUAGE sql AS 'SELECT 1';
REVOKE EXECUTE ON FUNCTION public.locked() FROM PUBLIC;
CREATE FUNCTION public.jitter(int, int) RETURNS int VOLATILE LANGUAGE sql AS 'SELECT $1 + $2';
CREATE OPERATOR public.=%= (LEFTARG = int, RIGHTARG = int, FUNCTION = public.jitter);
GRANT SELECT ON regions, sales.orders, tenant_notes, big, many, "Odd ""Name""", measurements,
  sales.region_totals, sales.status_counts, audit TO {ANALYST};
GRANT SELECT (id, name, dept) ON hr TO {ANALYST};
'''


@pytest.fixture(scope="module")
def ctx_db(pg: PgCluster) -> str:
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(SETUP, dbname=DB)
    return DB


async def _context(pg: PgCluster, user: str) -> SchemaContext:
    async with connect_upstream(pg, DB, user) as upstream:
        return await introspect(upstream)


async def test_analyst_sees_only_granted_tables(pg: PgCluster, ctx_db: str) -> None:
    ctx = await _context(pg, ANALYST)
    assert (ctx.database, ctx.role, ctx.search_path) == (DB, ANALYST, ("sales", "public"))
    names = {(t.schema, t.name) for t in ctx.tables}
    assert names == {
        ("public", "regions"), ("sales", "orders"), ("public", "tenant_notes"),
        ("public", "big"), ("public", "many"), ("public", 'Odd "Name"'),
        ("public", "measurements"), ("sales", "region_totals"), ("sales", "status_counts"),
        ("public", "hr"), ("public", "audit")}
    assert ctx.table("secrets") is None and ctx.table("t", "hidden") is None
    assert ctx.table("measurements_2024") is None   # partitions are noise for the model


async def test_kinds_types_comments_keys(pg: PgCluster, ctx_db: str) -> None:
    ctx = await _context(pg, ANALYST)
    regions, orders = ctx.table("regions"), ctx.table("orders")
    assert regions is not None and orders is not None
    assert regions.comment == "Sales regions" and regions.primary_key == ("region_id",)
    name = regions.column("name")
    assert name is not None and name.comment == "Region name" and not name.nullable
    assert [(c.name, c.type) for c in orders.columns] == [
        ("order_id", "integer"), ("region_id", "integer"), ("status", "character varying(20)"),
        ("feeling", "mood"), ("amount", "numeric(10,2)"),
        ("placed_at", "timestamp with time zone")]
    assert [(fk.columns, fk.ref_schema, fk.ref_table, fk.ref_columns)
            for fk in orders.foreign_keys] == [(("region_id",), "public", "regions",
                                                 ("region_id",))]
    kinds = {t.name: t.kind for t in ctx.tables}
    assert (kinds["orders"], kinds["region_totals"], kinds["status_counts"],
            kinds["measurements"]) == ("table", "view", "matview", "partitioned")


async def test_foreign_key_to_invisible_table_is_dropped(pg: PgCluster, ctx_db: str) -> None:
    audit = (await _context(pg, ANALYST)).table("audit")
    assert audit is not None and audit.foreign_keys == ()
    full = (await _context(pg, "postgres")).table("audit", "public")
    assert full is not None and full.foreign_keys[0].ref_table == "secrets"


async def test_column_grants(pg: PgCluster, ctx_db: str) -> None:
    hr = (await _context(pg, ANALYST)).table("hr")
    assert hr is not None
    assert [c.name for c in hr.columns] == ["id", "name", "dept"]
    assert hr.primary_key == ("id",)
    dept = hr.column("dept")
    assert dept is not None and dept.values == ("IT", "Ops")


async def test_role_without_privileges_sees_nothing(pg: PgCluster, ctx_db: str) -> None:
    ctx = await _context(pg, NOBODY)
    assert ctx.tables == ()
    assert "secrets" not in ctx.fingerprint


async def test_value_linking(pg: PgCluster, ctx_db: str) -> None:
    ctx = await _context(pg, ANALYST)

    def values(table: str, column: str) -> tuple[str, ...]:
        t = ctx.table(table)
        col = t.column(column) if t else None
        assert col is not None
        return col.values

    assert values("orders", "status") == ("cancelled", "completed", "returned")   # pg_stats
    assert values("orders", "feeling") == ("sad", "ok", "happy")                   # enum
    assert values("regions", "name") == ("East", "North", "West")   # small, never analysed
    assert values("Odd \"Name\"", "Mixed Case") == ("it's", 'x"y')  # quoting
    assert values("big", "label") == ()     # large and never analysed: no probe
    assert values("many", "label") == ()    # more than max_values distinct values
    assert values("orders", "amount") == ()   # not a text column


async def test_rls_hides_values_from_linking(pg: PgCluster, ctx_db: str) -> None:
    analyst = (await _context(pg, ANALYST)).table("tenant_notes")
    owner = (await _context(pg, "postgres")).table("tenant_notes", "public")
    assert analyst is not None and owner is not None
    assert analyst.column("tenant").values == ("acme",)   # type: ignore[union-attr]
    assert owner.column("tenant").values == ("acme", "globex", "initech")  # type: ignore[union-attr]


async def test_function_and_operator_volatility(pg: PgCluster, ctx_db: str) -> None:
    ctx = await _context(pg, ANALYST)
    f = ctx.functions
    assert f["pg_sleep"] == {"v"} and f["pg_catalog.pg_sleep"] == {"v"}
    assert f["now"] == {"s"} and f["lower"] == {"i"} and f["count"] == {"i"}
    assert f["noisy"] == {"v"} and f["public.calm"] == {"i"}
    assert "locked" not in f and "public.locked" not in f   # no EXECUTE privilege
    assert ctx.operators["=%="] == {"v"} and ctx.operators["public.=%="] == {"v"}
    assert "v" not in ctx.operators["+"] and "v" not in ctx.operators["~~"]


async def test_introspection_round_trips(pg: PgCluster, ctx_db: str) -> None:
    async with connect_upstream(pg, DB, ANALYST) as upstream:
        await introspect(upstream)
    assert len(upstream.queries) == 2   # catalog query + one probe query for all columns


def test_quote_ident() -> None:
    assert quote_ident('a"b') == '"a""b"' and quote_ident("Orders") == '"Orders"'


async def test_schema_cache_hits_expiry_eviction(pg: PgCluster, ctx_db: str) -> None:
    now = [0.0]
    clock: Callable[[], float] = lambda: now[0]
    cache = SchemaCache(max_entries=1, ttl_s=60, clock=clock)
    async with connect_upstream(pg, DB, ANALYST) as a, connect_upstream(pg, DB, NOBODY) as b:
        first = await cache.get(a)
        assert await cache.get(a) == first and (cache.hits, cache.misses) == (1, 1)
        a.queries.clear()
        await cache.get(a)
        # a hit costs the key query, and one re-reading the values of the table under RLS
        assert len(a.queries) == 2 and '"tenant_notes"' in a.queries[1]
        assert set(re.findall(r'FROM "\w+"\."(\w+)"', a.queries[1])) == {"tenant_notes"}
        now[0] = 61
        await cache.get(a)
        assert cache.misses == 2                    # expired
        assert (await cache.get(b)).role == NOBODY  # evicts the analyst's entry
        assert len(cache) == 1
        again = await cache.get(a)
        assert cache.misses == 4 and again.role == ANALYST
        cache.invalidate_all()
        assert len(cache) == 0
        assert await cache.get(a) is not again


async def test_schema_cache_follows_search_path(pg: PgCluster, ctx_db: str) -> None:
    cache = SchemaCache()
    async with connect_upstream(pg, DB, ANALYST) as up:
        ctx = await cache.get(up)
        await up.fetch("SET search_path = public")
        other = await cache.get(up)
    assert ctx.search_path == ("sales", "public") and other.search_path == ("public",)
    assert other.table("orders") is None and ctx.table("orders") is not None


PERF_DB = "ask_ctx_perf"


def _perf_schema(n_tables: int) -> str:
    parts = ["CREATE TABLE dim_0 (id int PRIMARY KEY, name text, kind text);"]
    for i in range(1, n_tables):
        parts.append(
            f"CREATE TABLE t_{i} (id int PRIMARY KEY, dim_id int REFERENCES dim_0, "
            f"status text, label varchar(40), amount numeric(12,2), qty int, "
            f"created_at timestamptz, note text);"
            f"COMMENT ON TABLE t_{i} IS 'generated table {i}';"
            f"INSERT INTO t_{i} SELECT g, NULL, 's' || (g % 4), 'l' || g, g, g, now(), NULL "
            f"FROM generate_series(1, 20) g;")
    parts.append("ANALYZE;")
    return "\n".join(parts)


@pytest.mark.slow
async def test_introspection_speed_on_hundreds_of_tables(pg: PgCluster) -> None:
    pg.psql(f"CREATE DATABASE {PERF_DB}")
    pg.psql(_perf_schema(400), dbname=PERF_DB)
    async with connect_upstream(pg, PERF_DB) as upstream:
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            ctx = await SchemaCache().get(upstream)
            timings.append((time.perf_counter() - started) * 1000)
    assert len(ctx.tables) == 400 and sum(len(t.columns) for t in ctx.tables) == 399 * 8 + 3
    t1 = ctx.table("t_1")
    assert t1 is not None and t1.column("status").values == ("s0", "s1", "s2", "s3")  # type: ignore[union-attr]
    print(f"introspection of 400 tables: {min(timings):.0f} ms (best of 3: {timings})")
    assert min(timings) < 2000


def test_json_array_decodes_json_agg_output_element_by_element(pg: PgCluster) -> None:
    """The catalog's array, decoded one element at a time, is what json.loads reads from the
    text PostgreSQL's json_agg writes (its ", " and newlines between elements, strings holding
    brackets, commas and quotes, nested arrays, nulls, an empty result)."""
    with psycopg.connect(pg.dsn(), autocommit=True) as conn:
        texts = [conn.execute(sql).fetchone()[0] for sql in (  # type: ignore[index]
            "SELECT json_agg(json_build_object('name', n, 'vals', ARRAY[n, '],[', '\"'], 'x', NULL))::text"
            " FROM (VALUES ('a'), ('b, ]'), ('c\n')) v(n)",
            "SELECT json_agg(x)::text FROM generate_series(1, 3) x",
            "SELECT coalesce(json_agg(x)::text, '[]') FROM generate_series(1, 0) x")]
    for text in texts:
        assert json_array(text) == json.loads(text)
    assert json_array(texts[0])[1]["vals"] == ["b, ]", "],[", '"']
    assert json_array("[ ]") == [] and json_array(texts[2]) == []
