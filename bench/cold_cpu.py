"""CPU per cold ASK on the 5,000-table bench schema: the proxy process's and the database
server's processes' utime + stime (from ``/proc``: the server must run on this host), around
each ASK after a column is added to ``t00001`` (a new schema version). On a shared machine the
wall time of a cold ASK says how busy the machine was; the CPU says what the ASK costs.

    PYTHONPATH=. python bench/cold_cpu.py --data-dir D --cold 4 [--port-base 58160]

Starts the embedded database in ``D`` and a proxy, as ``bench/bench_ask.py --tables`` does;
or, with ``--upstream URL``, only the proxy, in front of a server already running from the data
directory ``D`` (the system PostgreSQL 15, which has LLVM JIT; ``URL`` a superuser's, on a
server where ``bench_ask.py --tables`` built its databases or this script builds them).

    PYTHONPATH=. python bench/cold_cpu.py --data-dir /tmp/pg15 --upstream postgresql://postgres@127.0.0.1:58501/postgres
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_ask  # noqa: E402

_TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float]:
    """(parent pid, CPU seconds) of a process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def _tree_cpu(root: int) -> float:
    """CPU seconds of ``root`` and its children (the postmaster and its backends)."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent, cpu = _stat(int(entry))
            except (OSError, IndexError):
                continue
            if root in (int(entry), parent):
                total += cpu
    return total


def _ports_from(first: int) -> None:
    """Every port the run opens from ``first`` on (the first free ones)."""
    candidates = itertools.count(first)

    def free_port() -> int:
        for port in candidates:
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                    return port
                except OSError:
                    continue
        raise AssertionError("unreachable")
    import demo.postmaster
    demo.postmaster._free_port = free_port    # type: ignore[attr-defined]
    bench_ask.free_port = free_port


@contextmanager
def _environment(args: argparse.Namespace, upstream: str | None
                 ) -> Iterator[tuple[bench_ask.Proxy, str, str | None]]:
    """bench_ask's environment, or a proxy alone in front of ``upstream``."""
    if upstream is None:
        with bench_ask.environment(args) as env:
            yield env
        return
    proxy = bench_ask.start_proxy(upstream, Path(tempfile.mkdtemp(prefix="askproxy-cold-")), 0,
                                  "WARNING", 1, bench_ask.ask_options(args))
    try:
        server = re.sub(r"^postgresql://([^@/]*)@([^:/]*):(\d+)/(\w+).*$",
                        r"host=\2 port=\3 user=\1 dbname=\4", upstream)
        yield proxy, f"host={proxy.host} port={proxy.port} dbname=postgres user=x password=x", server
    finally:
        proxy.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", required=True)
    ap.add_argument("--cold", type=int, default=4)
    ap.add_argument("--port-base", type=int, help="open ports from this one on (default: any free)")
    ap.add_argument("--upstream", help="a running server's superuser URL (postgresql://user@host:port/db): "
                                       "start only the proxy; --data-dir is that server's")
    ap.add_argument("--ask-option", action="append", default=[], metavar="KEY=VALUE",
                    help="an extra [ask] setting of the started proxy (self_examples = false)")
    a = ap.parse_args()
    if a.port_base:
        _ports_from(a.port_base)
    args = argparse.Namespace(
        proxy=None, data_dir=a.data_dir, clients="1", translation_cache=0, log_level="WARNING",
        workers=1, engine_shared="auto", backend="auto", max_batch_size=32, precision=None,
        model=None, ask_option=a.ask_option, metrics=None)
    with _environment(args, a.upstream) as (proxy, dsn, superuser):
        assert superuser is not None and proxy.process is not None
        db = bench_ask.ensure_tables_db(superuser, 5000)
        dsn = re.sub(r"dbname=\S+", f"dbname={db}", dsn)
        dsn = re.sub(r"user=\S+", f"user={bench_ask.BENCH_ROLE}", dsn)
        dsn = re.sub(r"password=\S+", f"password={bench_ask.BENCH_ROLE}", dsn)
        with psycopg.connect(superuser) as conn:
            row = conn.execute("SELECT version(), pg_jit_available(), current_setting('jit')").fetchone()
            print(f"{row}; load average {os.getloadavg()[0]:.2f}", flush=True)
        postmaster = int((Path(a.data_dir) / "postmaster.pid").read_text().split()[0])
        with psycopg.connect(dsn, autocommit=True) as conn:
            try:
                conn.execute(bench_ask.ask_sql("how many rows are in t00007").encode())
            except psycopg.Error:
                pass
            for i in range(a.cold):
                conn.execute(f"ALTER TABLE t00001 ADD COLUMN bench_cpu_{i} int")
                proxy_cpu, server_cpu = _stat(proxy.process.pid)[1], _tree_cpu(postmaster)
                started = time.perf_counter()
                try:
                    conn.execute(bench_ask.ask_sql(f"how many rows are in t{200 + 13 * i:05d}").encode()).fetchall()
                except psycopg.Error as exc:
                    print(f"error {exc.sqlstate}")
                wall = time.perf_counter() - started
                proxy_cpu = _stat(proxy.process.pid)[1] - proxy_cpu
                server_cpu = _tree_cpu(postmaster) - server_cpu
                print(f"cold ASK {i + 1}: wall {wall * 1000:.0f} ms; CPU: proxy {proxy_cpu * 1000:.0f} ms, "
                      f"PostgreSQL {server_cpu * 1000:.0f} ms, sum {(proxy_cpu + server_cpu) * 1000:.0f} ms; "
                      f"load {os.getloadavg()[0]:.2f}", flush=True)
                _warm(conn, proxy.process.pid, postmaster, f"how many rows are in t{200 + 13 * i:05d}", i)
                conn.execute(f"ALTER TABLE t00001 DROP COLUMN bench_cpu_{i}")


def _warm(conn: psycopg.Connection[Any], proxy_pid: int, postmaster: int, question: str, i: int) -> None:
    """The same ASK again on the prepared schema (the translation cache is off): what the
    model and the checks cost, which a cold ASK pays too."""
    proxy_cpu, server_cpu = _stat(proxy_pid)[1], _tree_cpu(postmaster)
    started = time.perf_counter()
    try:
        conn.execute(bench_ask.ask_sql(question).encode()).fetchall()
    except psycopg.Error as exc:
        print(f"error {exc.sqlstate}")
    wall = time.perf_counter() - started
    print(f"  warm ASK {i + 1}: wall {wall * 1000:.0f} ms; CPU: proxy {(_stat(proxy_pid)[1] - proxy_cpu) * 1000:.0f} ms, "
          f"PostgreSQL {(_tree_cpu(postmaster) - server_cpu) * 1000:.0f} ms", flush=True)


if __name__ == "__main__":
    main()
