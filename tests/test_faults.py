"""Faults: the database, the network, the client or the model misbehaving mid-request.

PostgreSQL sits behind :class:`tests.fault_proxy.FaultProxy`, which cuts connections on
command. Each test checks that the client involved gets an error (or a closed connection)
promptly, that other sessions carry on, and that nothing is left behind upstream.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import psycopg
import pytest

from ask.schema import SchemaContext
from ask.translate.translator import Candidate
from tests import db_state
from tests.fault_proxy import FaultProxy
from tests.pg_cluster import PgCluster, free_port
from tests.proxy_fixture import FixedTranslator, ProxyThread
from tests.raw_client import RawClient


class WatchedTranslator(FixedTranslator):
    """Also records translations that were cancelled (the client went away)."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        super().__init__(table)
        self.cancelled: list[str] = []
        self.started = threading.Event()

    async def translate(self, question: str, schema: SchemaContext) -> list[Candidate]:
        self.started.set()
        try:
            return await super().translate(question, schema)
        except asyncio.CancelledError:
            self.cancelled.append(question)
            raise


@pytest.fixture(scope="module")
def translator() -> WatchedTranslator:
    return WatchedTranslator({"count": ["select count(*) from generate_series(1, 3) g"]})


@pytest.fixture(scope="module")
def proxy(pg: PgCluster, fault: FaultProxy, translator: WatchedTranslator) -> Iterator[ProxyThread]:
    p = ProxyThread(pg, translator,
                    upstream={"url": f"postgresql://127.0.0.1:{fault.port}?sslmode=disable",
                              "connect_timeout_s": 3.0},
                    ask={"translate_timeout_s": 1.0}).start()
    yield p
    p.stop()


@pytest.fixture
def bystander(proxy: ProxyThread) -> Iterator[psycopg.Connection]:
    with psycopg.connect(proxy.dsn(application_name="bystander"), autocommit=True) as conn:
        conn.execute("SELECT 1")
        yield conn
        # whatever the test did to others, this session is intact
        assert conn.execute("SELECT 41 + 1").fetchone() == (42,)


def run_in_thread(fn) -> tuple[threading.Thread, list[BaseException]]:  # type: ignore[no-untyped-def]
    errors: list[BaseException] = []

    def target() -> None:
        try:
            fn()
        except BaseException as exc:   # noqa: BLE001 - handed to the test thread
            errors.append(exc)
    t = threading.Thread(target=target, daemon=True)
    t.start()
    return t, errors


def wait_for_query(pg: PgCluster, app: str, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(s[4] == "active" for s in db_state.sessions(pg, application_name=app)):
            return
        time.sleep(0.02)
    raise AssertionError(f"{app} never became active")


def test_upstream_backend_killed_mid_query(pg: PgCluster, proxy, bystander) -> None:
    with psycopg.connect(proxy.dsn(application_name="killed"), autocommit=True) as conn:
        t, errors = run_in_thread(lambda: conn.execute("SELECT pg_sleep(20)"))
        wait_for_query(pg, "killed")
        started = time.monotonic()
        pg.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = 'killed'")
        t.join(10)
        assert time.monotonic() - started < 5
    assert errors and isinstance(errors[0], psycopg.OperationalError)
    assert getattr(errors[0], "sqlstate", None) in ("57P01", None)
    assert db_state.wait_no_sessions(pg, application_name="killed") == []


def test_network_cut_mid_query(pg: PgCluster, proxy, fault, bystander) -> None:
    fault.cut_on = b"pg_sleep(1.5)"
    with psycopg.connect(proxy.dsn(application_name="cut-query"), autocommit=True) as conn:
        started = time.monotonic()
        with pytest.raises(psycopg.OperationalError):
            conn.execute("SELECT pg_sleep(1.5)")
        assert time.monotonic() - started < 5
    assert db_state.wait_no_sessions(pg, application_name="cut-query") == []


def test_network_cut_mid_copy(pg: PgCluster, proxy, fault, bystander) -> None:
    bystander.execute("CREATE TABLE IF NOT EXISTS fault_copy (a int, b text)")
    fault.cut_on = b"cut-here"
    with psycopg.connect(proxy.dsn(application_name="cut-copy")) as conn:
        with pytest.raises(psycopg.OperationalError):
            with conn.cursor().copy("COPY fault_copy FROM STDIN") as copy:
                for i in range(2000):
                    copy.write_row((i, "row"))
                copy.write_row((-1, "cut-here"))
                for i in range(2000):
                    copy.write_row((i, "after"))
    assert bystander.execute("SELECT count(*) FROM fault_copy").fetchone() == (0,)
    assert db_state.wait_no_sessions(pg, application_name="cut-copy") == []


@pytest.mark.slow
def test_upstream_killed_mid_ask(pg: PgCluster, proxy, translator, bystander) -> None:
    translator.started.clear()
    with psycopg.connect(proxy.dsn(application_name="cut-ask"), autocommit=True) as conn:
        t, errors = run_in_thread(lambda: conn.execute("ASK 'sleep:0.8'"))
        assert translator.started.wait(5)
        pids = [s[0] for s in db_state.sessions(pg, application_name="cut-ask")]
        pg.psql(f"SELECT pg_terminate_backend(pid) FROM unnest(ARRAY{pids}::int[]) pid")
        t.join(10)
        assert not t.is_alive()
    assert errors and isinstance(errors[0], psycopg.Error)
    assert db_state.wait_no_sessions(pg, application_name="cut-ask") == []


def test_upstream_refusing_connections(pg: PgCluster, proxy, fault, bystander) -> None:
    fault.refusing = True
    try:
        started = time.monotonic()
        with pytest.raises(psycopg.OperationalError):
            psycopg.connect(proxy.dsn(application_name="refused"), connect_timeout=10)
        assert time.monotonic() - started < 5
    finally:
        fault.refusing = False
    with psycopg.connect(proxy.dsn(application_name="after-refusal")) as conn:
        assert conn.execute("SELECT 1").fetchone() == (1,)


def test_upstream_down_gives_08006(pg: PgCluster) -> None:
    p = ProxyThread(pg, upstream={"url": f"postgresql://127.0.0.1:{free_port()}",
                                  "connect_timeout_s": 2.0}).start()
    try:
        with pytest.raises(psycopg.OperationalError) as exc:
            psycopg.connect(p.dsn(), connect_timeout=10)
        assert "could not connect to upstream server" in str(exc.value)
        deadline = time.monotonic() + 5
        while p.server is not None and p.server.active_sessions and time.monotonic() < deadline:
            time.sleep(0.02)
        assert p.server is not None and p.server.active_sessions == 0
    finally:
        p.stop()


def test_client_vanishes_mid_result(pg: PgCluster, proxy, bystander) -> None:
    client = RawClient(proxy.port)
    client.login(application_name="vanish-result")
    from proxy.wire import messages as m
    client.send(m.query("SELECT repeat('x', 1000) FROM generate_series(1, 5000000)"))
    assert len(client.sock.recv(65536)) > 0
    client.close()
    assert db_state.wait_no_sessions(pg, timeout=15, application_name="vanish-result") == []


@pytest.mark.slow
def test_client_vanishes_mid_translation(pg: PgCluster, proxy, translator, bystander) -> None:
    from proxy.wire import messages as m
    translator.started.clear()
    before = len(translator.cancelled)
    client = RawClient(proxy.port)
    client.login(application_name="vanish-ask")
    client.send(m.query("ASK 'sleep:0.9'"))
    assert translator.started.wait(5)
    client.close()
    deadline = time.monotonic() + 5
    while len(translator.cancelled) == before and time.monotonic() < deadline:
        time.sleep(0.02)
    assert translator.cancelled[before:] == ["sleep:0.9"]   # its queued work was cancelled
    assert db_state.wait_no_sessions(pg, application_name="vanish-ask") == []


def test_translator_raising(proxy, bystander) -> None:
    with psycopg.connect(proxy.dsn(), autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as exc:
            conn.execute("ASK 'explode'")
        assert exc.value.sqlstate == "58000"
        assert "model crashed" in (exc.value.diag.message_detail or "")
        assert conn.execute("SELECT 2").fetchone() == (2,)
        assert conn.execute("ASK 'count'").fetchone()[0] > 0  # type: ignore[index]


def test_translator_timeout_leaves_passthrough_alone(proxy, bystander) -> None:
    with psycopg.connect(proxy.dsn(), autocommit=True) as conn:
        t, errors = run_in_thread(lambda: conn.execute("ASK 'sleep:3'"))
        latencies = []
        for _ in range(10):   # other sessions are not slowed down by the stuck translation
            started = time.monotonic()
            bystander.execute("SELECT 1")
            latencies.append(time.monotonic() - started)
            time.sleep(0.05)
        t.join(5)
        assert max(latencies) < 0.5
        assert errors and getattr(errors[0], "sqlstate", None) == "57014"
        assert conn.execute("SELECT 3").fetchone() == (3,)


def test_internal_error_in_ask_keeps_session(proxy, bystander,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import ask.planner as planner

    def broken(sql: str, schema: SchemaContext) -> None:
        raise ValueError("validator bug")
    monkeypatch.setattr(planner, "validate", broken)
    with psycopg.connect(proxy.dsn(), autocommit=True) as conn:
        with pytest.raises(psycopg.Error) as exc:
            conn.execute("ASK 'count'")
        assert exc.value.sqlstate == "XX000"
        assert conn.execute("SELECT 4").fetchone() == (4,)
