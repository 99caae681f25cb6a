"""pgbench -S direct vs through askproxy (simple and prepared; 1 and 16 clients).

Starts its own PostgreSQL 15 cluster (tests/pg_cluster.py) and an ``askproxy serve --no-ask``
process, initialises pgbench at scale 10, then runs direct and proxied runs interleaved,
``--rounds`` times each, and prints median TPS, the TPS ratio and the latency the proxy adds
per query (from pgbench's average latency). Loopback only; bounded by --seconds per run.

    python bench/bench_proxy.py --seconds 10 --rounds 3
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.pg_cluster import PgCluster, free_port  # noqa: E402


def pgbench(port: int, mode: str, clients: int, seconds: int) -> tuple[float, float]:
    out = subprocess.run(
        ["pgbench", "-S", "-M", mode, "-c", str(clients), "-j", str(min(clients, 2)),
         "-T", str(seconds), "-n", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres",
         "postgres"], capture_output=True, text=True, check=True).stdout
    tps = float(re.search(r"tps = ([\d.]+)", out).group(1))            # type: ignore[union-attr]
    lat = float(re.search(r"latency average = ([\d.]+) ms", out).group(1))  # type: ignore
    return tps, lat


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--scale", type=int, default=10)
    args = ap.parse_args()
    pg = PgCluster.start()
    port = free_port()
    proxy = subprocess.Popen(
        [sys.executable, "-m", "proxy.cli", "serve", "--no-ask", "--log-level", "WARNING",
         "--upstream", f"postgresql://127.0.0.1:{pg.port}?sslmode=disable",
         "--listen", f"127.0.0.1:{port}"], cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    try:
        subprocess.run(["pgbench", "-i", "-q", "-s", str(args.scale), "-h", "127.0.0.1", "-p",
                        str(pg.port), "-U", "postgres", "postgres"], check=True,
                       capture_output=True)
        time.sleep(1.0)
        print(f"pgbench -S, {args.seconds}s runs, {args.rounds} rounds, interleaved; "
              f"{os.cpu_count()} cores shared by pgbench, PostgreSQL and the proxy")
        print(f"{'mode':9} {'clients':>7} {'direct tps':>11} {'proxy tps':>10} {'ratio':>6} "
              f"{'added us/query':>15}")
        for mode in ("simple", "prepared"):
            for clients in (1, 16):
                d, p = [], []
                for _ in range(args.rounds):
                    d.append(pgbench(pg.port, mode, clients, args.seconds))
                    p.append(pgbench(port, mode, clients, args.seconds))
                dt = statistics.median(t for t, _ in d)
                pt = statistics.median(t for t, _ in p)
                added = (statistics.median(l for _, l in p)
                         - statistics.median(l for _, l in d)) * 1000
                print(f"{mode:9} {clients:>7} {dt:>11.0f} {pt:>10.0f} {pt / dt:>6.2f} "
                      f"{added:>15.1f}", flush=True)
    finally:
        proxy.terminate()
        proxy.wait(10)
        pg.stop()


if __name__ == "__main__":
    main()
