"""Run the plain reader alone (no model, no proxy) on a question file and score it.

    python -m eval.analyst_dev.harness [FILE] [--dsn URL] [--half dev|test|all] [-v] [--gold]

FILE defaults to this set's ``questions.jsonl``; a Spider dev JSONL works too (``--half dev``:
the databases at even positions of the sorted list). ``--gold`` only checks the gold: every
query runs and returns rows, and a ``LIMIT n`` ranking does not tie at its cut. Prints how many
questions the reader answers and how many correctly, at several coverage thresholds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from ask.context.introspection import introspect
from ask.context.value_linking import link_values, merge_matches
from ask.context.value_probe import ValueProbe
from ask.translate.engine_translator import PsycopgUpstream
from ask.translate.sketch import Reading, read_question
from proxy.evaluation.compare import compare_results

HERE = Path(__file__).resolve().parent
Result = tuple[dict[str, Any], Reading | None, bool]


async def check_gold(conn: psycopg.AsyncConnection[Any], q: dict[str, Any]) -> str | None:
    rows = await (await conn.execute(q["gold_sql"])).fetchall()
    if not rows or all(v is None for r in rows for v in r):
        return "no rows"
    limit = re.search(r"LIMIT (\d+)\s*$", q["gold_sql"])
    if limit:
        n = int(limit.group(1))
        wider = await (await conn.execute(q["gold_sql"][:limit.start()] + f"LIMIT {n + 1}")).fetchall()
        if len(wider) > n and wider[n][-1] == wider[n - 1][-1]:
            return "ties at the cut"
    return None


async def run_db(dsn: str, db: str, qs: list[dict[str, Any]], verbose: bool, gold_only: bool) -> list[Result]:
    out: list[Result] = []
    async with await psycopg.AsyncConnection.connect(make_conninfo(dsn, dbname=db), autocommit=True) as conn:
        if gold_only:
            for q in qs:
                problem = await check_gold(conn, q)
                if problem:
                    print(f"GOLD {problem}: {q['id']} {q['question']}")
            return out
        up = PsycopgUpstream(conn)
        schema = await introspect(up)
        probe = ValueProbe()
        for q in qs:
            question = " ".join(q["question"].split())
            linked = link_values(question, schema)
            links = merge_matches(linked, await probe.link(question, schema, up, linked))
            reading = read_question(question, schema, links)
            ok, note = False, ""
            if reading is not None and q.get("gold_sql"):
                try:
                    pred = await (await conn.execute(reading.sql)).fetchall()
                    gold = await (await conn.execute(q["gold_sql"])).fetchall()
                    ok = compare_results(gold, pred, bool(q.get("ordered"))).equal
                except psycopg.Error as e:
                    note = f"  -- ERROR {type(e).__name__}"
            out.append((q, reading, ok))
            if verbose:
                if reading is None:
                    print(f"NONE | {question}\n      gold {q['gold_sql']}")
                else:
                    print(f"{'OK ' if ok else 'BAD'} {reading.coverage:.2f} | {question} | {' '.join(reading.uncovered)}\n      {reading.sql}{note}"
                          + ("" if ok else f"\n      gold {q['gold_sql']}"))
    return out


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", default=str(HERE / "questions.jsonl"))
    ap.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:55432/postgres")
    ap.add_argument("--half", choices=("dev", "test", "all"), default="all")
    ap.add_argument("--gold", action="store_true")
    ap.add_argument("-v", action="store_true")
    args = ap.parse_args()
    rows = [json.loads(line) for line in open(args.file, encoding="utf-8")]
    dbs = sorted({r["database"] for r in rows})
    dbs = dbs[0::2] if args.half == "dev" else dbs[1::2] if args.half == "test" else dbs
    results: list[Result] = []
    for db in dbs:
        results += await run_db(args.dsn, db, [r for r in rows if r["database"] == db], args.v, args.gold)
    if args.gold:
        return
    n = len(results)
    for threshold in (0.0, 0.5, 0.75, 1.0):
        answered = [r for r in results if r[1] is not None and r[1].coverage >= threshold]
        ok = sum(1 for r in answered if r[2])
        print(f"coverage>={threshold}: answered {len(answered)}/{n}  correct {ok} ({100 * ok / max(1, n):.1f}%)")


if __name__ == "__main__":
    asyncio.run(main())
