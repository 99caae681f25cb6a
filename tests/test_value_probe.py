"""The value probe: phrases, the statement, and stored names found in the demo database.

Direct tests run the probe over :class:`tests.test_introspection.PsycopgUpstream`; the proxy
tests go through a real askproxy (the session's pipelined guard) with a translator that takes
links and records the prompt it would give the model.
"""

from __future__ import annotations

import json
import re
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from ask.translate.prompt import build_prompt
from ask.schema import Column, SchemaContext, Table
from ask.context.introspection import introspect
from ask.translate.translator import Candidate, LinkingTranslator
from ask.context.value_linking import ValueMatch, link_values, merge_matches
from ask.context.value_probe import (ProbeSettings, ValueProbe, name_likeness, probe_columns,
                                   probe_sql, question_phrases)
from demo.loader import load_demo_data
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import ProxyThread
from tests.test_introspection import connect_upstream

DB = "probe_demo"
ANALYST, NO_CUSTOMERS, REVOKED = "probe_analyst", "probe_nocust", "probe_revoked"
ONE_COLUMN = "probe_onecol"      # sees products (product_id, name): one probed column
ODD = "O'Brien's \"Best\" \\ $$ Cable"
ROOT = Path(__file__).resolve().parent.parent


# --- phrases and SQL (no database) ------------------------------------------------------------

def texts(question: str, linked: list[ValueMatch] | None = None) -> list[str]:
    return [p.text for p in question_phrases(question, linked or [])]


def test_phrases_as_typed_with_trailing_punctuation_variants() -> None:
    q = "how much did Shenzhen Fuxing Technology Co., Ltd. spend?"
    found = texts(q)
    assert "Shenzhen Fuxing Technology Co., Ltd." in found
    assert "Shenzhen Fuxing Technology Co., Ltd" in found
    assert "Co., Ltd. spend" in found and "Co., Ltd. spend?" in found
    assert "how much" not in found and "how" not in found     # stop words only
    spans = {(p.text, p.start, p.end) for p in question_phrases(q)}
    assert ("Shenzhen Fuxing Technology Co., Ltd.", 3, 8) in spans   # normalise() word span


def test_phrase_variants_quotes_and_possessive() -> None:
    found = texts('price of "Huawei Mate 60 Pro"?')
    assert "Huawei Mate 60 Pro" in found and '"Huawei Mate 60 Pro"' in found
    assert "Huawei Mate 60 Pro" in texts("the Huawei Mate 60 Pro's battery")
    assert "60" not in texts("top 60 products") and "2024" not in texts("sales in 2024")


def test_phrases_inside_low_cardinality_links_are_skipped() -> None:
    east = ValueMatch("regions", "name", "East China", 2, 4, 1.0)
    found = texts("stores in East China with Gao Yu", [east])
    assert "East China" not in found and "China" not in found
    assert "East China with" in found and "Gao Yu" in found


def test_phrase_count_is_bounded() -> None:
    assert len(question_phrases(" ".join(f"w{i}." for i in range(200)))) == 256


def test_question_text_reaches_sql_only_as_hex() -> None:
    cols = probe_columns(SCHEMA, ProbeSettings())
    nasty = ["x'); DROP TABLE products; --", "a\\'b", "$$ $q$", "é ü"]
    sql = probe_sql(cols, nasty)
    blob = re.search(r"decode\('([^']*)', 'hex'\)", sql)
    assert blob is not None and re.fullmatch(r"[0-9a-f]+", blob.group(1))
    assert json.loads(bytes.fromhex(blob.group(1)).decode()) == nasty
    for piece in ("DROP", "$$", "\\", "é"):
        assert piece not in sql


SCHEMA = SchemaContext("db", "r", ("public",), (
    Table("public", "products", (Column("product_id", "integer"), Column("name", "text"),
                                 Column("brand", "text", values=("Apple",)),
                                 Column("sku_code", "character varying(20)"),
                                 Column("description", "text"), Column("title", "text")),
          rows=300),
    Table("public", "events", (Column("name", "text"),), rows=5e6),
    Table("public", "totals", (Column("name", "text"),), kind="view"),
    Table("public", "fresh", (Column("name", "text"),), rows=None),
))


def test_candidate_columns_name_like_first_and_bounded() -> None:
    assert [name_likeness(c) for c in ("name", "customer_name", "title", "sku", "email")] == \
        [3, 3, 2, 1, 0]
    # numbers typed as printed and the names people go by, folded or not, like codes
    assert [name_likeness(c) for c in ("invoice_no", "policyno", "MatterNumber", "gamertag", "user_handle",
                                       "notes", "amount", "status", "description")] == [1, 1, 1, 1, 1, 0, 0, 0, 0]
    cols = probe_columns(SCHEMA, ProbeSettings())
    # brand has captured values; description is free text; events too big; the view and a
    # table without an estimate are never probed
    assert [(c.table, c.column) for c in cols] == [("products", "name"), ("products", "title")]
    three = probe_columns(SCHEMA, ProbeSettings(columns_per_table=3, max_rows=1e7))
    assert [(c.table, c.column) for c in three] == [
        ("products", "name"), ("products", "title"), ("products", "sku_code"), ("events", "name")]
    assert len(probe_columns(SCHEMA, ProbeSettings(max_columns=1))) == 1


def test_merge_prefers_longest_spans() -> None:
    low = [ValueMatch("stores", "city", "Shenzhen", 3, 4, 1.0)]
    probed = [ValueMatch("customers", "name", "Shenzhen Fuxing Technology Co., Ltd.", 3, 8, 1.0)]
    assert merge_matches(low, probed) == probed


# --- against the demo database ----------------------------------------------------------------

@pytest.fixture(scope="module")
def demo(pg: PgCluster) -> str:
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    for role in (ANALYST, NO_CUSTOMERS, REVOKED, ONE_COLUMN):
        pg.psql(f"DROP ROLE IF EXISTS {role}")
    pg.psql(f"CREATE DATABASE {DB}")
    with psycopg.connect(pg.dsn(dbname=DB), autocommit=True) as conn:
        load_demo_data(conn)
    odd = ODD.replace("'", "''")
    pg.psql(f"""
        INSERT INTO products VALUES (9001, '{odd}', 'Generic', 1, 9.90);
        CREATE ROLE {ANALYST} LOGIN; CREATE ROLE {NO_CUSTOMERS} LOGIN; CREATE ROLE {REVOKED} LOGIN;
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO {ANALYST}, {REVOKED};
        GRANT SELECT ON regions, stores, categories, products, orders, order_lines
          TO {NO_CUSTOMERS};
        CREATE ROLE {ONE_COLUMN} LOGIN; GRANT SELECT (product_id, name) ON products TO {ONE_COLUMN};""",
             dbname=DB)
    return DB


async def _link(pg: PgCluster, question: str, role: str = ANALYST,
                probe: ValueProbe | None = None) -> list[ValueMatch]:
    probe = probe or ValueProbe()
    async with connect_upstream(pg, DB, role) as up:
        schema = await introspect(up)
        linked = link_values(question, schema)
        return merge_matches(linked, await probe.link(question, schema, up, linked))


def values_line(matches: list[ValueMatch]) -> str:
    return build_prompt("q", SCHEMA, matches=matches).splitlines()[-1]


async def test_product_and_customer_names_link_with_stored_spelling(pg: PgCluster,
                                                                    demo: str) -> None:
    assert values_line(await _link(pg, "what's the price of the huawei mate 60 pro")) == \
        "values: products.name = 'Huawei Mate 60 Pro'"
    assert values_line(await _link(
        pg, "how much did Shenzhen Fuxing Technology Co., Ltd. spend last year")) == \
        "values: customers.name = 'Shenzhen Fuxing Technology Co., Ltd.'"
    assert values_line(await _link(
        pg, "what did Lanzhou Hengtai Education Group buy this year in east china?")) == \
        ("values: customers.name = 'Lanzhou Hengtai Education Group'; "
         "regions.name = 'East China'")


async def test_demo_columns_probed(pg: PgCluster, demo: str) -> None:
    async with connect_upstream(pg, DB, ANALYST) as up:
        schema = await introspect(up)
    cols = {(c.table, c.column) for c in probe_columns(schema, ProbeSettings())}
    # 57 brands: over the 50 values the schema context keeps, so brand is probed too
    assert cols == {("products", "name"), ("products", "brand"), ("customers", "name")}


async def test_role_without_select_gets_no_customer_links(pg: PgCluster, demo: str) -> None:
    probe = ValueProbe()
    found = await _link(pg, "what did Lanzhou Hengtai Education Group buy, Huawei Mate 60 Pro?",
                        NO_CUSTOMERS, probe)
    assert ("products", "Huawei Mate 60 Pro") in [(m.table, m.value) for m in found]
    assert "customers" not in {m.table for m in found}   # "Lanzhou" may still be a store city
    assert probe.failures == 0


async def test_a_single_probed_column_links(pg: PgCluster, demo: str) -> None:
    """One probed column is one branch: ``(SELECT … LIMIT n) LIMIT m`` alone does not parse."""
    probe = ValueProbe()
    async with connect_upstream(pg, DB, ONE_COLUMN) as up:
        schema = await introspect(up)
        assert [(c.table, c.column) for c in probe_columns(schema, ProbeSettings())] == [("products", "name")]
    found = await _link(pg, "what's the price of the huawei mate 60 pro", ONE_COLUMN, probe)
    assert values_line(found) == "values: products.name = 'Huawei Mate 60 Pro'"
    assert probe.failures == 0


async def test_probe_results_are_cached_per_phrase_set(pg: PgCluster, demo: str) -> None:
    probe = ValueProbe()
    async with connect_upstream(pg, DB, ANALYST) as up:
        schema = await introspect(up)
        first = await probe.link("price of Xiaomi 14 Ultra", schema, up)
        up.queries.clear()
        again = await probe.link("price  of Xiaomi 14 Ultra", schema, up)
        assert again == first and up.queries == [] and probe.probes == 1
        assert [m.value for m in merge_matches(first)] == ["Xiaomi 14 Ultra"]  # brand is inside


async def test_quotes_backslashes_and_dollars_are_data(pg: PgCluster, demo: str) -> None:
    found = await _link(pg, f"price of {ODD}; DROP TABLE products; --")
    assert [(m.table, m.value) for m in found] == [("products", ODD)]
    assert pg.psql("SELECT count(*) FROM products", dbname=DB).strip() == "301"


# --- through the proxy --------------------------------------------------------------------------

class PromptRecorder:
    """Takes links; records the prompt the model would get; answers ``SELECT 1``."""

    def __init__(self) -> None:
        self.prompts: list[str] = []

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        return await self.translate_linked(question, schema, link_values(question, schema))

    async def translate_linked(self, question: str, schema: SchemaContext,
                               matches: list[ValueMatch]) -> list[Candidate]:
        self.prompts.append(build_prompt(question, schema, matches=matches))
        return [Candidate("SELECT 1 AS one", 0.0)]

    def last_values(self) -> str:
        return self.prompts[-1].splitlines()[-1]


@pytest.fixture(scope="module")
def proxied(pg: PgCluster, demo: str) -> Iterator[tuple[ProxyThread, PromptRecorder]]:
    recorder = PromptRecorder()
    assert isinstance(recorder, LinkingTranslator)
    # What reaches the model's prompt is under test: the plain reader, which could answer these
    # questions without the model, is skipped (it is tested in test_sketch / test_planner).
    proxy = ProxyThread(pg, recorder, ask={"probe_timeout_ms": 200, "skip_steps": "plain_reading"}).start()
    yield proxy, recorder
    proxy.stop()


def connect(proxy: ProxyThread, user: str = ANALYST, **kw: object) -> psycopg.Connection:
    return psycopg.connect(proxy.dsn(user, dbname=DB, sslmode="disable"), **kw)  # type: ignore[arg-type]


def ask(conn: psycopg.Connection, question: str) -> object:
    row = conn.execute("ASK '" + question.replace("'", "''") + "'", prepare=False).fetchone()
    return row[0] if row else None


def test_prompt_links_product_and_region(proxied: tuple[ProxyThread, PromptRecorder]) -> None:
    proxy, rec = proxied
    with connect(proxy, autocommit=True) as conn:
        assert ask(conn, "what's the price of the Huawei Mate 60 Pro in East China") == 1
    assert rec.last_values() == \
        "values: products.name = 'Huawei Mate 60 Pro'; regions.name = 'East China'"


def test_extended_protocol_ask_is_linked(proxied: tuple[ProxyThread, PromptRecorder]) -> None:
    proxy, rec = proxied
    with connect(proxy, autocommit=True) as conn:
        assert conn.execute("ASK 'price of the OPPO Find X7'", prepare=True).fetchone() == (1,)
    assert rec.last_values() == "values: products.name = 'OPPO Find X7'"


def test_injection_through_the_proxy(proxied: tuple[ProxyThread, PromptRecorder]) -> None:
    proxy, rec = proxied
    with connect(proxy, autocommit=True) as conn:
        assert ask(conn, f"price of {ODD}'); DROP TABLE products; --") == 1
        assert rec.last_values() == "values: products.name = " + \
            "'" + ODD.replace("'", "''") + "'"
        assert conn.execute("SELECT count(*) FROM products").fetchone() == (301,)


def _session_state(conn: psycopg.Connection) -> tuple[object, ...]:
    return conn.execute("SELECT current_setting('statement_timeout'), "
                        "current_setting('transaction_read_only')").fetchone() or ()


def test_inside_a_client_transaction_the_probe_leaves_no_trace(
        proxied: tuple[ProxyThread, PromptRecorder]) -> None:
    proxy, rec = proxied
    with connect(proxy) as conn:    # psycopg opens a transaction block
        conn.execute("SET LOCAL statement_timeout = '7s'")
        conn.execute("CREATE TEMP TABLE scratch (x int)")
        conn.execute("INSERT INTO scratch VALUES (1)")
        conn.execute("SAVEPOINT mine")
        before = _session_state(conn)
        assert ask(conn, "how many orders did Gao Yu place for the Xiaomi 14 Ultra") == 1
        assert "customers.name = 'Gao Yu'" in rec.last_values()
        assert _session_state(conn) == before == ("7s", "off")
        conn.execute("INSERT INTO scratch VALUES (2)")       # still read-write
        conn.execute("RELEASE SAVEPOINT mine")               # the client's savepoint survives
        assert conn.execute("SELECT count(*) FROM scratch").fetchone() == (2,)
        assert conn.info.transaction_status.name == "INTRANS"
        conn.rollback()
        assert conn.execute("SELECT to_regclass('pg_temp.scratch')").fetchone() == (None,)


def test_probe_timeout_degrades(pg: PgCluster, proxied: tuple[ProxyThread, PromptRecorder]) -> None:
    proxy, rec = proxied
    locked, release = threading.Event(), threading.Event()

    def hold_lock() -> None:
        with psycopg.connect(pg.dsn(dbname=DB)) as other:
            other.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE")
            locked.set()
            release.wait(30)

    with connect(proxy, autocommit=True) as conn:
        ask(conn, "warm the schema cache")
        holder = threading.Thread(target=hold_lock)
        holder.start()
        try:
            assert locked.wait(10)
            started = time.perf_counter()
            assert ask(conn, "what did Huang Taoxin buy, Huawei Mate 60 Pro?") == 1
            elapsed = time.perf_counter() - started
            assert rec.last_values() == "values: none"   # the whole probe gave up
            assert elapsed < 5, elapsed
            assert _session_state(conn) == ("0", "off")
            conn.execute("BEGIN")
            assert ask(conn, "did Huang Taoxin buy the OPPO Find X7") == 1
            assert _session_state(conn) == ("0", "off")
            assert conn.execute("SELECT 2").fetchone() == (2,)
            assert conn.info.transaction_status.name == "INTRANS"
            conn.execute("COMMIT")
        finally:
            release.set()
            holder.join(10)


def test_probe_error_degrades(pg: PgCluster, proxied: tuple[ProxyThread, PromptRecorder]) -> None:
    proxy, rec = proxied
    with connect(proxy, REVOKED, autocommit=True) as conn:
        ask(conn, "warm the schema cache")     # customers still readable then
        pg.psql(f"REVOKE SELECT ON customers FROM {REVOKED}", dbname=DB)  # not via the proxy
        try:
            conn.execute("BEGIN")
            assert ask(conn, "what did Gao Yu buy") == 1
            assert rec.last_values() == "values: none"
            assert conn.execute("SELECT 3").fetchone() == (3,)
            conn.execute("ROLLBACK")
            assert ask(conn, "what did Gao Yu buy, again") == 1
        finally:
            pg.psql(f"GRANT SELECT ON customers TO {REVOKED}", dbname=DB)


def test_added_latency_on_demo_questions(pg: PgCluster, demo: str) -> None:
    """EXPLAIN ASK with and without the probe, 50 eval questions, fresh caches, paired."""
    questions = [json.loads(line)["question"]
                 for line in (ROOT / "eval" / "demo.jsonl").read_text().splitlines()][:50]
    on = ProxyThread(pg, PromptRecorder(), ask={"probe_timeout_ms": 200}).start()
    off = ProxyThread(pg, PromptRecorder(), ask={"probe_values": False}).start()
    timings: dict[str, list[float]] = {"on": [], "off": []}
    try:
        with connect(on, autocommit=True) as a, connect(off, autocommit=True) as b:
            for conn in (a, b):
                conn.execute("EXPLAIN ASK 'warm up'", prepare=False)
            for q in questions:
                for name, conn in (("on", a), ("off", b)):
                    started = time.perf_counter()
                    conn.execute("EXPLAIN ASK '" + q.replace("'", "''") + "'", prepare=False)
                    timings[name].append((time.perf_counter() - started) * 1000)
    finally:
        on.stop()
        off.stop()
    added = [x - y for x, y in zip(timings["on"], timings["off"])]
    print(f"probe on: median {statistics.median(timings['on']):.2f} ms, off: "
          f"{statistics.median(timings['off']):.2f} ms, paired added median "
          f"{statistics.median(added):.2f} ms, p90 {sorted(added)[44]:.2f} ms")
    assert statistics.median(added) < 50


def test_every_ask_of_a_session_is_probed(proxied: tuple[ProxyThread, PromptRecorder]) -> None:
    """After an ASK the proxy's own ReadyForQuery must not look like an open batch (which
    would skip the probe, and the EXPLAIN check, for the rest of the session)."""
    proxy, rec = proxied
    with connect(proxy, autocommit=True) as conn:
        for product in ("Huawei Mate 60 Pro", "OPPO Find X7", "Xiaomi 14 Ultra"):
            assert ask(conn, f"price of the {product}, please") == 1
            assert rec.last_values() == f"values: products.name = '{product}'"


# --- names numbered after their table ---------------------------------------------------------

async def test_table_word_is_not_a_numbered_name_but_a_first_word_is(pg: PgCluster) -> None:
    """"customers" is the table, not one of 'Customer 1' … 'Customer 50'; "acme" is the first
    word of one stored name only, so it names 'Acme Ltd'."""
    db = "probe_numbered"
    pg.psql(f"DROP DATABASE IF EXISTS {db}")
    pg.psql(f"CREATE DATABASE {db}")
    pg.psql("""
        CREATE TABLE customers (customer_id int PRIMARY KEY, name text NOT NULL);
        INSERT INTO customers SELECT g, 'Customer ' || g FROM generate_series(1, 50) g;
        INSERT INTO customers VALUES (51, 'Acme Ltd');
        CREATE TABLE orders (order_id int PRIMARY KEY, customer_id int REFERENCES customers);""",
            dbname=db)
    for max_values in (50, 60):     # names read as values of the schema context, or probed
        probe = ValueProbe()
        async with connect_upstream(pg, db) as up:
            schema = await introspect(up, max_values=max_values)

            async def found(question: str) -> set[tuple[str, str, str]]:
                linked = link_values(question, schema)
                probed = await probe.link(question, schema, up, linked)
                return {(m.table, m.column, m.value) for m in merge_matches(linked, probed)}

            assert await found("how many customers are there") == set()
            assert await found("orders of Customer 7") == {("customers", "name", "Customer 7")}
            if max_values == 50:    # first-word links are the probe's (see value_probe)
                assert await found("orders of acme") == {("customers", "name", "Acme Ltd")}
        assert probe.failures == 0


async def test_a_word_of_the_schema_is_no_probed_value_and_abbreviated_names_are_probed(pg: PgCluster) -> None:
    """"price" names lesson.price even where a last name is 'Price'; the name column spelt
    ``boat_nm`` is probed like ``boat_name``."""
    db = "probe_schema_words"
    pg.psql(f"DROP DATABASE IF EXISTS {db}")
    pg.psql(f"CREATE DATABASE {db}")
    pg.psql("""
        CREATE TABLE student (id int PRIMARY KEY, last_name text NOT NULL);
        INSERT INTO student SELECT g, 'Surname ' || g FROM generate_series(1, 80) g;
        INSERT INTO student VALUES (81, 'Price');
        CREATE TABLE lesson (id int PRIMARY KEY, student_id int REFERENCES student, price numeric);
        CREATE TABLE boat (id int PRIMARY KEY, boat_nm text NOT NULL);
        INSERT INTO boat SELECT g, 'Boat ' || g FROM generate_series(1, 80) g;
        INSERT INTO boat VALUES (81, 'Sea Breeze');
        ANALYZE;""", dbname=db)
    assert name_likeness("boat_nm") == 3 and name_likeness("guardianNm") == 3
    probe = ValueProbe()
    async with connect_upstream(pg, db) as up:
        schema = await introspect(up, max_values=50)

        async def found(question: str) -> set[tuple[str, str, str]]:
            return {(m.table, m.column, m.value) for m in await probe.link(question, schema, up)}

        assert await found("average lesson price") == set()
        assert await found("lessons of Price") == set()
        assert await found("fuel bought by Sea Breeze") == {("boat", "boat_nm", "Sea Breeze")}
    assert probe.failures == 0
