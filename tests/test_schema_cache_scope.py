"""The schema cache forgets only what a statement can change, and is bounded in bytes.

Pools reset sessions with ``DISCARD ALL`` or ``SET search_path`` between clients; that changes
which context the session's next ASK reads (the key is read on every ASK), never what any
cached context holds, so it must not empty the cache of every role and database. DDL empties
its own database's contexts; a change to roles, every database's. Real proxy, real PostgreSQL,
two databases and two roles.
"""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from ask.schema import Column, SchemaContext, Table
from ask.context.introspection import CacheKey, SchemaCache, SharedSchema, approximate_bytes
from proxy.ask_detector import DdlScope, ddl_scope
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread

DATABASES = ("scope_a", "scope_b")


@pytest.fixture(scope="module")
def proxy(pg: PgCluster) -> Iterator[ProxyThread]:
    for db in DATABASES:
        pg.psql(f"DROP DATABASE IF EXISTS {db}")
        pg.psql(f"CREATE DATABASE {db}")
        pg.psql("CREATE TABLE items (id int PRIMARY KEY, name text); GRANT SELECT ON items TO md5_user",
                dbname=db)
    p = ProxyThread(pg, FixedTranslator({"how many": ["SELECT count(*) AS n FROM items"]}),
                    ask={"probe_values": False}).start()
    yield p
    p.stop()


def _keys(proxy: ProxyThread) -> set[tuple[str, str]]:
    cache = proxy.server.services.schema_cache    # type: ignore[union-attr]
    return {(k.database, k.role) for k in cache._entries}


def _ask(conn: psycopg.Connection) -> None:
    assert conn.execute("ASK 'how many'").fetchone() == (0,)


def test_session_resets_keep_every_cached_context(proxy: ProxyThread) -> None:
    conns = {(db, user): psycopg.connect(proxy.dsn(user=user, dbname=db), autocommit=True)
             for db in DATABASES for user in ("postgres", "md5_user")}
    try:
        for conn in conns.values():
            _ask(conn)
        everything = {(db, user) for db, user in conns}
        assert _keys(proxy) == everything
        pooled = conns[("scope_b", "md5_user")]
        for reset in ("DISCARD ALL", "SET search_path = public", "RESET ALL", "SET ROLE NONE",
                      "SET SESSION AUTHORIZATION DEFAULT"):
            pooled.execute(reset)
            assert _keys(proxy) == everything, reset
        conns[("scope_b", "postgres")].execute("CREATE TABLE more (id int)")
        assert _keys(proxy) == {("scope_a", "postgres"), ("scope_a", "md5_user")}
        _ask(conns[("scope_b", "md5_user")])
        conns[("scope_a", "postgres")].execute("ALTER ROLE md5_user SET work_mem = '8MB'")
        assert _keys(proxy) == set()                  # roles: every database
    finally:
        conns[("scope_b", "postgres")].execute("DROP TABLE IF EXISTS more")
        conns[("scope_a", "postgres")].execute("ALTER ROLE md5_user RESET work_mem")
        for conn in conns.values():
            conn.close()


@pytest.mark.parametrize(("sql", "scope"), [
    ("select 1", DdlScope.NONE),
    ("SET search_path = x", DdlScope.SESSION),
    ("set local role r", DdlScope.SESSION),
    ("DISCARD ALL", DdlScope.SESSION),
    ("RESET ALL", DdlScope.SESSION),
    ("CREATE TABLE t (a int)", DdlScope.DATABASE),
    ("ALTER TABLE t ADD COLUMN b int", DdlScope.DATABASE),
    ("GRANT SELECT ON t TO r", DdlScope.DATABASE),
    ("ANALYZE t", DdlScope.DATABASE),
    ("ROLLBACK", DdlScope.DATABASE),
    ("select * into t2 from t", DdlScope.DATABASE),
    ("GRANT r1 TO r2", DdlScope.CLUSTER),
    ("REVOKE r1 FROM r2", DdlScope.CLUSTER),
    ("CREATE ROLE r", DdlScope.CLUSTER),
    ("ALTER USER r SET search_path = x", DdlScope.CLUSTER),
    ("DO $$ BEGIN END $$", DdlScope.CLUSTER),
    ("DISCARD ALL; CREATE TABLE t (a int)", DdlScope.DATABASE),
    ("SET search_path = x; DROP ROLE r", DdlScope.CLUSTER),
])
def test_ddl_scope(sql: str, scope: DdlScope) -> None:
    assert ddl_scope(sql) is scope


def _context(database: str, tables: int) -> SchemaContext:
    return SchemaContext(database, "r", ("public",), tuple(
        Table("public", f"t{i}", (Column("id", "integer"), Column("name", "text", values=("a", "b"))))
        for i in range(tables)))


def test_schema_cache_is_bounded_in_bytes() -> None:
    small, big = _context("db", 10), _context("db", 1000)
    assert approximate_bytes(big) > 50 * approximate_bytes(small) > 0
    cache = SchemaCache(max_entries=1000, max_bytes=approximate_bytes(big) + 5 * approximate_bytes(small) // 2)
    for n in range(3):
        cache._store(CacheKey(f"small{n}", "r", ()), SharedSchema(small))
    cache._store(CacheKey("big", "r", ()), SharedSchema(big))
    # The big one pushed out the oldest small one; the byte count follows.
    assert [k.database for k in cache._entries] == ["small1", "small2", "big"]
    assert cache.bytes == approximate_bytes(big) + 2 * approximate_bytes(small)
    cache.invalidate_database("big")
    assert cache.bytes == 2 * approximate_bytes(small) and len(cache) == 2
    tiny = SchemaCache(max_bytes=approximate_bytes(small))
    tiny._store(CacheKey("big", "r", ()), SharedSchema(big))    # larger than the cache: not kept
    assert len(tiny) == 0 and tiny.bytes == 0


def test_ddl_committed_later_is_seen_by_sessions_that_asked_meanwhile(proxy: ProxyThread,
                                                                     pg: PgCluster) -> None:
    """A session asks between another session's DDL and its COMMIT: it reads (and caches) the
    schema from before the DDL; the commit invalidates again, so its next ASK sees the change."""
    pg.psql("DROP TABLE IF EXISTS late_items", dbname="scope_a")
    p = ProxyThread(pg, FixedTranslator({"late": ["SELECT count(*) AS n FROM late_items"]}),
                    ask={"probe_values": False}).start()
    try:
        with psycopg.connect(p.dsn(dbname="scope_a"), autocommit=True) as ddl, \
                psycopg.connect(p.dsn(dbname="scope_a"), autocommit=True) as asker:
            ddl.execute("BEGIN")
            ddl.execute("CREATE TABLE late_items (id int)")
            with pytest.raises(psycopg.errors.UndefinedTable):     # schema read before COMMIT
                asker.execute("ASK 'late'")
            ddl.execute("COMMIT")
            assert asker.execute("ASK 'late'").fetchone() == (0,)
    finally:
        p.stop()
        pg.psql("DROP TABLE IF EXISTS late_items", dbname="scope_a")
