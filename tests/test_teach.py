"""TEACH ASK and taught examples, end to end: real PostgreSQL, psycopg (both protocols), psql.

Three roles: ``teach_owner`` teaches (INSERT and SELECT on askproxy.examples), ``teach_reader``
may only read examples, and row-level security shows it only its own and shared ones (question
starting ``shared``), ``teach_outsider`` has no access to the table at all. The translator is a
test double that records every question it is asked: a taught question must never reach it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import psycopg
import pytest

from ask.context.examples import normalize_question
from proxy.examples_init import init_examples
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread

DB = "teaching"
OWNER, READER, OUTSIDER = "teach_owner", "teach_reader", "teach_outsider"

TABLES = f"""
CREATE ROLE {OWNER} LOGIN; CREATE ROLE {READER} LOGIN; CREATE ROLE {OUTSIDER} LOGIN;
CREATE TABLE products (id int PRIMARY KEY, name text NOT NULL, price numeric);
INSERT INTO products VALUES (1, 'Tea', 3.5), (2, 'Rice', 2), (3, 'Noodles', 1.25);
GRANT SELECT ON products TO {OWNER}, {READER}, {OUTSIDER};
"""
GRANTS = f"""
GRANT USAGE ON SCHEMA askproxy TO {OWNER}, {READER};
GRANT SELECT, INSERT ON askproxy.examples TO {OWNER};
GRANT SELECT ON askproxy.examples TO {READER};
ALTER TABLE askproxy.examples ENABLE ROW LEVEL SECURITY;
CREATE POLICY readable ON askproxy.examples FOR SELECT
  USING (created_by = current_user OR question LIKE 'shared%');
CREATE POLICY teach ON askproxy.examples FOR INSERT WITH CHECK (created_by = current_user);
"""
TRANSLATIONS = {
    "how many products": ["SELECT 42 AS model_answer"],
    "shared: cheapest product": ["SELECT 'model' AS model_answer"],
    "private: priciest product": ["SELECT 'model' AS model_answer"],
    "how many bargain products have a price above 1": ["SELECT no_such_column FROM products"],
    "how many premium products have a price above 1": ["SELECT no_such_column FROM products"],
    "list the goods": ["SELECT no_such_column FROM products"],
    "how many staple products are there": ["SELECT no_such_column FROM products"],
}


@pytest.fixture(scope="module")
def db(pg: PgCluster) -> PgCluster:
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    pg.psql(f"DROP DATABASE IF EXISTS {DB}_bare")
    for role in (OWNER, READER, OUTSIDER):
        pg.psql(f"DROP ROLE IF EXISTS {role}")
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(f"CREATE DATABASE {DB}_bare")
    pg.psql(TABLES, dbname=DB)
    pg.psql(f"GRANT SELECT ON products TO {OWNER}", dbname=DB)
    return pg


@pytest.fixture(scope="module")
def initialised(db: PgCluster) -> list[list[str]]:
    runs = [init_examples(db.dsn(dbname=DB)), init_examples(db.dsn(dbname=DB))]
    db.psql(GRANTS, dbname=DB)
    return runs


@pytest.fixture(scope="module")
def translator() -> FixedTranslator:
    return FixedTranslator(TRANSLATIONS)


@pytest.fixture(scope="module")
def proxy(initialised: list[list[str]], db: PgCluster,
          translator: FixedTranslator) -> Iterator[ProxyThread]:
    p = ProxyThread(db, translator, ask={"statement_timeout_ms": 2000}).start()
    yield p
    p.stop()


class Client:
    """A psycopg connection through the proxy that keeps its notices."""

    def __init__(self, proxy: ProxyThread, role: str, dbname: str = DB, **kw: object) -> None:
        self.conn = psycopg.connect(proxy.dsn(role, dbname, sslmode="disable"),
                                    autocommit=True, **kw)  # type: ignore[arg-type]
        self.notices: list[str] = []
        self.conn.add_notice_handler(lambda d: self.notices.append(
            f"{d.message_primary} | {d.message_detail}"))

    def simple(self, sql: str) -> list[tuple]:
        """``sql`` as a simple-protocol Query (client-side binding cursor)."""
        cur = psycopg.ClientCursor(self.conn)
        cur.execute(sql)
        return cur.fetchall() if cur.description else []

    def extended(self, sql: str) -> psycopg.Cursor:
        return self.conn.execute(sql)

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.close()


def stored(db: PgCluster, question: str) -> str:
    return db.psql(f"SELECT coalesce(string_agg(sql, ' || ' ORDER BY id), '') FROM "
                   f"askproxy.examples WHERE question = '{question}'", dbname=DB)


def forget(db: PgCluster, question: str) -> None:
    db.psql(f"DELETE FROM askproxy.examples WHERE question = '{question}'", dbname=DB)


def sqlstate(exc: pytest.ExceptionInfo[psycopg.Error]) -> str:
    return exc.value.sqlstate or ""


# --- askproxy init ------------------------------------------------------------------------------

def test_init_creates_the_table_once_and_grants_nothing(initialised: list[list[str]],
                                                       db: PgCluster) -> None:
    first, second = initialised
    assert first[:2] == ["schema askproxy: created", "table askproxy.examples: created"]
    assert second[:2] == ["schema askproxy: exists", "table askproxy.examples: exists"]
    assert "granted nothing" in first[2]
    db.psql("DROP DATABASE IF EXISTS teaching_fresh")
    db.psql("CREATE DATABASE teaching_fresh")
    init_examples(db.dsn(dbname="teaching_fresh"))
    columns = db.psql("SELECT string_agg(column_name || ':' || data_type || ':' || is_nullable "
                      "|| ':' || is_identity, ',' ORDER BY ordinal_position) FROM "
                      "information_schema.columns WHERE table_schema = 'askproxy'",
                      dbname="teaching_fresh")
    assert columns == ("id:bigint:NO:YES,question:text:NO:NO,sql:text:NO:NO,"
                       "created_by:name:NO:NO,created_at:timestamp with time zone:NO:NO")
    acls = db.psql("SELECT (SELECT nspacl FROM pg_namespace WHERE nspname = 'askproxy') IS NULL "
                   "AND (SELECT relacl FROM pg_class WHERE oid = 'askproxy.examples'::regclass) "
                   "IS NULL", dbname="teaching_fresh")
    assert acls == "t"


def test_init_command_prints_what_it_did(db: PgCluster) -> None:
    out = subprocess.run(
        ["/work/main/.venv/bin/python", "-m", "proxy.cli", "init", "--dsn",
         db.dsn(dbname=f"{DB}_bare")], capture_output=True, text=True, check=True,
        env={"PYTHONPATH": ".", "PATH": "/usr/bin:/bin"}).stdout
    assert "table askproxy.examples: created" in out
    db.psql("DROP SCHEMA askproxy CASCADE", dbname=f"{DB}_bare")


# --- teaching and answering -------------------------------------------------------------------

def test_taught_question_is_answered_without_the_model(proxy: ProxyThread, db: PgCluster,
                                                      translator: FixedTranslator) -> None:
    with Client(proxy, OWNER) as c:
        assert c.simple("TEACH ASK 'How many products?' AS "
                        "'SELECT count(*) AS n FROM products'") == []
        assert "taught example" in c.notices[-1] and "ran read-only, 1 rows" in c.notices[-1]
        translator.calls.clear()
        assert c.simple("ASK 'how  many PRODUCTS'") == [(3,)]
        assert c.notices[-1].startswith("askproxy: SQL of taught example ")
        assert "SELECT count(*) AS n FROM products" in c.notices[-1]
        assert c.extended("ASK '\"How many products\"'").fetchall() == [(3,)]
    assert translator.calls == []
    assert stored(db, "How many products?") == "SELECT count(*) AS n FROM products"


def test_dollar_quoted_any_case_and_the_newest_example_wins(proxy: ProxyThread,
                                                           db: PgCluster) -> None:
    with Client(proxy, OWNER) as c:
        c.simple("teach ask $$cheapest product$$ as $$SELECT name FROM products ORDER BY price "
                 "LIMIT 1$$")
        assert c.simple("ASK 'cheapest product'") == [("Noodles",)]
        cur = c.extended("Teach Ask $q$cheapest product$q$ AS $$SELECT name, price FROM "
                         "products ORDER BY price LIMIT 1$$")
        assert cur.statusmessage == "INSERT 0 1"
        assert c.simple("ASK 'Cheapest product.'") == [("Noodles", 1.25)]
    forget(db, "cheapest product")


def test_a_change_made_directly_on_the_server_is_seen_by_the_next_ask(
        proxy: ProxyThread, db: PgCluster) -> None:
    with Client(proxy, OWNER) as c:
        c.simple("TEACH ASK 'product names' AS 'SELECT name FROM products ORDER BY id'")
        assert c.simple("ASK 'product names'")[0] == ("Tea",)
        db.psql("UPDATE askproxy.examples SET sql = 'SELECT name FROM products ORDER BY id DESC' "
                "WHERE question = 'product names'", dbname=DB)
        assert c.simple("ASK 'product names'")[0] == ("Noodles",)
        forget(db, "product names")
        with pytest.raises(psycopg.Error):     # the model (which knows nothing of it) answers
            c.simple("ASK 'product names'")


def test_the_model_never_sees_the_examples_table(proxy: ProxyThread,
                                                 translator: FixedTranslator) -> None:
    seen = []

    async def spy(question, schema):  # type: ignore[no-untyped-def]
        seen.append(schema)
        return []
    original = translator.translate
    translator.translate = spy  # type: ignore[method-assign]
    try:
        with Client(proxy, OWNER) as c, pytest.raises(psycopg.Error):
            c.simple("ASK 'list the products'")
    finally:
        translator.translate = original  # type: ignore[method-assign]
    assert seen and all(t.schema != "askproxy" for t in seen[0].tables)


# --- who benefits: grants and row-level security -----------------------------------------------

def test_a_role_never_gets_an_example_it_cannot_select(proxy: ProxyThread, db: PgCluster,
                                                       translator: FixedTranslator) -> None:
    with Client(proxy, OWNER) as c:
        c.simple("TEACH ASK 'private: priciest product' AS "
                 "'SELECT ''PRIVATE-ANSWER'' AS secret_marker'")
        c.simple("TEACH ASK 'shared: cheapest product' AS 'SELECT ''SHARED-ANSWER'' AS shared'")
        assert c.simple("ASK 'private: priciest product'") == [("PRIVATE-ANSWER",)]
    translator.calls.clear()
    for role in (READER, OUTSIDER):
        with Client(proxy, role) as c:
            assert c.simple("ASK 'private: priciest product'") == [("model",)]
            assert c.extended("ASK 'private: priciest product'").fetchall() == [("model",)]
            assert not any("PRIVATE" in n or "taught" in n for n in c.notices)
    # (the second ASK of each role is the translation cache's: the model ran once per role)
    assert translator.calls == [("private: priciest product", r) for r in (READER, OUTSIDER)]
    with Client(proxy, READER) as c:
        assert c.simple("ASK 'shared: cheapest product'") == [("SHARED-ANSWER",)]
        assert "taught example" in c.notices[-1]
    with Client(proxy, OUTSIDER) as c:       # no grant on the table at all: no examples
        assert c.simple("ASK 'shared: cheapest product'") == [("model",)]


def test_taught_words_reach_untaught_questions_only_for_roles_that_see_them(
        proxy: ProxyThread, db: PgCluster) -> None:
    # The model's one answer fails validation, so the plain reading is the answer. "bargain
    # products" means price < 3 only in the owner's taught example, which row-level security
    # hides from the reader: the reader's answer (an error, or a count that ignores the word)
    # is never the taught one.
    question = "ASK 'how many bargain products have a price above 1'"
    try:
        with Client(proxy, OWNER) as c:
            c.simple("TEACH ASK 'bargain products' AS 'SELECT name FROM products WHERE price < 3'")
            assert c.simple(question) == [(2,)]
        with Client(proxy, READER) as c:
            try:
                answer = c.simple(question)
            except psycopg.Error:
                answer = None
            assert answer != [(2,)]
    finally:
        forget(db, "bargain products")


def test_a_word_taught_for_what_is_counted_places_untaught_questions(proxy: ProxyThread,
                                                                      db: PgCluster) -> None:
    # "goods" is no word of the schema: "list the goods" is refused before any model time.
    # Taught as what "how many goods do we sell" counts, it is the products table for every
    # later question of the role (the model's answer fails validation: the reading answers).
    try:
        with Client(proxy, OWNER) as c:
            with pytest.raises(psycopg.Error) as refused:
                c.simple("ASK 'list the goods'")
            assert sqlstate(refused).startswith("42")
            c.simple("TEACH ASK 'how many goods do we sell' AS 'SELECT count(*) FROM products'")
            assert sorted(c.simple("ASK 'list the goods'")) == [("Noodles",), ("Rice",), ("Tea",)]
    finally:
        forget(db, "how many goods do we sell")


def test_a_taught_example_never_answers_a_question_that_adds_a_taught_word(
        proxy: ProxyThread, db: PgCluster) -> None:
    # "how many staple products are there" is close enough to the taught "how many products
    # are there" to be taken for it, but "staple" was taught to mean price < 3: the count of
    # every product is no answer to it; the reading with the taught filter is.
    taught = ("how many products are there", "staple products")
    try:
        with Client(proxy, OWNER) as c:
            c.simple("TEACH ASK 'how many products are there' AS 'SELECT count(*) FROM products'")
            c.simple("TEACH ASK 'staple products' AS 'SELECT name FROM products WHERE price < 3'")
            assert c.simple("ASK 'how many products are there'") == [(3,)]
            assert c.simple("ASK 'how many staple products are there'") == [(2,)]
    finally:
        for question in taught:
            forget(db, question)


def test_a_reading_cached_before_a_teach_is_read_again_after_it(proxy: ProxyThread,
                                                                 db: PgCluster) -> None:
    # "premium" is unplaced before (the reading covers 5 of 6 words and is cached), a filter
    # after ("premium products" taught as price < 3): the cached reading must not answer.
    try:
        with Client(proxy, OWNER) as c:
            assert c.simple("ASK 'how many premium products have a price above 1'") == [(3,)]
            c.simple("TEACH ASK 'premium products' AS 'SELECT name FROM products WHERE price < 3'")
            assert c.simple("ASK 'how many premium products have a price above 1'") == [(2,)]
    finally:
        forget(db, "premium products")


def test_a_grant_made_through_the_proxy_counts_at_once(proxy: ProxyThread,
                                                       db: PgCluster) -> None:
    """Whether a role may read examples comes from its schema context, which DDL relayed by the
    proxy drops (made directly on the server: after [ask] schema_ttl_s or REFRESH SCHEMA)."""
    with Client(proxy, OWNER) as c:
        c.simple("TEACH ASK 'shared: granted later' AS 'SELECT ''TAUGHT'' AS t'")
    with Client(proxy, OUTSIDER) as c, Client(proxy, "postgres") as admin:
        with pytest.raises(psycopg.Error):           # the model knows nothing of it
            c.simple("ASK 'shared: granted later'")
        admin.simple(f"GRANT USAGE ON SCHEMA askproxy TO {OUTSIDER}; "
                     f"GRANT SELECT ON askproxy.examples TO {OUTSIDER}")
        try:
            assert c.simple("ASK 'shared: granted later'") == [("TAUGHT",)]
        finally:
            admin.simple(f"REVOKE SELECT ON askproxy.examples FROM {OUTSIDER}; "
                         f"REVOKE USAGE ON SCHEMA askproxy FROM {OUTSIDER}")
        with pytest.raises(psycopg.Error):
            c.simple("ASK 'shared: granted later'")
    forget(db, "shared: granted later")


def test_teaching_needs_insert_on_the_table(proxy: ProxyThread) -> None:
    for role in (READER, OUTSIDER):
        with Client(proxy, role) as c, pytest.raises(psycopg.Error) as exc:
            c.simple("TEACH ASK 'q' AS 'SELECT 1'")
        assert sqlstate(exc) == "42501"
        assert f"role {role} may not teach" in str(exc.value)
        assert "GRANT" in (exc.value.diag.message_hint or "")
        with Client(proxy, role) as c, pytest.raises(psycopg.Error) as exc:
            c.extended("TEACH ASK 'q' AS 'SELECT 1'")
        assert sqlstate(exc) == "42501"


def test_teach_without_the_table_says_to_run_init(proxy: ProxyThread) -> None:
    with Client(proxy, "postgres", dbname=f"{DB}_bare") as c:
        with pytest.raises(psycopg.Error) as exc:
            c.simple("TEACH ASK 'q' AS 'SELECT 1'")
        assert sqlstate(exc) == "42P01"
        assert "askproxy init" in (exc.value.diag.message_hint or "")
        assert c.simple("SELECT 1") == [(1,)]


# --- what may be taught ------------------------------------------------------------------------

@pytest.mark.parametrize("sql, state", [
    ("DELETE FROM products", "42501"),
    ("WITH d AS (DELETE FROM products RETURNING *) SELECT * FROM d", "42501"),
    ("SELECT * FROM products FOR UPDATE", "42501"),
    ("SELECT setval('x', 1)", "42501"),
    ("SELEC name FROM products", "42601"),
    ("SELECT colour FROM products", "42703"),
    ("SELECT * FROM nowhere", "42P01"),
    ("SELECT name + 1 FROM products", "42883"),     # validates; fails when it runs
])
def test_teach_refuses_what_ask_would_refuse(proxy: ProxyThread, db: PgCluster, sql: str,
                                            state: str) -> None:
    for run in ("simple", "extended"):
        with Client(proxy, OWNER) as c:
            with pytest.raises(psycopg.Error) as exc:
                getattr(c, run)(f"TEACH ASK 'bad one' AS $${sql}$$")
            assert sqlstate(exc) == state, (run, str(exc.value))
            assert exc.value.diag.message_detail.startswith("taught SQL: "), run
            assert c.simple("SELECT 1") == [(1,)]
    assert stored(db, "bad one") == ""
    assert db.psql("SELECT count(*) FROM products", dbname=DB) == "3"


def test_teach_syntax_errors(proxy: ProxyThread) -> None:
    for text in ("TEACH ASK 'q'", "TEACH ASK 'q' 'SELECT 1'", "TEACH ASK 'q' AS SELECT 1",
                 "TEACH ASK '' AS 'SELECT 1'"):
        with Client(proxy, OWNER) as c, pytest.raises(psycopg.Error) as exc:
            c.simple(text)
        assert sqlstate(exc) == "42601", text


def test_taught_sql_runs_read_only_as_the_caller(proxy: ProxyThread, db: PgCluster) -> None:
    with Client(proxy, OWNER) as c:
        c.simple("TEACH ASK 'shared: who am i' AS $$SELECT current_user AS who, "
                 "current_setting('transaction_read_only') AS ro$$")
    with Client(proxy, READER) as c:
        assert c.simple("ASK 'shared: who am i'") == [(READER, "on")]
        assert c.extended("ASK 'shared: who am i'").fetchall() == [(READER, "on")]
        c.simple("BEGIN")
        assert c.simple("ASK 'shared: who am i'") == [(READER, "on")]
        c.simple("COMMIT")
    forget(db, "shared: who am i")


def test_taught_sql_is_validated_again_for_the_asker(proxy: ProxyThread, db: PgCluster,
                                                     translator: FixedTranslator) -> None:
    """An example written straight into the table (not through TEACH) gets no free pass."""
    db.psql("INSERT INTO askproxy.examples (question, sql, created_by) VALUES "
            "('shared: sneaky', 'DELETE FROM products', 'teach_owner')", dbname=DB)
    translator.calls.clear()
    with Client(proxy, READER) as c, pytest.raises(psycopg.Error):
        c.simple("ASK 'shared: sneaky'")     # not taught: the model (which knows nothing) runs
    assert translator.calls == [("shared: sneaky", READER)]
    assert db.psql("SELECT count(*) FROM products", dbname=DB) == "3"
    forget(db, "shared: sneaky")


# --- transactions and pipelines ----------------------------------------------------------------

def test_teach_in_a_block_commits_or_rolls_back_with_it(proxy: ProxyThread, db: PgCluster) -> None:
    with Client(proxy, OWNER) as c:
        c.simple("BEGIN")
        c.simple("TEACH ASK 'rolled back' AS 'SELECT 1'")
        c.simple("ROLLBACK")
        assert stored(db, "rolled back") == ""
        c.simple("BEGIN")
        with pytest.raises(psycopg.Error):
            c.simple("TEACH ASK 'kept' AS 'DELETE FROM products'")
        c.simple("TEACH ASK 'kept' AS 'SELECT 2'")      # the failed TEACH did not abort it
        assert c.simple("SELECT 1") == [(1,)]
        c.simple("COMMIT")
        assert stored(db, "kept") == "SELECT 2"
        with c.conn.transaction():                          # extended protocol in a block
            c.extended("TEACH ASK 'extended rolled back' AS 'SELECT 3'")
            raise_rollback(c)
        assert stored(db, "extended rolled back") == ""
    forget(db, "kept")


def raise_rollback(c: Client) -> None:
    c.conn.execute("SELECT 1")
    raise psycopg.Rollback()


def test_teach_in_a_multi_statement_query(proxy: ProxyThread, db: PgCluster) -> None:
    with Client(proxy, OWNER) as c:
        cur = psycopg.ClientCursor(c.conn)
        cur.execute("SELECT 1; TEACH ASK 'multi' AS 'SELECT 4'; SELECT 5")
        results = [cur.statusmessage]
        while cur.nextset():
            results.append(cur.statusmessage)
        assert results == ["SELECT 1", "INSERT 0 1", "SELECT 1"]
        assert cur.fetchall() == [(5,)]
        assert stored(db, "multi") == "SELECT 4"
    forget(db, "multi")


def test_teach_in_a_pipeline(proxy: ProxyThread, db: PgCluster) -> None:
    with Client(proxy, OWNER) as c:
        with c.conn.pipeline() as p:
            c.extended("TEACH ASK 'piped' AS 'SELECT 6'")
            p.sync()
            cur = c.extended("SELECT 7")
        assert cur.fetchall() == [(7,)]
        assert stored(db, "piped") == "SELECT 6"
        with pytest.raises(psycopg.errors.FeatureNotSupported):
            with c.conn.pipeline():
                c.extended("SELECT 8")
                c.extended("TEACH ASK 'piped late' AS 'SELECT 9'")
        assert stored(db, "piped late") == ""
        assert c.simple("SELECT 1") == [(1,)]
    forget(db, "piped")


def test_psql_session(proxy: ProxyThread, db: PgCluster) -> None:
    out = subprocess.run(
        ["psql", "-X", "-v", "ON_ERROR_STOP=1", proxy.dsn(OWNER, DB, sslmode="disable"), "-c",
         "TEACH ASK 'psql question' AS 'SELECT 11 AS eleven'", "-c", "ASK 'PSQL question?'"],
        capture_output=True, text=True, check=True)
    assert "INSERT 0 1" in out.stdout and "eleven" in out.stdout
    assert "taught example" in out.stderr
    forget(db, "psql question")


# --- units --------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("How many products?", "how many products"),
    ("  how\tmany   products ...", "HOW MANY PRODUCTS"),
    ('"top customers"', "top customers"),
    ("what's the total", "whats the total"),
])
def test_normalisation(a: str, b: str) -> None:
    assert normalize_question(a) == normalize_question(b)


def test_normalisation_keeps_words_apart() -> None:
    assert normalize_question("how many products") != normalize_question("how many product")
