"""ASK through the proxy, end to end: real PostgreSQL, real clients, a test translator."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator

import asyncpg
import psycopg
import pytest

from ask.schema import SchemaContext
from ask.translate.translator import Candidate
from proxy.ask_execution import NOTICE_PREFIX
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread

SCHEMA = """
DROP DATABASE IF EXISTS shop;
"""
TABLES = """
CREATE TABLE regions (region_id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE products (product_id int PRIMARY KEY, name text NOT NULL, price numeric(10,2),
                       region_id int REFERENCES regions);
CREATE TABLE secret (id int PRIMARY KEY, payload text);
INSERT INTO regions VALUES (1, 'East China'), (2, 'North China');
INSERT INTO products VALUES (1, 'Tea', 3.50, 1), (2, 'Rice', 2.00, 1), (3, 'Noodles', 1.25, 2);
INSERT INTO secret VALUES (1, 'launch codes');
GRANT SELECT ON regions, products TO scram_user;
"""

TABLE = {
    "how many products": ["SELECT count(*) AS n FROM products"],
    "products in east china": [
        "SELECT p.name FROM products p JOIN regions r USING (region_id) "
        "WHERE r.name = 'East China' ORDER BY p.name"],
    "second candidate wins": ["SELECT nonexistent FROM products",
                              "SELECT name FROM regions ORDER BY region_id"],
    "read only?": ["SELECT current_setting('transaction_read_only') AS ro"],
    "slow": ["SELECT count(*) FROM generate_series(1, 300000000)"],
    "delete": ["DELETE FROM products"],
    "stacked": ["SELECT 1; DELETE FROM products"],
    "cte delete": ["WITH d AS (DELETE FROM products RETURNING *) SELECT * FROM d"],
    "into": ["SELECT * INTO stolen FROM products"],
    "lock": ["SELECT * FROM products FOR UPDATE"],
    "sleep": ["SELECT pg_sleep(10)"],
    "unknown column": ["SELECT colour FROM products"],
    "secret": ["SELECT payload FROM secret"],
    "all bad": ["DELETE FROM products", "SELECT nope FROM products"],
    "type error": ["SELECT name + 1 FROM products"],
    "count secrets": ["SELECT count(*) FROM secret"],
}


class RecordingTranslator(FixedTranslator):
    def __init__(self) -> None:
        super().__init__(TABLE)
        self.schemas: list[SchemaContext] = []

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        self.schemas.append(schema)
        return await super().translate(question, schema)


@pytest.fixture(scope="module")
def shop(pg: PgCluster) -> PgCluster:
    pg.psql("DROP DATABASE IF EXISTS shop")
    pg.psql("CREATE DATABASE shop")
    pg.psql(TABLES, dbname="shop")
    return pg


@pytest.fixture(scope="module")
def translator() -> RecordingTranslator:
    return RecordingTranslator()


@pytest.fixture(scope="module")
def proxy(shop: PgCluster, translator: RecordingTranslator) -> Iterator[ProxyThread]:
    # The questions of TABLE are labels for what the translator returns ("delete", "slow"),
    # not questions about the schema: refusing them (ask/context/refusal.py) is tested on its own below.
    p = ProxyThread(shop, translator, ask={"statement_timeout_ms": 300,
                                           "refuse_unanswerable": False}).start()
    yield p
    p.stop()


@pytest.fixture(scope="module")
def refusing_proxy(shop: PgCluster, translator: RecordingTranslator) -> Iterator[ProxyThread]:
    p = ProxyThread(shop, translator, ask={"refuse_unanswerable": True}).start()   # the default
    yield p
    p.stop()


def connect(proxy: ProxyThread, user: str = "postgres", **kw) -> psycopg.Connection:
    conn = psycopg.connect(proxy.dsn(user, dbname="shop", sslmode="disable"), **kw)
    conn.notices: list[str] = []   # type: ignore[attr-defined]
    conn.add_notice_handler(lambda d: conn.notices.append(d.message_primary))  # type: ignore
    return conn


def counts(pg: PgCluster) -> str:
    return pg.psql("select (select count(*) from products) || ',' || "
                   "(select count(*) from regions) || ',' || "
                   "(select count(*) from pg_class where relname = 'stolen')", dbname="shop")


def test_simple_ask_returns_rows_and_a_notice(proxy: ProxyThread) -> None:
    with connect(proxy, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute("ASK 'products in east china'", prepare=False)
        assert [d.name for d in cur.description] == ["name"]
        assert cur.fetchall() == [("Rice",), ("Tea",)]
        assert conn.notices == [NOTICE_PREFIX + TABLE["products in east china"][0]]
        assert conn.info.transaction_status.name == "IDLE"


def test_psql_ask_and_multi_statement_string(proxy: ProxyThread) -> None:
    out = subprocess.run(
        ["psql", "-X", "-A", "-t", "-h", "127.0.0.1", "-p", str(proxy.port), "-U", "postgres",
         "-d", "shop", "-c", "select 'before'; ask 'how many products'; select 'after'"],
        capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["before", "3", "after"]
    assert "generated SQL: SELECT count(*) AS n FROM products" in out.stderr


def test_explain_ask_previews_without_running(proxy: ProxyThread, translator) -> None:
    with connect(proxy, autocommit=True) as conn:
        row = conn.execute("EXPLAIN ASK 'how many products'", prepare=False).fetchone()
        assert row == (TABLE["how many products"][0],)
        # extended protocol: the preview is a statement like any other
        row = conn.execute("EXPLAIN ASK 'how many products'", prepare=True).fetchone()
        assert row == (TABLE["how many products"][0],)


async def test_extended_protocol_ask_with_asyncpg(proxy: ProxyThread) -> None:
    conn = await asyncpg.connect(host="127.0.0.1", port=proxy.port, user="postgres",
                                 database="shop", ssl=False)
    try:
        rows = await conn.fetch("ASK 'products in east china'")
        assert [r["name"] for r in rows] == ["Rice", "Tea"]
        stmt = await conn.prepare("ask 'how many products'")
        assert [a.name for a in stmt.get_attributes()] == ["n"]
        assert await stmt.fetchval() == 3
        assert await conn.fetchval("select 1") == 1
    finally:
        await conn.close()


def test_ask_in_psycopg_pipeline_mid_batch(proxy: ProxyThread, pg: PgCluster) -> None:
    with connect(proxy, autocommit=True) as conn:
        pg.psql("select 1")   # nothing cached for this connection's key yet is fine
        with conn.pipeline():
            a = conn.execute("select 'first'")
            b = conn.execute("ASK 'how many products'")
            c = conn.execute("select 'third'")
        assert (a.fetchone(), b.fetchone(), c.fetchone()) == (("first",), (3,), ("third",))


def test_first_valid_candidate_runs(proxy: ProxyThread) -> None:
    with connect(proxy, autocommit=True) as conn:
        rows = conn.execute("ASK 'second candidate wins'", prepare=False).fetchall()
        assert rows == [("East China",), ("North China",)]


def test_generated_sql_runs_read_only(proxy: ProxyThread) -> None:
    with connect(proxy, autocommit=True) as conn:
        assert conn.execute("ASK 'read only?'", prepare=False).fetchone() == ("on",)
        assert conn.execute("show transaction_read_only").fetchone() == ("off",)


@pytest.mark.parametrize("question,sqlstate", [
    ("delete", "42501"), ("stacked", "42601"), ("cte delete", "42501"), ("into", "42501"),
    ("lock", "42501"), ("sleep", "42501"), ("unknown column", "42703"),
    ("all bad", "42000"), ("nothing known", "42000"), ("type error", "42883"),
])
@pytest.mark.parametrize("prepare", [False, True])
def test_rejected_sql_never_runs(proxy: ProxyThread, shop: PgCluster, question: str,
                                 sqlstate: str, prepare: bool) -> None:
    before = counts(shop)
    with connect(proxy, autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as exc:
            conn.execute(f"ASK '{question}'", prepare=prepare)
        assert exc.value.sqlstate == sqlstate
        if question in TABLE and len(TABLE[question]) == 1 and sqlstate != "42883":
            assert TABLE[question][0] in (exc.value.diag.message_detail or "")
        assert conn.info.transaction_status.name == "IDLE"
        assert conn.execute("select 'still usable'").fetchone() == ("still usable",)
    assert counts(shop) == before


REFUSED = [
    ("drop the products table", "42501", 'ASK only reads data: "drop" asks to change it'),
    ("what's the weather in Paris", "42000",
     '"weather" and "Paris" match no table, column or stored value of this database'),
    ("asdfgh qwerty", "42000", '"asdfgh" and "qwerty" are not words this database or English knows'),
]


@pytest.mark.parametrize("question,sqlstate,hint", REFUSED)
@pytest.mark.parametrize("prepare", [False, True])
def test_refused_question_runs_nothing(refusing_proxy: ProxyThread, shop: PgCluster,
                                       translator: RecordingTranslator, question: str,
                                       sqlstate: str, hint: str, prepare: bool) -> None:
    before, calls = counts(shop), len(translator.calls)
    with connect(refusing_proxy) as conn:              # inside the client's transaction block
        conn.execute("insert into regions values (98, 'Kept Region')")
        with pytest.raises(psycopg.Error) as exc:
            conn.execute("ASK " + "'" + question.replace("'", "''") + "'", prepare=prepare)
        assert (exc.value.sqlstate, exc.value.diag.message_hint) == (sqlstate, hint)
        assert len(translator.calls) == calls          # no model, so no SQL ran or was explained
        assert conn.notices == []
        if prepare:     # a failed Parse fails the block, as PostgreSQL's own would
            assert conn.info.transaction_status.name == "INERROR"
        else:           # a failed simple-protocol ASK leaves the block going on
            assert conn.info.transaction_status.name == "INTRANS"
            assert conn.execute("select name from regions where region_id = 98").fetchone() == ("Kept Region",)
        conn.rollback()
        assert conn.execute("select 'still usable'").fetchone() == ("still usable",)
    assert counts(shop) == before


def test_refusal_lets_answerable_questions_through(refusing_proxy: ProxyThread) -> None:
    with connect(refusing_proxy, autocommit=True) as conn:
        rows = conn.execute("ASK 'products in east china'", prepare=False).fetchall()
        assert rows == [("Rice",), ("Tea",)]


def test_statement_timeout_applies_to_generated_sql(proxy: ProxyThread) -> None:
    with connect(proxy, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("ASK 'slow'", prepare=False)
        assert conn.execute("select 1").fetchone() == (1,)


def test_ask_inside_a_transaction_block(proxy: ProxyThread, shop: PgCluster) -> None:
    with connect(proxy) as conn:                       # psycopg opens a transaction
        conn.execute("insert into regions values (99, 'Tmp Region')")
        rows = conn.execute("ASK 'second candidate wins'", prepare=False).fetchall()
        assert ("Tmp Region",) in rows                 # sees the client's own changes
        assert conn.info.transaction_status.name == "INTRANS"
        assert conn.execute("show transaction_read_only").fetchone() == ("off",)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("ASK 'delete'", prepare=False)
        # the ASK error did not abort the client's transaction (it ran in a savepoint)
        assert conn.info.transaction_status.name == "INTRANS"
        conn.rollback()
    assert "Tmp Region" not in shop.psql("select name from regions", dbname="shop")


def test_no_model_configured_is_a_clear_error(shop: PgCluster) -> None:
    p = ProxyThread(shop, None, ask={"enabled": True}).start()
    try:
        with psycopg.connect(p.dsn(dbname="shop"), autocommit=True) as conn:
            with pytest.raises(psycopg.errors.FeatureNotSupported, match="no text-to-SQL model"):
                conn.execute("ASK 'anything'", prepare=False)
            assert conn.execute("select 1").fetchone() == (1,)
    finally:
        p.stop()


def test_engine_failure_and_cancel_during_translation(proxy: ProxyThread) -> None:
    with connect(proxy, autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as exc:
            conn.execute("ASK 'explode'", prepare=False)
        assert exc.value.sqlstate == "58000"
        timer = threading.Timer(0.3, conn.cancel_safe)
        timer.start()
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("ASK 'sleep:5'", prepare=False)
        assert conn.execute("select 1").fetchone() == (1,)


def test_introspection_follows_role_privileges(proxy: ProxyThread,
                                                translator: RecordingTranslator) -> None:
    with connect(proxy, "scram_user", autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as exc:
            conn.execute("ASK 'secret'", prepare=False)
        assert exc.value.sqlstate == "42P01"
        schema = translator.schemas[-1]
        assert schema.role == "scram_user"
        assert {t.name for t in schema.tables} == {"regions", "products"}
    with connect(proxy, autocommit=True) as conn:
        assert conn.execute("ASK 'count secrets'", prepare=False).fetchone() == (1,)
        assert "secret" in {t.name for t in translator.schemas[-1].tables}


def test_ddl_through_the_proxy_refreshes_the_schema(proxy: ProxyThread,
                                                   translator: RecordingTranslator) -> None:
    with connect(proxy, autocommit=True) as conn:
        conn.execute("ASK 'how many products'", prepare=False)
        conn.execute("create table fresh_table(a int)")
        conn.execute("ASK 'products in east china'", prepare=False)
        assert "fresh_table" in {t.name for t in translator.schemas[-1].tables}
        conn.execute("drop table fresh_table")


def test_translations_are_cached(proxy: ProxyThread, translator: RecordingTranslator) -> None:
    with connect(proxy, autocommit=True) as conn:
        conn.execute("ASK 'read only?'", prepare=False)
        n = len(translator.calls)
        conn.execute("ASK 'read only?'", prepare=False)
        assert len(translator.calls) == n
