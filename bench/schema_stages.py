"""Where a cold schema's time goes, stage by stage, and what each stage costs other sessions.

Reads a database's schema the way the proxy does on a cache miss (the catalog query, its
decoding, the values query for the probed columns, the context), then derives every
per-schema structure of ``ask/schema_prep.py`` one by one. Each CPU stage runs in a worker
thread as the proxy runs it (with the collector paused where the code pauses it), while the
event loop ticks every millisecond: ``loop late`` is how long the loop, and so every other
session of a proxy, waited at worst during that stage. ``cpu`` is the worker thread's CPU time
(less sensitive to the machine's load than the wall time).

The catalog query goes through ``read_catalog`` as in the proxy: JIT off for it alone
(``--server-jit``: under the server's own setting, as before that). ``--questions N`` then
times what a *warm* ASK does per question on the prepared schema, stage by stage (value
links, the value probe's choice of columns and its statement, refusal, the translation key,
the prompt with table selection, the reader): the median over N questions, so what still
grows with the schema shows against a small one.

    PYTHONPATH=. python bench/schema_stages.py --dsn "host=... port=... user=bench dbname=bench_tables_5000"

(``bench/bench_ask.py --tables 5000`` builds that database in its demo data directory.)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import psycopg
from psycopg.abc import Buffer
from psycopg.adapt import Loader

from ask.collector_pause import collector_paused
from ask.context import introspection as intro
from ask.context.catalog import catalog_sql, raw_tables
from ask.context import subjects, table_selection
from ask.context.refusal import assess, schema_vocabulary
from ask.context.value_linking import link_values
from ask.context.value_probe import ProbeSettings, ValueProbe, probe_columns
from ask.schema import SchemaContext
from ask.schema_prep import prepare
from ask.translate import prompt, sketch
from ask.translate.translation_cache import translation_key
from ask.upstream import QueryResult

DERIVED: tuple[tuple[str, Callable[[SchemaContext], object]], ...] = (
    ("fingerprint", lambda s: s.fingerprint), ("tables index", lambda s: s.table("")),
    ("value index", lambda s: link_values("", s)), ("refusal vocabulary", schema_vocabulary),
    ("prompt pieces", prompt.prepare), ("table selection", table_selection.prepare),
    ("subjects", subjects.prepare), ("probe columns", ValueProbe(ProbeSettings()).prepare),
    ("reader index", sketch.prepare))


def _constraint_stage() -> tuple[str, Callable[[SchemaContext], object]]:
    """The translator's decoding constraint (``EngineTranslator.prepare``), with the shipped
    model's tokenizer: what the planner builds beside ``schema_prep`` on a new schema."""
    from tokenizers import Tokenizer
    from ask.translate.engine_translator import IdentifierConstraint, Vocabulary
    root = Path(__file__).resolve().parent.parent
    vocab = Vocabulary(Tokenizer.from_file(str(root / "engines/models/askproxy-sql-small/tokenizer.json")))
    return "decoding constraint", lambda s: IdentifierConstraint(vocab, s)


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

    async def fetch_guarded(self, sql: str, timeout_ms: int) -> QueryResult:
        return await self._local(sql, f"SET LOCAL statement_timeout = {int(timeout_ms)}")

    async def _local(self, sql: str, setting: str) -> QueryResult:
        """``sql`` after ``setting`` in a transaction rolled back (the proxy pipelines it)."""
        async with self.conn.transaction(force_rollback=True):
            await self.conn.execute(setting)
            return await self.fetch(sql)


class _CatalogUpstream(_Upstream):
    """With ``fetch_catalog``: the catalog read as the proxy's session runs it."""

    async def fetch_catalog(self, sql: str) -> QueryResult:
        return await self._local(sql, "SET LOCAL jit = off")


def _in_thread(fn: Callable[[], object]) -> Callable[[], Awaitable[float]]:
    def run() -> float:
        t = time.thread_time()
        fn()
        return time.thread_time() - t
    return lambda: asyncio.to_thread(run)


async def _measure(dsn: str, warm: bool, server_jit: bool, questions: int, passes: int = 1
                   ) -> list[tuple[str, float, float, float]]:
    derived = (*DERIVED, _constraint_stage())   # the tokenizer loaded before the clock runs
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
    up = _Upstream(conn) if server_jit else _CatalogUpstream(conn)
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
        await intro.read_catalog(up, sql)

    async def catalog() -> None:
        got["row"] = (await intro.read_catalog(up, sql)).rows[0]

    def unprobed() -> None:
        with collector_paused():
            got["early"] = intro._unprobed_tables(got["row"], got["raw"], got["targets"])

    async def values() -> float:
        """The values query, the tables with no probed column built beside it, as the proxy
        does (the CPU: that thread's)."""
        early = asyncio.ensure_future(_in_thread(unprobed)())
        got["probed"] = await intro._probe_values(up, got["targets"], 50)
        return await early

    def decode() -> None:
        with collector_paused():
            got["raw"] = raw_tables(got["row"][3])

    def build() -> None:
        with collector_paused():
            got["schema"] = intro._shared_schema(got["row"], got["raw"], got["targets"],
                                                 got["probed"], got["early"])[0].context

    added: list[str] = []
    for n in range(passes):
        if n:      # a new version of the schema, after DDL: new objects, the process's caches warm
            added.append(f"{intro.quote_ident(got['schema'].tables[0].schema)}."
                         f"{intro.quote_ident(got['schema'].tables[0].name)}")
            await conn.execute(f"ALTER TABLE {added[-1]} ADD COLUMN bench_stages_{n} int")
            rows.append((f"pass {n + 1}", 0.0, 0.0, 0.0))
        await stage("catalog query", catalog)
        await stage("catalog decoding", _in_thread(decode))
        await stage("probed columns", _in_thread(lambda: got.update(targets=intro._fallback_targets(got["raw"]))))
        await stage(f"values query ({len(got['targets'])} cols) + unprobed", values)
        await stage("context (the probed tables)", _in_thread(build))
        for name, derive in derived:
            def run(derive: Callable[[SchemaContext], object] = derive) -> None:
                with collector_paused():
                    derive(got["schema"])
            await stage(name, _in_thread(run))
    for n, table in enumerate(added, 1):
        await conn.execute(f"ALTER TABLE {table} DROP COLUMN bench_stages_{n}")
    if questions:
        prepare(got["schema"], (ValueProbe(ProbeSettings()).prepare,))
        for name, run_one in _warm_stages(got["schema"], up):
            times = []
            for question in _questions(got["schema"], questions):
                late.clear()
                t, cpu = time.perf_counter(), time.thread_time()
                await run_one(question)
                times.append((time.perf_counter() - t, time.thread_time() - cpu, max(late, default=0.0)))
            mid = len(times) // 2
            rows.append((f"warm: {name}", sorted(w for w, _, _ in times)[mid],
                         sorted(c for _, c, _ in times)[mid], max(x for _, _, x in times)))
    stop.set()
    await ticker
    await conn.close()
    return rows


def _questions(schema: SchemaContext, n: int) -> list[str]:
    """Questions naming tables spread over the schema, and a value of the bench tables."""
    names = [t.name for t in schema.tables]
    picks = [names[(k * 7919) % len(names)] for k in range(n)]
    return [f"how many rows of {name} are named Item 3 Alpha" for name in picks]


def _warm_stages(schema: SchemaContext, up: _Upstream
                 ) -> list[tuple[str, Callable[[str], Awaitable[object]]]]:
    """What a warm ASK runs per question, in the planner's order (on the event loop unless
    the planner sends it to a thread; here all on the loop, timed one by one)."""
    settings, probe = ProbeSettings(), ValueProbe(ProbeSettings(cache_size=1))

    async def now(value: object) -> object:
        return value

    def probed(question: str) -> Awaitable[object]:
        probe.clear()             # a new phrase set each time: the statement runs
        return probe.link(question, schema, up, link_values(question, schema))
    return [
        ("value links", lambda q: now(link_values(q, schema))),
        ("probe columns", lambda q: now(probe_columns(schema, settings, q))),
        ("value probe (statement)", probed),
        ("refusal", lambda q: now(assess(q, schema, link_values(q, schema)))),
        ("translation key", lambda q: now(translation_key(q, schema))),
        ("prompt (table selection)", lambda q: now(prompt.build_prompt(q, schema, matches=link_values(q, schema)))),
        ("reader", lambda q: now(sketch.read_question(q, schema, link_values(q, schema)))),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dsn", required=True)
    ap.add_argument("--warm", action="store_true",
                    help="read the catalog once, untimed, first (what a cold ASK after DDL meets "
                         "on a session that asked before; else the first query opens every relation)")
    ap.add_argument("--server-jit", action="store_true",
                    help="read the catalog under the server's own jit setting (as before fetch_catalog)")
    ap.add_argument("--passes", type=int, default=1,
                    help="read and derive the schema this many times, a column added to its first "
                         "table before each pass after the first (dropped at the end): what a cold "
                         "ASK after DDL costs a proxy that has met the schema's names before")
    ap.add_argument("--questions", type=int, default=0,
                    help="then time a warm ASK's per-question stages over this many questions")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs")
    rows = asyncio.run(_measure(args.dsn, args.warm, args.server_jit, args.questions, args.passes))
    print(f"{'stage':36} {'wall ms':>8} {'cpu ms':>8} {'loop late ms':>13}")
    cold: list[tuple[str, float, float, float]] = []
    for name, wall, cpu, late in rows:
        if name.startswith("pass ") or name.startswith("warm: ") and cold:
            _total(cold)
            cold = []
        if name.startswith("pass "):
            print(f"--- {name}: a new version of the schema")
            continue
        print(f"{name:36} {wall * 1000:8.2f} {cpu * 1000:8.2f} {late * 1000:13.1f}")
        if not name.startswith("warm: "):
            cold.append((name, wall, cpu, late))
    if cold:
        _total(cold)


def _total(cold: list[tuple[str, float, float, float]]) -> None:
    print(f"{'cold total':36} {sum(r[1] for r in cold) * 1000:8.1f} "
          f"{sum(r[2] for r in cold) * 1000:8.1f} {max(r[3] for r in cold) * 1000:13.1f}")



if __name__ == "__main__":
    main()
