"""Where a cold schema's time goes, stage by stage, and what each stage costs other sessions.

Reads a database's schema the way the proxy does on a cache miss (the catalog query, its
decoding, the values query for the probed columns, the context), then derives every
per-schema structure of ``ask/schema_prep.py`` one by one. Each CPU stage runs in a worker
thread as the proxy runs it (with the collector paused where the code pauses it), while the
event loop ticks every millisecond: ``loop late`` is how long the loop, and so every other
session of a proxy, waited at worst during that stage. ``cpu`` is the worker thread's CPU time
(less sensitive to the machine's load than the wall time).

    PYTHONPATH=. python bench/schema_stages.py --dsn "host=... port=... user=bench dbname=bench_tables_5000"

(``bench/bench_ask.py --tables 5000`` builds that database in its demo data directory.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from typing import Any

import psycopg
from psycopg.abc import Buffer
from psycopg.adapt import Loader

from ask.collector_pause import collector_paused
from ask.context import introspection as intro
from ask.context.catalog import catalog_sql, raw_tables
from ask.context import subjects, table_selection
from ask.context.refusal import schema_vocabulary
from ask.context.value_linking import link_values
from ask.context.value_probe import ProbeSettings, ValueProbe
from ask.schema import SchemaContext
from ask.translate import prompt, sketch
from ask.upstream import QueryResult

DERIVED: tuple[tuple[str, Callable[[SchemaContext], object]], ...] = (
    ("fingerprint", lambda s: s.fingerprint), ("tables index", lambda s: s.table("")),
    ("value index", lambda s: link_values("", s)), ("refusal vocabulary", schema_vocabulary),
    ("prompt pieces", prompt.prepare), ("table selection", table_selection.prepare),
    ("subjects", subjects.prepare), ("probe columns", ValueProbe(ProbeSettings()).prepare),
    ("reader index", sketch.prepare))


class _Text(Loader):
    def load(self, data: Buffer) -> str:
        return bytes(data).decode()


class _Upstream:
    """Text results over psycopg, enough for the introspection queries."""

    def __init__(self, conn: psycopg.AsyncConnection[Any]) -> None:
        self.conn = conn

    async def fetch(self, sql: str) -> QueryResult:
        cur = await self.conn.execute(sql)
        rows = tuple(tuple(None if v is None else str(v) for v in r) for r in await cur.fetchall())
        return QueryResult(tuple(d.name for d in cur.description or ()), rows, cur.statusmessage or "")


def _in_thread(fn: Callable[[], object]) -> Callable[[], Awaitable[float]]:
    def run() -> float:
        t = time.thread_time()
        fn()
        return time.thread_time() - t
    return lambda: asyncio.to_thread(run)


async def _measure(dsn: str, warm: bool) -> list[tuple[str, float, float, float]]:
    late: list[float] = []
    stop = asyncio.Event()

    async def tick() -> None:
        while not stop.is_set():
            t = time.perf_counter()
            await asyncio.sleep(0.001)
            late.append(time.perf_counter() - t - 0.001)

    conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True)
    for json_type in ("json", "jsonb"):      # the proxy reads JSON columns as text
        conn.adapters.register_loader(json_type, _Text)
    up = _Upstream(conn)
    rows: list[tuple[str, float, float, float]] = []
    ticker = asyncio.create_task(tick())

    async def stage(name: str, run: Callable[[], Awaitable[float | None]]) -> None:
        late.clear()
        t = time.perf_counter()
        cpu = await run()
        rows.append((name, time.perf_counter() - t, cpu or 0.0, max(late, default=0.0)))

    got: dict[str, Any] = {}
    sql = catalog_sql(50, intro._SMALL_TABLE_BYTES)
    if warm:      # a session that has read the catalog before: the server's caches are built
        await up.fetch(sql)

    async def catalog() -> None:
        got["row"] = (await up.fetch(sql)).rows[0]

    async def values() -> None:
        got["probed"] = await intro._probe_values(up, got["targets"], 50)

    def decode() -> None:
        with collector_paused():
            got["raw"] = raw_tables(got["row"][3])

    def build() -> None:
        with collector_paused():
            got["schema"] = intro._shared_schema(got["row"], got["raw"], got["targets"],
                                                 got["probed"])[0].context

    await stage("catalog query", catalog)
    await stage("catalog decoding", _in_thread(decode))
    await stage("probed columns", _in_thread(lambda: got.update(targets=intro._fallback_targets(got["raw"]))))
    await stage(f"values query ({len(got['targets'])} columns)", values)
    await stage("context", _in_thread(build))
    for name, derive in DERIVED:
        def run(derive: Callable[[SchemaContext], object] = derive) -> None:
            with collector_paused():
                derive(got["schema"])
        await stage(name, _in_thread(run))
    stop.set()
    await ticker
    await conn.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--warm", action="store_true",
                    help="read the catalog once, untimed, first (what a cold ASK after DDL meets "
                         "on a session that asked before; else the first query opens every relation)")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
    rows = asyncio.run(_measure(args.dsn, args.warm))
    print(f"{'stage':32} {'wall ms':>8} {'cpu ms':>8} {'loop late ms':>13}")
    for name, wall, cpu, late in rows:
        print(f"{name:32} {wall * 1000:8.1f} {cpu * 1000:8.1f} {late * 1000:13.1f}")
    print(f"{'total':32} {sum(r[1] for r in rows) * 1000:8.1f} {sum(r[2] for r in rows) * 1000:8.1f}"
          f" {max(r[3] for r in rows) * 1000:13.1f}")



if __name__ == "__main__":
    main()
