"""A CancelRequest for a running ASK is answered within 100 ms, whatever the ASK is doing:
waiting for the model, or reading and preparing the context of a wide schema it has not seen
(on a schema of thousands of tables that work once held the event loop for seconds, and the
cancel waited behind it). Real proxy, real PostgreSQL, psycopg's own cancel."""

from __future__ import annotations

import socket
import statistics
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from proxy.wire import messages as m
from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread
from tests.raw_client import RawClient, sqlstate, startup_packet

WIDE_DB = "ask_cancel_wide"
WIDE_TABLES = 1000
MAX_ANSWER_S = 0.1
TRIALS = 5          # the median of these is held to the bound (a loaded 2-core machine)


@pytest.fixture(scope="module")
def proxy(pg: PgCluster) -> Iterator[ProxyThread]:
    pg.psql(f"DROP DATABASE IF EXISTS {WIDE_DB}")
    pg.psql(f"CREATE DATABASE {WIDE_DB}")
    pg.psql(f"""DO $$
BEGIN
  FOR i IN 1..{WIDE_TABLES} LOOP
    EXECUTE format('CREATE TABLE t%s (id int PRIMARY KEY, name text, city text, amount numeric)', i);
    EXECUTE format('INSERT INTO t%s VALUES (1, %L, %L, 1), (2, %L, %L, 2)', i,
                   'Vendor ' || i, 'Town ' || i, 'Maker ' || i, 'City ' || i);
  END LOOP;
END $$""", dbname=WIDE_DB)
    p = ProxyThread(pg, FixedTranslator({"sleep:3": ["SELECT 1"]}), ask={"probe_values": False}).start()
    yield p
    p.stop()


def _answer_time(proxy: ProxyThread, dbname: str, after_s: float, invalidate: bool) -> float:
    """Seconds from sending a cancel ``after_s`` into an ASK to the ASK's error reaching the client."""
    with psycopg.connect(proxy.dsn(dbname=dbname), autocommit=True) as conn:
        if invalidate:     # a new schema version: the ASK reads and prepares the context again
            conn.execute("ANALYZE t1")
        failed: list[float] = []

        def ask() -> None:
            try:
                conn.execute("ASK 'sleep:3'", prepare=False)
            except psycopg.errors.QueryCanceled:
                failed.append(time.perf_counter())

        runner = threading.Thread(target=ask)
        runner.start()
        time.sleep(after_s)
        sent = time.perf_counter()
        conn.cancel_safe()
        runner.join(10)
        assert failed, "the ASK was not cancelled"
        assert conn.execute("select 1").fetchone() == (1,)
        return failed[0] - sent


def test_cancel_while_translating_is_answered_at_once(proxy: ProxyThread) -> None:
    times = [_answer_time(proxy, "postgres", 0.3, invalidate=False) for _ in range(3)]
    print("cancel while translating answered in", [f"{1000 * t:.1f} ms" for t in times])
    assert statistics.median(times) <= MAX_ANSWER_S


# 0.05 s in, the ASK waits for the catalog query it injected (about 0.4 s on 1,000 tables
# here), which PostgreSQL cancels only after 90-120 ms of its planning: the client's answer
# goes out at once, ahead of that query's (abandoned) answer, which the proxy drains.
@pytest.mark.parametrize("after_s", [0.05, 0.6])
def test_cancel_while_reading_a_wide_schema_is_answered_at_once(proxy: ProxyThread, after_s: float) -> None:
    times = [_answer_time(proxy, WIDE_DB, after_s, invalidate=True) for _ in range(TRIALS)]
    print(f"cancel {after_s} s into a cold ASK on {WIDE_TABLES} tables answered in",
          [f"{1000 * t:.1f} ms" for t in times])
    assert statistics.median(times) <= MAX_ANSWER_S


def _login(client: RawClient) -> tuple[int, bytes]:
    client.send(startup_packet(database=WIDE_DB))
    got = client.messages()
    assert got[-1][0] == "Z", got
    return next(m.parse_backend_key_data(body) for t, body in got if t == "K")


def _send_cancel(proxy: ProxyThread, key: tuple[int, bytes]) -> None:
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
        sock.sendall(m.cancel_request(*key))
        sock.recv(1)     # the proxy closes the connection once the cancel is dealt with


def test_session_stays_in_order_after_a_cancelled_ask(proxy: ProxyThread) -> None:
    """A query pipelined behind the cancelled ASK (sent in the same write, before the cancel)
    gets its own answer, after the ASK's error, and the session goes on as usual."""
    client = RawClient(proxy.port)
    try:
        key = _login(client)
        next_answered: list[float] = []
        for _ in range(TRIALS):
            client.send(m.query("ANALYZE t1"))      # a new schema version: read it again
            assert client.messages()[-1] == ("Z", b"I")
            client.send(m.query("ASK 'sleep:3'") + m.query("SELECT name FROM t7 WHERE id = 2"))
            time.sleep(0.05)                        # into the ASK's catalog read
            sent = time.perf_counter()
            _send_cancel(proxy, key)
            cancelled = client.messages()
            assert [t for t, _ in cancelled] == ["E", "Z"], cancelled
            assert sqlstate(cancelled[0][1]) == "57014"
            assert cancelled[1][1] == b"I"
            answer = client.messages()
            next_answered.append(time.perf_counter() - sent)
            assert [t for t, _ in answer] == ["T", "D", "C", "Z"], answer
            assert m.parse_data_row(answer[1][1]) == ("Maker 7",)
            assert answer[-1][1] == b"I"
        print("query pipelined behind the cancelled ASK answered in",
              [f"{1000 * t:.1f} ms" for t in next_answered])
        client.send(m.query("SELECT count(*) FROM t1000"))
        after = client.messages()
        assert [t for t, _ in after] == ["T", "D", "C", "Z"]
        assert m.parse_data_row(after[1][1]) == ("2",)
    finally:
        client.close()
