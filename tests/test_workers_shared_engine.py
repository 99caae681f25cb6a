"""``askproxy serve --workers 2`` with ``[engine] shared = "on"`` (issue 19): one engine server
process (the shipped model on ONNX Runtime) that both workers' ASKs batch into. Real serve
processes, real PostgreSQL, psycopg clients: ASKs answered from both workers, one model
loaded, a cancel reaching an ASK waiting in the engine server, and an engine server killed:
ASK fails with 58000 while plain SQL goes on, then it is restarted and ASK works again."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.pg_cluster import PgCluster
from tests.test_workers import SESSIONS, Served

pytestmark = pytest.mark.slow

QUESTION = "EXPLAIN ASK 'how many orders are there'"
SHARED = {"ASKPROXY_ENGINE_SHARED": "on", "ASKPROXY_ASK_BACKEND": "onnxruntime",
          "ASKPROXY_ASK_SKIP_STEPS": "plain_reading",          # every ASK goes to the model
          "ASKPROXY_ASK_TRANSLATION_CACHE_SIZE": "0", "ASKPROXY_LIMITS_SHUTDOWN_GRACE_S": "1",
          "ASKPROXY_ENGINE_SERVERS": "1"}                      # one server unless a test says more


ORDERS_DB = "se_orders_db"      # its own database: the shared cluster's other tests leave tables


@pytest.fixture
def orders(pg: PgCluster) -> Iterator[None]:
    pg.psql(f"drop database if exists {ORDERS_DB}")
    pg.psql(f"create database {ORDERS_DB}")
    pg.psql("create table se_orders(id int primary key, status text); "
            "insert into se_orders values (1, 'paid'), (2, 'cancelled')", dbname=ORDERS_DB)
    try:
        yield
    finally:
        pg.psql(f"drop database if exists {ORDERS_DB} with (force)")


def _engine_pid(served: Served, after: int = 0) -> int:
    pids = [int(p) for p in re.findall(r"engine server listening \(pid (\d+)\)", served.log)]
    assert len(pids) > after, served.log
    return pids[after]


def test_both_workers_answer_through_one_engine_server(pg: PgCluster, orders: None) -> None:
    served = Served(pg, 2, ask=True, **SHARED)
    try:
        conns = [psycopg.connect(served.dsn(ORDERS_DB), autocommit=True) for _ in range(SESSIONS)]
        results = [conn.execute(QUESTION).fetchall() for conn in conns]
        plans = {str(r[0][0]) for r in results}
        for conn in conns:
            conn.close()
        assert len(results) == SESSIONS and all(results), served.log
        assert any("se_orders" in p for p in plans), plans
        assert set(served.sessions_per_worker()) == {"0", "1"}, served.log
        # one model on one engine: loaded once, by the engine server; the workers only connect
        assert served.log.count("onnxruntime session:") == 1, served.log
        assert served.log.count("on the shared engine server") == 2, served.log
    finally:
        assert served.stop() == 0, served.log
    assert re.search(r"engine server \(pid \d+\) exited with status 0", served.log), served.log


def test_two_engine_servers_each_serve_their_workers(pg: PgCluster, orders: None) -> None:
    """``[engine] servers = 2``: two models loaded, by two engine servers, and the ASKs of both
    workers answered (worker 0 through server 0, worker 1 through server 1)."""
    served = Served(pg, 2, ask=True, **{**SHARED, "ASKPROXY_ENGINE_SERVERS": "2"})
    try:
        conns = [psycopg.connect(served.dsn(ORDERS_DB), autocommit=True) for _ in range(SESSIONS)]
        results = [conn.execute(QUESTION).fetchall() for conn in conns]
        for conn in conns:
            conn.close()
        assert len(results) == SESSIONS and all(results), served.log
        assert set(served.sessions_per_worker()) == {"0", "1"}, served.log
        assert served.log.count("onnxruntime session:") == 2, served.log
        assert {m for m in re.findall(r"engine server listening \(pid \d+\) on \S+/(engine-\d)\.sock",
                                      served.log)} == {"engine-0", "engine-1"}, served.log
    finally:
        assert served.stop() == 0, served.log


def test_a_cancel_reaches_an_ask_waiting_in_the_engine_server(pg: PgCluster, orders: None) -> None:
    # alone in the engine's queue, a request waits this long for company: the ASK is in flight there
    served = Served(pg, 2, ask=True, **SHARED, ASKPROXY_ASK_MAX_QUEUE_DELAY_MS="20000")
    try:
        conns = [psycopg.connect(served.dsn(ORDERS_DB), autocommit=True) for _ in range(4)]
        outcome: dict[int, tuple[str | None, float]] = {}

        def ask(i: int) -> None:
            started = time.monotonic()
            try:
                conns[i].execute(QUESTION)
                outcome[i] = ("answered", time.monotonic() - started)
            except psycopg.Error as exc:
                outcome[i] = (exc.sqlstate, time.monotonic() - started)
        thread = threading.Thread(target=ask, args=(0,))
        thread.start()
        time.sleep(1.0)
        conns[0].cancel()       # a new connection, on whichever worker the kernel picks
        thread.join(10)
        assert not thread.is_alive()
        state, took = outcome[0]
        assert state == "57014" and took < 3.0, (outcome, served.log)
        assert conns[0].execute("select 1").fetchone() == (1,)
        for conn in conns:
            conn.close()
    finally:
        assert served.stop() == 0, served.log


def test_a_dead_engine_server_fails_ask_then_is_restarted(pg: PgCluster, orders: None) -> None:
    served = Served(pg, 2, ask=True, **SHARED)
    try:
        conns = [psycopg.connect(served.dsn(ORDERS_DB), autocommit=True) for _ in range(SESSIONS)]
        assert all(conn.execute(QUESTION).fetchall() for conn in conns)
        os.kill(_engine_pid(served), signal.SIGKILL)
        served.wait_log(r"engine server \(pid \d+\) was killed by SIGKILL; its ASKs in flight failed")
        with pytest.raises(psycopg.Error) as failed:
            conns[0].execute(QUESTION)
        assert failed.value.sqlstate == "58000"
        assert "shared engine server" in str(failed.value), str(failed.value)
        assert all(conn.execute("select 1").fetchone() == (1,) for conn in conns)   # plain SQL unaffected
        deadline = time.monotonic() + 60
        while len(re.findall(r"engine server listening", served.log)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _engine_pid(served, 1) != _engine_pid(served, 0)
        assert all(conn.execute(QUESTION).fetchall() for conn in conns), served.log
        for conn in conns:
            conn.close()
    finally:
        assert served.stop() == 0, served.log


# --- the supervisor and a stand-in engine server (forks this test process) -------------------

ENGINE = """
import os, sys, signal, time
fd = int(sys.argv[sys.argv.index("--ready-fd") + 1])
log, mode = sys.argv[1], sys.argv[2]
with open(log, "a") as f:
    f.write(f"{os.getpid()}\\n")
starts = len(open(log).read().split())
if mode == "fail":
    sys.exit(1)
os.write(fd, b"r")
if mode == "die-once" and starts == 1:
    time.sleep(0.3)
    os._exit(3)
signal.pause()
"""


def _engine(log: str, mode: str) -> object:
    import sys
    return lambda socket: [sys.executable, "-c", ENGINE, log, mode]


def _starts(log: str) -> list[int]:
    try:
        return [int(p) for p in Path(log).read_text().split()]
    except FileNotFoundError:
        return []


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_the_engine_server_listens_before_the_workers_start_and_ends_after_them(tmp_path: Path) -> None:
    from proxy.workers import Supervisor, engine_socket
    log = f"{tmp_path}/engine.log"

    def worker(slot: object, ready: object) -> int:
        assert engine_socket(getattr(slot, "directory")).endswith("/engine-0.sock")
        return 7 if len(_starts(log)) == 1 else 9     # ends before it listens: the proxy stops
    assert Supervisor(1, worker, "test", engine=_engine(log, "stay")).run() == 7   # type: ignore[arg-type]
    (pid,) = _starts(log)
    assert _gone(pid)          # terminated and reaped once the worker had ended


def test_an_engine_server_that_never_listens_is_not_restarted_and_workers_start(tmp_path: Path) -> None:
    from proxy.workers import Supervisor
    log = f"{tmp_path}/engine.log"
    assert Supervisor(1, lambda slot, ready: 7, "test", engine=_engine(log, "fail")).run() == 7  # type: ignore[arg-type]
    assert len(_starts(log)) == 1


def test_an_engine_server_that_dies_is_restarted(tmp_path: Path) -> None:
    from proxy.workers import Supervisor
    log = f"{tmp_path}/engine.log"

    def worker(slot: object, ready: object) -> int:
        deadline = time.monotonic() + 20
        while len(_starts(log)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        return 7 if len(_starts(log)) == 2 else 9
    assert Supervisor(1, worker, "test", engine=_engine(log, "die-once")).run() == 7  # type: ignore[arg-type]
    assert all(_gone(pid) for pid in _starts(log))


def test_each_engine_server_listens_before_the_workers_start(tmp_path: Path) -> None:
    """``[engine] servers = 2``: two servers started, each on its own socket, both listening
    before any worker runs; both stopped and reaped once the workers have ended."""
    from proxy.workers import Supervisor, engine_of, engine_socket
    log = f"{tmp_path}/engine.log"
    sockets: list[str] = []

    def command(socket: str) -> list[str]:
        sockets.append(socket)
        return _engine(log, "stay")(socket)   # type: ignore[operator,no-any-return]

    def worker(slot: object, ready: object) -> int:
        return 7 if len(_starts(log)) == 2 else 9
    assert Supervisor(3, worker, "test", engine=command, engines=2).run() == 7   # type: ignore[arg-type]
    assert len(set(sockets)) == 2 and all(s.endswith(("/engine-0.sock", "/engine-1.sock")) for s in sockets)
    assert all(_gone(pid) for pid in _starts(log))
    assert [engine_of(i, 2) for i in range(4)] == [0, 1, 0, 1]
    assert engine_socket("/d", 1) == "/d/engine-1.sock"


def test_no_more_engine_servers_than_workers(tmp_path: Path) -> None:
    from proxy.workers import Supervisor
    log = f"{tmp_path}/engine.log"
    assert Supervisor(1, lambda slot, ready: 7, "test", engine=_engine(log, "stay"), engines=4).run() == 7  # type: ignore[arg-type]
    assert len(_starts(log)) == 1


def test_a_failed_engine_server_does_not_hold_back_the_workers(tmp_path: Path) -> None:
    """One of two servers fails to start: the workers start all the same (its workers' ASKs
    fail with 58000), and the failed one is not restarted."""
    from proxy.workers import Supervisor
    log = f"{tmp_path}/engine.log"
    modes = iter(("fail", "stay"))

    def command(socket: str) -> list[str]:
        return _engine(log, next(modes))(socket)   # type: ignore[operator,no-any-return]
    assert Supervisor(2, lambda slot, ready: 7, "test", engine=command, engines=2).run() == 7  # type: ignore[arg-type]
    assert len(_starts(log)) == 2
    assert all(_gone(pid) for pid in _starts(log))
