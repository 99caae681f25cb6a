"""An ASK next to the client's own work: nothing the client writes is lost, ended or rolled back.

Each scenario is run the way a client pipelines it (psycopg's pipeline mode, asyncpg, raw
extended-protocol batches) against real PostgreSQL, and the rows that persist are checked on a
direct connection. The rule the proxy follows: the ASK's read-only wrapping is decided from the
transaction state *within the batch*, as the server sees it, and it never ends, commits or rolls
back anything of the client's.
"""

from __future__ import annotations

from collections.abc import Iterator

import asyncpg
import psycopg
import pytest

from proxy.wire import messages as m
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread
from tests.raw_client import RawClient, sqlstate

DB = "txshop"
TABLE = {
    "how many notes": ["SELECT count(*) AS n FROM notes"],
    "read only?": ["SELECT current_setting('transaction_read_only') AS ro"],
    "slow": ["SELECT count(*) AS n FROM generate_series(1, 300000000)"],
}


@pytest.fixture(scope="module")
def db(pg: PgCluster) -> PgCluster:
    pg.psql(f"DROP DATABASE IF EXISTS {DB}")
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql("CREATE TABLE notes (id int PRIMARY KEY, body text)", dbname=DB)
    pg.psql("CREATE TABLE deferred (id int UNIQUE DEFERRABLE INITIALLY DEFERRED)", dbname=DB)
    return pg


@pytest.fixture(scope="module")
def proxy(db: PgCluster) -> Iterator[ProxyThread]:
    p = ProxyThread(db, FixedTranslator(TABLE), ask={"statement_timeout_ms": 300, "refuse_unanswerable": False}).start()
    yield p
    p.stop()


@pytest.fixture(autouse=True)
def empty_notes(db: PgCluster) -> None:
    db.psql("TRUNCATE notes, deferred", dbname=DB)


def stored(db: PgCluster) -> list[int]:
    out = db.psql("SELECT coalesce(string_agg(id::text, ',' ORDER BY id), '') FROM notes",
                  dbname=DB)
    return [int(x) for x in out.split(",") if x]


def connect(proxy: ProxyThread, **kw) -> psycopg.Connection:
    return psycopg.connect(proxy.dsn(dbname=DB, sslmode="disable"), **kw)


def raw(proxy: ProxyThread) -> RawClient:
    client = RawClient(proxy.port)
    client.login(database=DB)
    return client


def statement(sql: str) -> bytes:
    """Parse/Bind/Execute of one unnamed statement, as a pipelining driver sends it."""
    return m.parse("", sql) + m.bind("", "") + m.describe("P", "") + m.execute("")


def kinds(messages: list[tuple[str, bytes]]) -> str:
    return "".join(t for t, _ in messages)


def errors(messages: list[tuple[str, bytes]]) -> list[str]:
    return [sqlstate(body) for t, body in messages if t == "E"]


def ready_status(messages: list[tuple[str, bytes]]) -> str:
    assert messages[-1][0] == "Z", messages
    return chr(messages[-1][1][0])


# --- psycopg pipeline mode (autocommit: one implicit transaction per Sync) -----------------

def test_pipelined_insert_before_an_ask_persists(proxy: ProxyThread, db: PgCluster) -> None:
    with connect(proxy, autocommit=True) as conn:
        with conn.pipeline():
            conn.execute("INSERT INTO notes VALUES (1, 'kept')")
            cur = conn.execute("ASK 'how many notes'")
        assert cur.fetchone() == (1,)            # the ASK sees the batch's own insert
        assert conn.info.transaction_status.name == "IDLE"
    assert stored(db) == [1]


def test_pipelined_insert_after_an_ask_is_not_read_only(proxy: ProxyThread,
                                                         db: PgCluster) -> None:
    with connect(proxy, autocommit=True) as conn:
        with conn.pipeline():
            ask = conn.execute("ASK 'read only?'")
            conn.execute("INSERT INTO notes VALUES (2, 'after')")
            after = conn.execute("SELECT current_setting('transaction_read_only')")
        assert ask.fetchone() == ("on",)
        assert after.fetchone() == ("off",)
        assert conn.info.transaction_status.name == "IDLE"
    assert stored(db) == [2]


def test_inserts_around_asks_in_one_pipeline(proxy: ProxyThread, db: PgCluster) -> None:
    with connect(proxy, autocommit=True) as conn:
        with conn.pipeline():
            conn.execute("INSERT INTO notes VALUES (1, 'a')")
            first = conn.execute("ASK 'read only?'")
            conn.execute("INSERT INTO notes VALUES (2, 'b')")
            second = conn.execute("ASK 'how many notes'")
            conn.execute("INSERT INTO notes VALUES (3, 'c')")
        assert (first.fetchone(), second.fetchone()) == (("on",), (2,))
        assert conn.info.transaction_status.name == "IDLE"
        assert conn.execute("SHOW transaction_read_only").fetchone() == ("off",)
    assert stored(db) == [1, 2, 3]


def test_pipeline_inside_a_transaction(proxy: ProxyThread, db: PgCluster) -> None:
    with connect(proxy) as conn:                      # psycopg opens the transaction
        with conn.pipeline():
            conn.execute("INSERT INTO notes VALUES (1, 'a')")
            cur = conn.execute("ASK 'how many notes'")
            conn.execute("INSERT INTO notes VALUES (2, 'b')")
        assert cur.fetchone() == (1,)
        assert conn.info.transaction_status.name == "INTRANS"
        conn.commit()
    assert stored(db) == [1, 2]


def test_a_failing_ask_fails_its_pipeline_like_any_statement(proxy: ProxyThread,
                                                             db: PgCluster) -> None:
    """PostgreSQL's rule for an error in a pipeline: the implicit transaction rolls back and
    the rest up to Sync is skipped; the client is told, so nothing is lost silently."""
    with connect(proxy, autocommit=True) as conn:
        with pytest.raises(psycopg.errors.QueryCanceled):
            with conn.pipeline():
                conn.execute("INSERT INTO notes VALUES (1, 'a')")
                conn.execute("ASK 'slow'")
                conn.execute("INSERT INTO notes VALUES (2, 'b')")
        assert conn.info.transaction_status.name == "IDLE"
        assert conn.execute("SELECT 1").fetchone() == (1,)
        with conn.pipeline():                         # the session is fine afterwards
            conn.execute("INSERT INTO notes VALUES (3, 'c')")
            cur = conn.execute("ASK 'how many notes'")
        assert cur.fetchone() == (1,)
    assert stored(db) == [3]


def test_begin_after_an_ask_in_a_pipeline_opens_the_clients_block(proxy: ProxyThread,
                                                                   db: PgCluster) -> None:
    """INSERT; ASK; BEGIN; INSERT: as on PostgreSQL, the BEGIN turns the batch's work into
    the client's block, which stays open after Sync until the client commits."""
    client = raw(proxy)
    client.send(statement("INSERT INTO notes VALUES (1, 'a')") + statement("ASK 'how many notes'")
                + statement("BEGIN") + statement("INSERT INTO notes VALUES (2, 'b')") + m.SYNC)
    got = client.messages()
    assert errors(got) == [] and ready_status(got) == "T"
    assert stored(db) == []                              # not committed yet
    client.send(m.query("COMMIT"))
    assert ready_status(client.messages()) == "I"
    client.close()
    assert stored(db) == [1, 2]


def test_a_failing_implicit_commit_is_reported(proxy: ProxyThread, db: PgCluster) -> None:
    """A deferred constraint fails when the batch commits at Sync; next to an ASK the client
    gets that error exactly as it would from PostgreSQL, and nothing is stored."""
    client = raw(proxy)
    client.send(statement("INSERT INTO deferred VALUES (1)") + statement("INSERT INTO deferred VALUES (1)")
                + statement("ASK 'how many notes'") + m.SYNC)
    got = client.messages()
    assert errors(got) == ["23505"] and ready_status(got) == "I"
    client.send(m.query("SELECT count(*) FROM deferred"))
    assert [m.parse_data_row(b) for t, b in client.messages() if t == "D"] == [("0",)]
    client.close()


# --- asyncpg --------------------------------------------------------------------------------

async def test_asyncpg_transaction_with_an_ask(proxy: ProxyThread, db: PgCluster) -> None:
    conn = await asyncpg.connect(host="127.0.0.1", port=proxy.port, user="postgres",
                                 database=DB, ssl=False)
    try:
        async with conn.transaction():
            await conn.execute("INSERT INTO notes VALUES ($1, 'a')", 1)
            assert await conn.fetchval("ASK 'how many notes'") == 1
            await conn.execute("INSERT INTO notes VALUES ($1, 'b')", 2)
        await conn.execute("INSERT INTO notes VALUES ($1, 'c')", 3)
        assert await conn.fetchval("ASK 'read only?'") == "on"
        assert await conn.fetchval("SHOW transaction_read_only") == "off"
    finally:
        await conn.close()
    assert stored(db) == [1, 2, 3]


# --- raw extended-protocol batches --------------------------------------------------------

def test_begin_insert_ask_in_one_batch_keeps_the_clients_transaction(
        proxy: ProxyThread, db: PgCluster) -> None:
    client = raw(proxy)
    client.send(statement("BEGIN") + statement("INSERT INTO notes VALUES (1, 'a')")
                + statement("ASK 'how many notes'") + m.SYNC)
    got = client.messages()
    assert errors(got) == [] and ready_status(got) == "T"
    assert "N" not in kinds(got).replace("N", "", 1)   # only the generated-SQL notice
    client.send(m.query("COMMIT"))
    got = client.messages()
    assert [t for t, _ in got] == ["C", "Z"], got       # no 25P01 "no transaction" warning
    assert ready_status(got) == "I"
    client.close()
    assert stored(db) == [1]


def test_commit_then_ask_then_insert_in_a_batch(proxy: ProxyThread, db: PgCluster) -> None:
    client = raw(proxy)
    client.send(m.query("BEGIN"))
    assert ready_status(client.messages()) == "T"
    client.send(statement("INSERT INTO notes VALUES (1, 'a')") + statement("COMMIT")
                + statement("ASK 'read only?'") + statement("INSERT INTO notes VALUES (2, 'b')")
                + m.SYNC)
    got = client.messages()
    assert errors(got) == [], got
    rows = [m.parse_data_row(body) for t, body in got if t == "D"]
    assert rows == [("on",)]
    assert ready_status(got) == "I"
    client.close()
    assert stored(db) == [1, 2]


def test_ask_after_an_error_and_flush_does_not_hang(proxy: ProxyThread, db: PgCluster) -> None:
    client = raw(proxy)
    client.send(statement("SELECT 1/0") + m.FLUSH)
    got = client.messages(until=b"E")
    assert errors(got) == ["22012"]
    client.send(statement("ASK 'how many notes'") + m.SYNC)
    got = client.messages()
    assert errors(got) == [] and ready_status(got) == "I"   # skipped, as the server does
    client.send(statement("ASK 'how many notes'") + m.SYNC)
    got = client.messages()
    assert errors(got) == [] and [m.parse_data_row(b) for t, b in got if t == "D"] == [("0",)]
    client.close()


def test_extended_ask_error_in_a_block_aborts_it_like_any_error(proxy: ProxyThread,
                                                                db: PgCluster) -> None:
    """What the README says: in the extended protocol a failing ASK behaves like any failing
    statement, so inside a transaction block the block is aborted."""
    with connect(proxy) as conn:
        conn.execute("INSERT INTO notes VALUES (1, 'a')")
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("ASK 'slow'", prepare=True)
        assert conn.info.transaction_status.name == "INERROR"
        conn.rollback()
        conn.execute("INSERT INTO notes VALUES (2, 'b')")
        assert conn.execute("ASK 'how many notes'", prepare=True).fetchone() == (1,)
        conn.commit()
    assert stored(db) == [2]


def test_simple_ask_error_in_a_block_keeps_it(proxy: ProxyThread, db: PgCluster) -> None:
    """And what it says of the simple protocol: the ASK ran in a savepoint, the block lives."""
    with connect(proxy) as conn:
        conn.execute("INSERT INTO notes VALUES (1, 'a')")
        with pytest.raises(psycopg.errors.QueryCanceled):
            conn.execute("ASK 'slow'", prepare=False)
        assert conn.info.transaction_status.name == "INTRANS"
        conn.commit()
    assert stored(db) == [1]


def test_execute_of_a_prepared_ask_statement_runs_read_only(proxy: ProxyThread) -> None:
    client = raw(proxy)
    client.send(m.parse("askq", "ASK 'read only?'") + m.SYNC)
    got = client.messages()
    assert errors(got) == [] and ready_status(got) == "I"
    client.send(m.query("EXECUTE askq"))
    got = client.messages()
    assert errors(got) == [], got
    assert [m.parse_data_row(b) for t, b in got if t == "D"] == [("on",)]
    assert ready_status(got) == "I"
    client.send(m.query("SHOW transaction_read_only"))
    assert [m.parse_data_row(b) for t, b in client.messages() if t == "D"] == [("off",)]
    client.close()


def test_copy_from_stdin_with_an_ask_in_one_query_is_refused(proxy: ProxyThread,
                                                             db: PgCluster) -> None:
    client = raw(proxy)
    client.send(m.query("COPY notes FROM STDIN; ASK 'how many notes'"))
    got = client.messages()
    assert errors(got) == ["0A000"] and ready_status(got) == "I"
    client.send(m.query("SELECT 1"))
    assert ready_status(client.messages()) == "I"
    client.close()
    assert stored(db) == []


def test_copy_then_an_ask(proxy: ProxyThread, db: PgCluster) -> None:
    with connect(proxy, autocommit=True) as conn:
        with conn.cursor().copy("COPY notes FROM STDIN") as copy:
            copy.write_row((1, "copied"))
        assert conn.execute("ASK 'how many notes'", prepare=True).fetchone() == (1,)
        assert conn.execute("ASK 'how many notes'", prepare=False).fetchone() == (1,)
    assert stored(db) == [1]


def test_a_failing_catalog_read_mid_batch_is_reported(proxy: ProxyThread, db: PgCluster) -> None:
    """The schema context reads values through the caller's session; a policy that errors
    (an unset setting) fails the batch the read ran in. The client must be told — never a
    batch that silently lost its INSERT."""
    db.psql("DROP TABLE IF EXISTS tenant_tiers; "
            "DO $$BEGIN CREATE ROLE tier_reader LOGIN; EXCEPTION WHEN duplicate_object THEN END$$; "
            "CREATE TABLE tenant_tiers (tenant text, tier text); "
            "INSERT INTO tenant_tiers VALUES ('a', 'gold'); "
            "ALTER TABLE tenant_tiers ENABLE ROW LEVEL SECURITY; "
            "CREATE POLICY by_tenant ON tenant_tiers USING (tenant = current_setting('app.tenant')); "
            "GRANT SELECT, INSERT ON notes, tenant_tiers TO tier_reader", dbname=DB)
    try:
        client = RawClient(proxy.port)
        client.login(user="tier_reader", database=DB)
        client.send(statement("INSERT INTO notes VALUES (1, 'a')")
                    + statement("ASK 'how many notes'") + m.SYNC)
        got = client.messages()
        assert ready_status(got) == "I"
        if stored(db) != [1]:
            assert errors(got) == ["42704"], got   # the policy's own error, relayed
        client.send(m.query("SELECT 1"))
        assert ready_status(client.messages()) == "I"
        client.close()
    finally:
        db.psql("DROP TABLE tenant_tiers", dbname=DB)
