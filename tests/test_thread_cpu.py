"""CPU time by thread (proxy.thread_cpu) and its metric: a busy named thread shows under its
name, a numbered pool under one name, threads Python did not start as ``native``."""

from __future__ import annotations

import sys
import threading
import time

from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from proxy import thread_cpu
from proxy.metrics import OperationsMetrics
from proxy.thread_cpu import NATIVE, thread_cpu_seconds

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def _busy(seconds: float) -> None:
    started = time.thread_time()
    while time.thread_time() - started < seconds:
        pass


def _run(name: str, seconds: float) -> threading.Thread:
    done = threading.Event()

    def work() -> None:
        _busy(seconds)
        done.wait(10)        # alive until read: an ended thread takes its time with it

    thread = threading.Thread(target=work, name=name)
    thread.start()
    thread.done = done      # type: ignore[attr-defined]
    return thread


def test_a_busy_thread_is_counted_under_its_name_and_a_pool_under_one() -> None:
    threads = [_run("cpu-test-decoder", 0.2), _run("cpu-test-pool_0", 0.1), _run("cpu-test-pool_1", 0.1)]
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            seen = thread_cpu_seconds()
            if seen.get("cpu-test-decoder", 0) >= 0.15 and seen.get("cpu-test-pool", 0) >= 0.15:
                break
            time.sleep(0.05)
        assert seen["cpu-test-decoder"] >= 0.15
        assert seen["cpu-test-pool"] >= 0.15 and "cpu-test-pool_0" not in seen
        assert seen["MainThread"] >= 0
    finally:
        for t in threads:
            t.done.set()        # type: ignore[attr-defined]
            t.join()


def test_threads_python_did_not_start_are_native(tmp_path: Path) -> None:
    task = tmp_path / "task"
    for tid, (user, system) in {"999998": (250, 50), "999999": (100, 0)}.items():
        (task / tid).mkdir(parents=True)
        (task / tid / "stat").write_text(     # a name with a space and a parenthesis, as a thread may have
            f"{tid} (onnx (rt) w) S 1 1 1 0 -1 0 0 0 0 0 {user} {system} 0 0 20 0 1 0 0 0 0\n")
    assert thread_cpu_seconds(str(task)) == {NATIVE: pytest.approx(400 / thread_cpu._TICK)}
    assert thread_cpu_seconds(str(tmp_path / "missing")) == {}


def test_the_metric_names_each_thread() -> None:
    registry = CollectorRegistry()
    OperationsMetrics(registry)
    assert (registry.get_sample_value("askproxy_thread_cpu_seconds", {"thread": "MainThread"}) or -1) >= 0
