"""Session state must not leak between sessions through the ASK caches.

Tenants share one role and are told apart by a setting (``SET app.tenant``) that a row-level
security policy reads. What one session may see (tiers in the schema context, names found by
the value probe) must never reach another session's prompt, while schemas without RLS keep
their cache hits: a cached ASK reads no catalog. The role can also change within a session
(``SET ROLE``, ``SET SESSION AUTHORIZATION``), and the context follows ``current_user``.
Statements are counted by wrapping the ``Upstream`` the planner gets.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest

from ask.translate.prompt import build_prompt
from ask.schema import SchemaContext
from ask.context.introspection import KEY_SQL, SchemaCache
from ask.translate.translator import Candidate
from ask.upstream import QueryResult
from ask.context.value_linking import ValueMatch, link_values
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import ProxyThread
from tests.test_introspection import connect_upstream

DB = "session_state"
APP, CRM, PLAIN = "ss_app", "ss_crm", "ss_plain"
POLICY = "tenant = nullif(current_setting('app.tenant', true), '')::int"
TIERS = {1: ("GOLD-T1", "SILVER-T1"), 2: ("BRONZE-T2",)}
CONTACTS = {1: "Alpha Contact", 2: "Beta Contact"}     # 60 each: too many for the context

SETUP = f"""
CREATE ROLE {APP} LOGIN NOINHERIT; CREATE ROLE {CRM}; CREATE ROLE {PLAIN} LOGIN;
GRANT {CRM} TO {APP};
CREATE TABLE accounts (id int PRIMARY KEY, tenant int NOT NULL, tier text NOT NULL);
INSERT INTO accounts VALUES (1, 1, 'GOLD-T1'), (2, 1, 'SILVER-T1'), (3, 2, 'BRONZE-T2');
CREATE TABLE contacts (id int PRIMARY KEY, tenant int NOT NULL, contact_name text NOT NULL);
INSERT INTO contacts SELECT n, 1, 'Alpha Contact ' || n FROM generate_series(1, 60) n;
INSERT INTO contacts SELECT 100 + n, 2, 'Beta Contact ' || n FROM generate_series(1, 60) n;
ALTER TABLE accounts ENABLE ROW LEVEL SECURITY; ALTER TABLE contacts ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant ON accounts USING ({POLICY});
CREATE POLICY tenant ON contacts USING ({POLICY});
GRANT SELECT ON accounts TO {APP}; GRANT SELECT ON contacts TO {CRM};
CREATE TABLE plans (id int PRIMARY KEY, plan text NOT NULL);
INSERT INTO plans VALUES (1, 'basic'), (2, 'premium');
GRANT SELECT ON plans TO {PLAIN};
ANALYZE;
"""


class Recorder:
    """Takes links; keeps the schema context and the prompt of every call; answers SELECT 1."""

    def __init__(self) -> None:
        self.seen: list[tuple[SchemaContext, str]] = []

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        return await self.translate_linked(question, schema, link_values(question, schema))

    async def translate_linked(self, question: str, schema: SchemaContext,
                               matches: list[ValueMatch]) -> list[Candidate]:
        self.seen.append((schema, build_prompt(question, schema, matches=matches)))
        return [Candidate("SELECT 1 AS one", 0.0)]

    def last(self) -> tuple[SchemaContext, str]:
        return self.seen[-1]


class CountingUpstream:
    """The session's Upstream, with every statement the ASK pipeline sends noted."""

    def __init__(self, inner: Any, log: list[str]) -> None:
        self.inner, self.log = inner, log

    @property
    def explain_safe(self) -> bool:
        return bool(getattr(self.inner, "explain_safe", True))

    async def fetch(self, sql: str) -> QueryResult:
        self.log.append(sql)
        return await self.inner.fetch(sql)

    async def fetch_guarded(self, sql: str, timeout_ms: int) -> QueryResult:
        self.log.append(sql)
        return await self.inner.fetch_guarded(sql, timeout_ms)


@pytest.fixture(scope="module")
def db(pg: PgCluster) -> str:
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    for role in (APP, CRM, PLAIN):
        pg.psql(f"DROP ROLE IF EXISTS {role}")
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(SETUP, dbname=DB)
    return DB


@pytest.fixture(scope="module")
def env(db: str, pg: PgCluster) -> Iterator[tuple[ProxyThread, Recorder, list[str]]]:
    recorder, statements = Recorder(), []
    proxy = ProxyThread(pg, recorder, ask={"probe_timeout_ms": 2000}).start()
    assert proxy.server is not None
    planner = proxy.server.services.ask
    plan = planner.plan
    planner.plan = lambda q, up: plan(q, CountingUpstream(up, statements))
    yield proxy, recorder, statements
    proxy.stop()


def connect(proxy: ProxyThread, user: str, tenant: int | None = None) -> psycopg.Connection:
    conn = psycopg.connect(proxy.dsn(user, DB), autocommit=True)
    if tenant is not None:
        conn.execute(f"SET app.tenant = '{tenant}'")
    return conn


_asked = itertools.count(1)


def ask(conn: psycopg.Connection, question: str, *, numbered: bool = True) -> None:
    """One ASK; numbered, so the translation cache never answers it instead of the model."""
    text = f"{question} (ask {next(_asked)})" if numbered else question
    assert conn.execute(f"ASK '{text}'", prepare=False).fetchone() == (1,)


def tiers(schema: SchemaContext) -> tuple[str, ...]:
    table = schema.table("accounts")
    assert table is not None
    column = table.column("tier")
    assert column is not None
    return column.values


def foreign(tenant: int) -> list[str]:
    other = 3 - tenant
    return [*TIERS[other], CONTACTS[other]]


def assert_only_own(seen: tuple[SchemaContext, str], tenant: int) -> None:
    schema, prompt = seen
    shown = [line for line in prompt.splitlines() if not line.startswith("question:")]
    text = repr(schema.tables) + "\n".join(shown)
    assert not [s for s in foreign(tenant) if s in text], text


def test_introspection_values_follow_each_session(env) -> None:
    proxy, rec, _ = env
    question = "how many GOLD-T1 or BRONZE-T2 accounts are there"
    with connect(proxy, APP, 1) as a, connect(proxy, APP, 2) as b:
        for conn, tenant in ((a, 1), (b, 2), (a, 1), (b, 2)):
            ask(conn, question)
            assert tiers(rec.last()[0]) == tuple(sorted(TIERS[tenant]))
            assert_only_own(rec.last(), tenant)
            assert rec.last()[1].splitlines()[-1] == \
                f"values: accounts.tier = '{TIERS[tenant][0]}'"
        b.execute("SET app.tenant = '1'")      # the same session, another tenant
        ask(b, question)
        assert tiers(rec.last()[0]) == tuple(sorted(TIERS[1]))


def test_probed_names_follow_each_session(env) -> None:
    """The same question (the same phrase set) in two sessions of one role whose schema
    contexts are identical: only the database can tell the two answers apart."""
    proxy, rec, _ = env
    question = "what did Alpha Contact 7 and Beta Contact 7 buy"
    with connect(proxy, APP, 1) as a, connect(proxy, APP, 2) as b:
        for conn, tenant in ((a, 1), (b, 2)):
            conn.execute(f"SET ROLE {CRM}")
            calls = len(rec.seen)
            ask(conn, question, numbered=False)
            assert len(rec.seen) == calls + 1, "answered from another session's links"
            schema, prompt = rec.last()
            assert schema.role == CRM and [t.name for t in schema.tables] == ["contacts"]
            assert prompt.splitlines()[-1] == \
                f"values: contacts.contact_name = '{CONTACTS[tenant]} 7'"
            assert_only_own(rec.last(), tenant)


def test_the_context_follows_set_role_and_session_authorization(env, pg: PgCluster) -> None:
    proxy, rec, _ = env
    with connect(proxy, APP, 2) as conn:
        ask(conn, "accounts please")
        assert rec.last()[0].role == APP
        conn.execute(f"SET ROLE {CRM}")
        ask(conn, "accounts please")
        assert rec.last()[0].role == CRM
        assert [t.name for t in rec.last()[0].tables] == ["contacts"]
        conn.execute("RESET ROLE")
        ask(conn, "accounts please")
        assert rec.last()[0].role == APP and tiers(rec.last()[0]) == TIERS[2]
    with connect(proxy, "postgres", 1) as conn:      # superuser: sees every tenant's rows
        ask(conn, "accounts please")
        assert tiers(rec.last()[0]) == ("BRONZE-T2", "GOLD-T1", "SILVER-T1")
        conn.execute(f"SET SESSION AUTHORIZATION {APP}")
        conn.execute("SET app.tenant = '2'")
        ask(conn, "accounts please")
        assert rec.last()[0].role == APP and tiers(rec.last()[0]) == TIERS[2]
        assert_only_own(rec.last(), 2)


def test_round_trips_of_a_cached_ask(env) -> None:
    """Without RLS a cached ASK reads no catalog and no values: the key query and EXPLAIN.
    Under RLS it re-reads the values of the tables it protects: one more statement."""
    proxy, rec, statements = env
    with connect(proxy, PLAIN) as conn:
        ask(conn, "how many premium plans")
        statements.clear()
        with connect(proxy, PLAIN) as other:
            ask(other, "how many premium plans, again")
        assert statements == [KEY_SQL, "EXPLAIN SELECT 1 AS one"], statements
        assert rec.last()[1].splitlines()[-1] == "values: plans.plan = 'premium'"
    with connect(proxy, APP, 1) as conn:
        ask(conn, "how many GOLD-T1 accounts")
        statements.clear()
        with connect(proxy, APP, 2) as other:
            ask(other, "how many GOLD-T1 accounts, again")
        assert len(statements) == 3 and statements[0] == KEY_SQL, statements
        assert "accounts" in statements[1] and statements[2] == "EXPLAIN SELECT 1 AS one"
        assert rec.last()[1].splitlines()[-1] == "values: none"


async def test_schema_cache_direct(pg: PgCluster, db: str) -> None:
    """The cache itself, over two plain connections of one role with different tenants."""
    cache = SchemaCache()
    async with connect_upstream(pg, DB, APP) as a, connect_upstream(pg, DB, APP) as b:
        await a.fetch("SET app.tenant = '1'")
        await b.fetch("SET app.tenant = '2'")
        assert tiers(await cache.get(a)) == TIERS[1]
        assert tiers(await cache.get(b)) == TIERS[2]
        assert tiers(await cache.get(a)) == TIERS[1]
        assert (cache.hits, cache.misses) == (2, 1)
        await a.fetch(f"SET ROLE {CRM}")     # no proxy here to invalidate on SET: the key
        assert [t.name for t in (await cache.get(a)).tables] == ["contacts"]
        await a.fetch("RESET ROLE")
        assert tiers(await cache.get(a)) == TIERS[1] and cache.misses == 2
