"""Soak: N concurrent clients doing passthrough and ASK through askproxy for T seconds.

Starts its own PostgreSQL cluster (loopback only, max_connections raised to fit) and an
askproxy server in a child process with a fixed test translator, then drives N asyncpg
clients, each looping over a random statement and a think time. Every ``--report-s`` it
prints queries done and failed (passthrough and ASK separately) and the proxy's RSS, asyncio
task count and session count; at the end, how many upstream connections are left.

    python bench/soak.py                          # 1000 clients, 600 s (the issue's figures)
    python bench/soak.py --clients 200 --seconds 120
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = {"how many items": ["select count(*) from items"],
             "top items": ["select id, name from items order by price desc limit 5"],
             "bad": ["delete from items"]}


def serve(pg_port: int, max_clients: int) -> None:
    """Child process: the proxy, printing its figures as JSON lines."""
    from proxy.config import load
    from proxy.server import ProxyServer
    from tests.proxy_fixture import FixedTranslator

    async def main() -> None:
        cfg = load(None, {"upstream": {"url": f"postgresql://127.0.0.1:{pg_port}?sslmode=disable"},
                          "listen": {"port": 0},
                          "limits": {"max_client_connections": max_clients + 10}})
        server = ProxyServer(cfg, translator=FixedTranslator(QUESTIONS))
        await server.start()
        print(json.dumps({"port": server.port}), flush=True)
        while True:
            print(json.dumps({"rss_mb": _rss_mb(), "tasks": len(asyncio.all_tasks()),
                              "sessions": server.active_sessions}), flush=True)
            await asyncio.sleep(1.0)
    import logging
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main())


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Stats:
    def __init__(self) -> None:
        self.ok = {"pass": 0, "ask": 0}
        self.failed = {"pass": 0, "ask": 0}
        self.errors: dict[str, int] = {}
        self.latest: dict = {}


async def client(port: int, stats: Stats, deadline: float, think_s: float, n: int) -> None:
    import asyncpg
    await asyncio.sleep(random.random() * 5)   # stagger the connection storm
    try:
        conn = await asyncpg.connect(host="127.0.0.1", port=port, user="postgres",
                                     database="postgres", ssl=False, timeout=60)
    except Exception as exc:   # noqa: BLE001 - counted and reported
        stats.failed["pass"] += 1
        stats.errors[f"connect: {type(exc).__name__}"] = stats.errors.get(
            f"connect: {type(exc).__name__}", 0) + 1
        return
    rng = random.Random(n)
    try:
        while time.monotonic() < deadline:
            kind = "ask" if rng.random() < 0.2 else "pass"
            try:
                if kind == "pass":
                    v = await conn.fetchval("select sum(price) from items where id <= $1",
                                            rng.randint(1, 100))
                    assert v is not None
                else:
                    q = rng.choice(["how many items", "top items"])
                    rows = await (conn.fetch(f"ASK '{q}'") if rng.random() < 0.5
                                  else conn.execute(f"ASK '{q}'"))
                    assert rows
                stats.ok[kind] += 1
            except Exception as exc:   # noqa: BLE001 - counted and reported
                stats.failed[kind] += 1
                key = f"{kind}: {type(exc).__name__}: {str(exc)[:60]}"
                stats.errors[key] = stats.errors.get(key, 0) + 1
            await asyncio.sleep(rng.expovariate(1 / think_s))
    finally:
        await conn.close(timeout=10)


async def read_figures(proc: asyncio.subprocess.Process, stats: Stats) -> None:
    assert proc.stdout is not None
    while line := await proc.stdout.readline():
        try:
            stats.latest = json.loads(line)
        except ValueError:
            pass


async def drive(args: argparse.Namespace, pg) -> dict:  # type: ignore[no-untyped-def]
    proc = await asyncio.create_subprocess_exec(
        sys.executable, __file__, "--serve", str(pg.port), str(args.clients),
        stdout=subprocess.PIPE, cwd=str(ROOT))
    assert proc.stdout is not None
    port = json.loads(await proc.stdout.readline())["port"]
    stats = Stats()
    reader = asyncio.create_task(read_figures(proc, stats))
    started = time.monotonic()
    deadline = started + args.seconds
    tasks = [asyncio.create_task(client(port, stats, deadline, args.think_s, n))
             for n in range(args.clients)]
    samples = []
    while any(not t.done() for t in tasks):
        await asyncio.wait(tasks, timeout=args.report_s)
        fig = dict(stats.latest)
        row = {"t": round(time.monotonic() - started), **stats.ok,
               "failed_pass": stats.failed["pass"], "failed_ask": stats.failed["ask"], **fig}
        samples.append(row)
        print(json.dumps(row), flush=True)
    await asyncio.sleep(3)
    after = dict(stats.latest)
    proc.terminate()
    await proc.wait()
    reader.cancel()
    left = int(pg.psql("select count(*) from pg_stat_activity where backend_type = "
                       "'client backend' and pid <> pg_backend_pid()"))
    return {"samples": samples, "errors": stats.errors, "after": after, "upstream_left": left,
            "ok": stats.ok, "failed": stats.failed}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--seconds", type=float, default=600)
    ap.add_argument("--think-s", type=float, default=2.0, help="mean pause between queries")
    ap.add_argument("--report-s", type=float, default=10.0)
    ap.add_argument("--serve", nargs=2, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(*args.serve)
        return
    from tests.pg_cluster import PG_BIN, PgCluster, _as_postgres
    pg = PgCluster.start()
    try:
        pg.psql(f"ALTER SYSTEM SET max_connections = {args.clients + 50}")
        _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(pg.datadir), "-l",
                      str(pg.datadir.parent / "log"), "-w", "restart"])
        pg.psql("CREATE TABLE items (id int PRIMARY KEY, name text, price numeric); "
                "INSERT INTO items SELECT g, 'item ' || g, g FROM generate_series(1, 1000) g")
        result = asyncio.run(drive(args, pg))
    finally:
        pg.stop()
    s = result["samples"]
    rss = [r.get("rss_mb", 0) for r in s if "rss_mb" in r]
    tasks = [r.get("tasks", 0) for r in s if "tasks" in r]
    print("\n== soak summary ==")
    print(f"clients={args.clients} seconds={args.seconds:g} think_s={args.think_s:g}")
    print(f"passthrough ok={result['ok']['pass']} failed={result['failed']['pass']}")
    print(f"ask ok={result['ok']['ask']} failed={result['failed']['ask']}")
    if rss:
        print(f"proxy RSS MB: first={rss[0]:.0f} max={max(rss):.0f} last={rss[-1]:.0f}")
        print(f"proxy tasks: first={tasks[0]} max={max(tasks)} last={tasks[-1]}")
    print(f"after clients closed: proxy {result['after']}; upstream connections left="
          f"{result['upstream_left']}")
    for err, count in sorted(result["errors"].items(), key=lambda kv: -kv[1])[:10]:
        print(f"  {count:6d}  {err}")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
