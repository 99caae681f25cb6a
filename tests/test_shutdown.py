"""Shutdown of the real ``askproxy serve`` (issue 23): SIGTERM gives sessions
``[limits] shutdown_grace_s``, a second signal ends that wait at once, and sessions closed by
force cost no traceback in the log (it was ``RuntimeError: … the handler is closed`` from the
relay writing to a client transport the shutdown had closed)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from tests.pg_cluster import PgCluster

ROOT = Path(__file__).resolve().parent.parent


def _serve(pg: PgCluster, grace_s: float) -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "ASKPROXY_LIMITS_SHUTDOWN_GRACE_S": str(grace_s)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxy.cli", "serve", "--no-ask", "--listen", "127.0.0.1:0",
         "--upstream", f"postgresql://127.0.0.1:{pg.port}?sslmode=disable"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    for line in proc.stderr:
        if found := re.search(r"listening on [\d.]+:(\d+)", line):
            return proc, int(found.group(1))
    proc.kill()
    raise AssertionError("askproxy serve did not start")


def _sleepers(port: int, n: int) -> tuple[list[threading.Thread], list[BaseException]]:
    errors: list[BaseException] = []

    def sleep() -> None:
        try:
            with psycopg.connect(f"host=127.0.0.1 port={port} user=postgres dbname=postgres",
                                 connect_timeout=10) as conn:
                conn.execute("select pg_sleep(60)")
        except psycopg.Error as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sleep) for _ in range(n)]
    for t in threads:
        t.start()
    time.sleep(1.0)      # connected and sleeping
    return threads, errors


@pytest.mark.slow
@pytest.mark.parametrize("signals", [1, 2])
def test_shutdown_closes_sessions_without_traceback(pg: PgCluster, signals: int) -> None:
    grace = 1.0 if signals == 1 else 60.0     # with two signals, the 60 s are never waited
    proc, port = _serve(pg, grace)
    threads, errors = _sleepers(port, 3)
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    if signals == 2:
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
    _, log = proc.communicate(timeout=30)
    elapsed = time.monotonic() - started
    for t in threads:
        t.join(10)
    assert proc.returncode == 0, log
    assert elapsed < 8.0, (elapsed, log)
    assert "Traceback" not in log and "handler is closed" not in log, log
    assert [getattr(e, "sqlstate", None) for e in errors] == ["57P01"] * 3, errors
    if signals == 2:
        assert "second signal: closing the remaining sessions now" in log
