"""``askproxy serve --workers N`` (issues 19 and 20): real ``serve`` processes, real PostgreSQL,
psycopg clients. Sessions spread over the workers; every CancelRequest reaches its session
whichever worker it lands on; SIGTERM, SIGHUP reach every worker; a dead worker is logged and
restarted; the admin console says which worker answered; several workers with a GPU backend
and no shared engine are refused with one line (tests/test_workers_shared_engine.py: with one)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from proxy.sibling_route import WorkerSlot
from proxy.config import resolve
from proxy.config_values import ConfigError
from proxy.preflight import check_workers, shared_engine
from proxy.wire import messages as m
from proxy.workers import MAX_RESTARTS, Supervisor
from tests.pg_cluster import PgCluster

ROOT = Path(__file__).resolve().parent.parent
SESSIONS = 16       # all on one of two workers: chance 2 ** -15


class Served:
    """A running ``askproxy serve --workers N``; its stderr is collected in a thread."""

    def __init__(self, pg: PgCluster, workers: int, ask: bool = False, **env: str) -> None:
        self.proc: subprocess.Popen[str] = subprocess.Popen(
            [sys.executable, "-m", "proxy.cli", "serve", *([] if ask else ["--no-ask"]),
             "--workers", str(workers),
             "--listen", "127.0.0.1:0",
             "--upstream", f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"],
            cwd=ROOT, env={**os.environ, **env}, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._listening = threading.Event()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if not self._listening.wait(120):
            self.proc.kill()
            raise AssertionError("askproxy serve did not start:\n" + self.log)
        found = re.search(r"listening on [\d.]+:(\d+) with \d+ workers \(pids ([\d ]+)\)",
                          self.log)
        assert found, self.log
        self.port = int(found.group(1))
        self.pids = [int(p) for p in found.group(2).split()]

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)
            if " workers (pids " in line:
                self._listening.set()

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def dsn(self, dbname: str = "postgres") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={dbname} connect_timeout=10"

    def wait_log(self, pattern: str, timeout: float = 15.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if found := re.search(pattern, self.log):
                return found
            time.sleep(0.05)
        raise AssertionError(f"no {pattern!r} in the log:\n{self.log}")

    def stop(self, timeout: float = 30) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(10)
        assert self.proc.stderr is not None
        self.proc.stderr.close()

    def sessions_per_worker(self) -> Counter[str]:
        return Counter(re.findall(r"\[worker (\d+) conn \d+\] startup user=", self.log))


@pytest.fixture
def served(pg: PgCluster) -> Iterator[Served]:
    s = Served(pg, 2, ASKPROXY_LIMITS_SHUTDOWN_GRACE_S="1")
    try:
        yield s
    finally:
        s.close()


def _sleeping(pg: PgCluster, n: int, timeout: float = 15.0) -> None:
    """Wait until ``n`` backends run pg_sleep."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(pg.dsn(), autocommit=True) as direct:
        while time.monotonic() < deadline:
            row = direct.execute("select count(*) from pg_stat_activity where query like "
                                 "'select pg_sleep(%' and state = 'active'").fetchone()
            if row is not None and row[0] >= n:
                return
            time.sleep(0.05)
    raise AssertionError(f"fewer than {n} sessions sleeping")


def _sleep_in_threads(conns: list[psycopg.Connection], seconds: int
                      ) -> tuple[list[threading.Thread], dict[int, str | None]]:
    outcome: dict[int, str | None] = {}

    def sleep(i: int, conn: psycopg.Connection) -> None:
        try:
            conn.execute(f"select pg_sleep({seconds})")
            outcome[i] = None
        except psycopg.Error as exc:
            outcome[i] = exc.sqlstate

    threads = [threading.Thread(target=sleep, args=(i, c)) for i, c in enumerate(conns)]
    for t in threads:
        t.start()
    return threads, outcome


def test_every_cancel_reaches_its_session_on_any_worker(pg: PgCluster, served: Served) -> None:
    conns = [psycopg.connect(served.dsn(), autocommit=True) for _ in range(SESSIONS)]
    try:
        per_worker = served.sessions_per_worker()
        assert set(per_worker) == {"0", "1"}, per_worker      # the sessions are spread
        threads, outcome = _sleep_in_threads(conns, 60)
        _sleeping(pg, SESSIONS)
        started = time.monotonic()
        for i, conn in enumerate(conns):
            # each cancel is a new connection, landing on either worker
            conn.cancel() if i % 2 else conn.cancel_safe()
        for t in threads:
            t.join(20)
        assert outcome == {i: "57014" for i in range(SESSIONS)}, (outcome, served.log)
        assert time.monotonic() - started < 10
        # the route was needed: some cancels landed on the worker without the session
        assert "forwarded by a sibling worker" in served.log, served.log
        assert "ignored" not in served.log, served.log
    finally:
        for conn in conns:
            conn.close()
    assert served.stop() == 0, served.log


def test_unknown_cancel_key_is_ignored_by_every_worker(served: Served) -> None:
    with psycopg.connect(served.dsn(), autocommit=True) as conn:
        with socket.create_connection(("127.0.0.1", served.port)) as sock:
            sock.sendall(m.cancel_request(999_999, b"\x00\x01\x02\x03"))
            assert sock.recv(1) == b""       # closed, as PostgreSQL closes it
        served.wait_log(r"cancel request for unknown backend 999999 ignored")
        assert conn.execute("select 1").fetchone() == (1,)   # nothing else was cancelled
    assert served.stop() == 0


@pytest.mark.slow
@pytest.mark.parametrize("signals", [1, 2])
def test_sigterm_stops_every_worker_gracefully(pg: PgCluster, signals: int) -> None:
    grace = "1" if signals == 1 else "60"      # with two signals, the 60 s are never waited
    served = Served(pg, 2, ASKPROXY_LIMITS_SHUTDOWN_GRACE_S=grace)
    conns = [psycopg.connect(served.dsn(), autocommit=True) for _ in range(SESSIONS)]
    try:
        assert set(served.sessions_per_worker()) == {"0", "1"}
        threads, outcome = _sleep_in_threads(conns, 60)
        _sleeping(pg, SESSIONS)
        started = time.monotonic()
        served.proc.send_signal(signal.SIGTERM)
        if signals == 2:
            served.wait_log(r"\[worker 1 conn -\] waiting up to 60")
            served.wait_log(r"\[worker 0 conn -\] waiting up to 60")
            served.proc.send_signal(signal.SIGTERM)
        assert served.stop() == 0, served.log
        assert time.monotonic() - started < 8.0, served.log
        for t in threads:
            t.join(10)
    finally:
        for conn in conns:
            conn.close()
    assert outcome == {i: "57P01" for i in range(SESSIONS)}, (outcome, served.log)
    assert "Traceback" not in served.log, served.log
    for worker in (0, 1):
        assert f"worker {worker} (pid {served.pids[worker]}) exited with status 0" in served.log


@pytest.mark.slow
def test_sigterm_lets_every_workers_sessions_finish_within_the_grace(pg: PgCluster) -> None:
    served = Served(pg, 2, ASKPROXY_LIMITS_SHUTDOWN_GRACE_S="30")
    conns = [psycopg.connect(served.dsn(), autocommit=True) for _ in range(SESSIONS)]
    try:
        assert set(served.sessions_per_worker()) == {"0", "1"}
        threads, outcome = _sleep_in_threads(conns, 2)
        _sleeping(pg, SESSIONS)
        started = time.monotonic()
        served.proc.send_signal(signal.SIGTERM)
        for t in threads:
            t.join(20)
        assert outcome == {i: None for i in range(SESSIONS)}, (outcome, served.log)  # finished
        for conn in conns:
            conn.close()        # the last session gone, each worker exits
        assert served.stop() == 0, served.log
        assert time.monotonic() - started < 10.0, served.log
    finally:
        for conn in conns:
            conn.close()
    assert "Traceback" not in served.log, served.log


def test_sighup_reloads_every_worker(served: Served) -> None:
    served.proc.send_signal(signal.SIGHUP)
    served.wait_log(r"\[worker 0 conn -\] configuration reloaded")
    served.wait_log(r"\[worker 1 conn -\] configuration reloaded")
    assert "needs a restart" not in served.log     # port 0 stays the port the proxy holds
    with psycopg.connect(served.dsn()) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
    assert served.stop() == 0


def test_a_dead_worker_is_logged_and_restarted(served: Served) -> None:
    victim = served.pids[1]
    os.kill(victim, signal.SIGKILL)
    served.wait_log(rf"worker 1 \(pid {victim}\) was killed by SIGKILL; its sessions are lost; "
                    r"restarting it")
    restarted = int(served.wait_log(r"worker 1 restarted \(pid (\d+)\)").group(1))
    served.wait_log(r"\[worker 1 conn -\] askproxy worker 1 listening")
    assert restarted != victim
    for _ in range(8):     # whichever worker each lands on, it is served
        with psycopg.connect(served.dsn()) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
    assert served.stop() == 0, served.log


@pytest.mark.slow
def test_admin_console_says_which_worker_answered(pg: PgCluster) -> None:
    served = Served(pg, 2, ASKPROXY_ADMIN_USERS="postgres")
    try:
        seen = set()
        for _ in range(SESSIONS):
            with psycopg.connect(served.dsn("askproxy"), autocommit=True) as conn:
                stats = dict(conn.execute("SHOW STATS").fetchall())
            assert stats["workers"] == "2"
            seen.add(stats["worker"])
        assert seen == {"0", "1"}
    finally:
        assert served.stop() == 0, served.log


def _per_worker(served: Served, statement: str) -> dict[str, list[tuple[str, ...]]]:
    """``statement``'s rows in the admin console of each worker (connecting until both have
    answered)."""
    seen: dict[str, list[tuple[str, ...]]] = {}
    for _ in range(64):
        with psycopg.connect(served.dsn("askproxy"), autocommit=True) as conn:
            worker = dict(conn.execute("SHOW STATS").fetchall())["worker"]
            seen[worker] = conn.execute(statement).fetchall()
        if len(seen) == 2:
            return seen
    raise AssertionError(f"only workers {sorted(seen)} answered")


def _schema_entries(served: Served) -> dict[str, str]:
    return {worker: next(r[1] for r in rows if r[0] == "schema")
            for worker, rows in _per_worker(served, "SHOW CACHES").items()}


def _ask_everywhere(conns: list[psycopg.Connection]) -> None:
    """Each worker reads and caches the schema."""
    for conn in conns:
        with contextlib.suppress(psycopg.Error):     # answered or not: the schema was read
            conn.execute("ASK 'how many wk orders were cancelled'")


@pytest.mark.slow
def test_invalidation_on_one_worker_reaches_every_workers_schema_cache(pg: PgCluster) -> None:
    pg.psql("drop table if exists wk_orders, wk_refunds; create table wk_orders(id int primary "
            "key, status text); insert into wk_orders values (1, 'cancelled'), (2, 'paid')")
    served = Served(pg, 2, ask=True, ASKPROXY_ADMIN_USERS="postgres",
                    ASKPROXY_ASK_SCHEMA_TTL_S="3600")
    try:
        conns = [psycopg.connect(served.dsn(), autocommit=True) for _ in range(SESSIONS)]
        _ask_everywhere(conns)
        assert _schema_entries(served) == {"0": "1", "1": "1"}
        conns[0].execute("create table wk_refunds(id int)")      # seen by one worker
        time.sleep(0.5)
        assert _schema_entries(served) == {"0": "0", "1": "0"}, served.log
        _ask_everywhere(conns)
        assert _schema_entries(served) == {"0": "1", "1": "1"}
        with psycopg.connect(served.dsn("askproxy"), autocommit=True) as console:
            console.execute("REFRESH SCHEMA")                   # on one worker
        time.sleep(0.5)
        assert _schema_entries(served) == {"0": "0", "1": "0"}, served.log
        for conn in conns:
            conn.close()
    finally:
        pg.psql("drop table if exists wk_orders, wk_refunds")
        assert served.stop() == 0, served.log


def test_several_workers_with_a_gpu_backend_and_no_shared_engine_are_refused() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "proxy.cli", "serve", "--workers", "2", "--backend", "tensorrt",
         "--listen", "127.0.0.1:0", "--upstream", "postgresql://127.0.0.1:1"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "ASKPROXY_ENGINE_SHARED": "off"})
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1, run.stderr
    assert run.stderr.startswith("askproxy: config error: [listen] workers: 2 workers with the "
                                 "GPU backend tensorrt and [engine] shared = \"off\""), run.stderr


@pytest.mark.parametrize("workers, ask, shared, gpu, refused, probed", [
    (2, True, "off", "torch (CUDA)", True, True),
    (0, True, "off", "onnxruntime (CUDA)", (os.cpu_count() or 1) > 1, (os.cpu_count() or 1) > 1),
    (2, True, "auto", "torch (CUDA)", False, True),    # one engine server for both workers
    (2, True, "on", "torch (CUDA)", False, False),
    (2, True, "off", None, False, True),          # CPU: each worker its own ONNX Runtime engine
    (2, False, "off", "torch (CUDA)", False, False),   # no ASK, no engine
    (1, True, "off", "tensorrt", False, False),    # one process, one engine
])
def test_check_workers_refuses_a_model_copy_per_worker_on_a_gpu(
        workers: int, ask: bool, shared: str, gpu: str | None, refused: bool, probed: bool) -> None:
    resolved = resolve(overrides={"listen": {"workers": workers}, "ask": {"enabled": ask},
                                  "engine": {"shared": shared}})
    asked: list[str] = []

    def probe(backend: str) -> str | None:
        asked.append(backend)
        return gpu
    if refused:
        expected = rf"workers with the GPU backend {re.escape(gpu or '')}"
        with pytest.raises(ConfigError, match=expected):
            check_workers(resolved, probe)
    else:
        check_workers(resolved, probe)
    assert asked == (["auto"] if probed else [])


@pytest.mark.parametrize("workers, ask, shared, gpu, expected", [
    (2, True, "auto", "torch (CUDA)", True),
    (2, True, "auto", None, False),          # CPU: auto keeps an engine per worker
    (1, True, "auto", "torch (CUDA)", False),  # one process: its own engine
    (1, True, "on", None, True),
    (2, True, "off", "torch (CUDA)", False),
    (2, False, "on", "torch (CUDA)", False),   # no ASK, no engine
])
def test_shared_engine_follows_engine_shared(workers: int, ask: bool, shared: str, gpu: str | None,
                                             expected: bool) -> None:
    cfg = resolve(overrides={"listen": {"workers": workers}, "ask": {"enabled": ask},
                             "engine": {"shared": shared}}).config
    assert shared_engine(cfg, lambda backend: gpu) is expected


# --- the supervisor on its own (forks this test process) ------------------------------------

def test_a_worker_failing_before_it_listens_stops_the_supervisor() -> None:
    def fail(slot: WorkerSlot, ready: object) -> int:
        return 2 if slot.index == 1 else _listen_until_terminated(ready)
    assert Supervisor(2, fail, "test").run() == 2


@pytest.mark.slow
def test_workers_dying_again_and_again_stop_the_supervisor() -> None:
    def crash(slot: WorkerSlot, ready: object) -> int:
        assert callable(ready)
        ready()
        return 3
    assert Supervisor(1, crash, "test").run() == 1    # after MAX_RESTARTS restarts
    assert MAX_RESTARTS >= 1


def _listen_until_terminated(ready: object) -> int:
    assert callable(ready)
    ready()
    signal.pause()       # SIGTERM (the default action) ends it
    return 0
