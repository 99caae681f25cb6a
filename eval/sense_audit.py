"""What MiniLM placement (``[ask] sense_placement``, ask.translate.sketch.semantic) places on
the development sets, right or wrong, and a sweep of its calibration; no model, no proxy.

    python -m eval.sense_audit [--list] [--sweep] FILE...

Each FILE is a question JSONL with ``database`` (questions without it are read on
``--default-db``); a line with ``"expect": "refuse"`` or ``"answerable": false`` must be
refused. Each question is read as the planner reads it (schema introspected, values linked and
probed), without placement and with it. A reading with placement that differs from the one
without is scored: *right* (its rows equal the gold's), *wrong* (other rows, or an unanswerable
question read to ``READ_FIRST_COVERAGE``), or *unread* (coverage below it: refused as before); *answered*: read, with no gold to compare.
``--list`` prints every span with its nearest entries (table.column, similarity; ``(x)``: not
allowed, already named) and which were placed; ``--sweep`` moves one kind's floor or margin at
a time and scores each. It also prints the CPU time (process time) of the placement per
question that has a span to place, cold (the first of its schema: the names are embedded) and
warm (the question's phrases only); a question without one costs nothing. With ``--sweep``
every span's context is embedded (so that lower floors can be scored), so its CPU times are
not the proxy's.
Only development sets belong here (see the task's list); never the frozen ones.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import statistics
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from ask.context.examples import without_examples_table
from ask.context.introspection import introspect
from ask.context.value_linking import ValueMatch, link_values, merge_matches
from ask.context.value_probe import ValueProbe
from ask.planner import READ_FIRST_COVERAGE
from ask.schema import SchemaContext
from ask.translate.engine_translator import PsycopgUpstream
from ask.translate.sketch import Reading, _read_question, prefer_sensed, question_words, read_question, spelt_links
from ask.translate.sketch import semantic
from proxy.evaluation.compare import compare_results


@dataclasses.dataclass
class Case:
    q: dict[str, Any]
    schema: SchemaContext
    links: list[ValueMatch]
    off: Reading | None
    senses: list[semantic.Sense]
    db: str
    cpu_ms: float = 0.0         # CPU time of the embedding and comparison (process time)
    cold: bool = False          # the first question of its schema: the names were embedded


def refuse(q: dict[str, Any]) -> bool:
    return q.get("expect") == "refuse" or q.get("answerable") is False


async def collect(dsn: str, db: str, qs: list[dict[str, Any]], context_from: float | None = None) -> list[Case]:
    out: list[Case] = []
    async with await psycopg.AsyncConnection.connect(make_conninfo(dsn, dbname=db), autocommit=True) as conn:
        up = PsycopgUpstream(conn)
        schema = without_examples_table(await introspect(up))      # as the planner reads it
        probe = ValueProbe()
        for q in qs:
            question = " ".join(q["question"].split())
            linked = link_values(question, schema)
            links = merge_matches(linked, await probe.link(question, schema, up, linked))
            off = read_question(question, schema, links)
            if off is not None and not off.uncovered:
                continue
            words = question_words(question)
            started = time.process_time()
            found = semantic.unplaced_senses(words, schema, spelt_links(words, links), {},
                                             off.uncovered if off is not None else None, context_from)
            cpu_ms = (time.process_time() - started) * 1000
            if found:
                out.append(Case(q, schema, links, off, found, db, cpu_ms, not any(c.db == db for c in out)))
    return out


def reading_with(case: Case, placed: list[semantic.Placement]) -> Reading | None:
    """What read_question(by_sense=True) returns with these placements."""
    if not placed:
        return case.off
    question = " ".join(case.q["question"].split())
    words = question_words(question)
    return prefer_sensed(case.off, _read_question(question, case.schema, case.links, None,
                                                  semantic._spellings(words, placed)))


async def outcome(dsn: str, case: Case, on: Reading | None, memo: dict[tuple[str, str], bool]) -> str:
    """same / right / wrong / unread (see the module's docstring)."""
    if on is case.off or (on is not None and case.off is not None and on.sql == case.off.sql):
        return "same"
    if on is None or on.coverage < READ_FIRST_COVERAGE:
        return "unread"
    if refuse(case.q):
        return "wrong"
    if not case.q.get("gold_sql"):
        return "answered"       # an answerable question without gold (refusal_dev's lookalikes)
    key = (case.q["question"], on.sql)
    if key not in memo:
        async with await psycopg.AsyncConnection.connect(make_conninfo(dsn, dbname=case.db), autocommit=True) as conn:
            try:
                pred = await (await conn.execute(on.sql)).fetchall()
                gold = await (await conn.execute(case.q["gold_sql"])).fetchall()
                memo[key] = compare_results(gold, pred, bool(case.q.get("ordered"))).equal
            except psycopg.Error:
                memo[key] = False
    return "right" if memo[key] else "wrong"


def name(entry: semantic.Entry) -> str:
    return entry[0].name + ("." + entry[1].name if entry[1] is not None else "")


async def score(dsn: str, cases: list[Case], calibration: dict[str, tuple[float, float]],
                memo: dict[tuple[str, str], bool], show: bool = False) -> Counter[str]:
    tally: Counter[str] = Counter()
    for case in cases:
        placed = semantic.chosen(case.senses, calibration=calibration)
        result = await outcome(dsn, case, reading_with(case, placed), memo)
        tally[result] += 1
        if show:
            words = question_words(" ".join(case.q["question"].split()))
            print(f"{result.upper():6} {case.q.get('id', '')} | {case.q['question']}")
            kept = {(p.start, p.end) for p in placed}
            for s in case.senses:
                top = ", ".join(f"{name(e)}{'' if ok else '(x)'} {sc:.2f}" for sc, e, ok in s.ranked)
                mark = "PLACED" if (s.start, s.end) in kept else "      "
                print(f"   {mark} {' '.join(words[s.start:s.end])!r} need={s.need} -> {top}")
    return tally


def grid() -> list[tuple[str, dict[str, tuple[float, float]]]]:
    """The shipped calibration with one kind's floor or margin moved at a time."""
    out = []
    for what, (floor, gap) in semantic.CALIBRATION.items():
        for f in (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8):
            out.append((f"{what} floor {f}", {**semantic.CALIBRATION, what: (f, gap)}))
        for g in (0.0, 0.05, 0.1, 0.15):
            out.append((f"{what} margin {g}", {**semantic.CALIBRATION, what: (floor, g)}))
    return out


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:55432/postgres")
    ap.add_argument("--default-db", default="askproxy_demo")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--sweep", action="store_true")
    args = ap.parse_args()
    rows = [json.loads(line) for f in args.files for line in open(f, encoding="utf-8") if line.strip()]
    for r in rows:
        r.setdefault("database", args.default_db)
    cases: list[Case] = []
    for db in sorted({r["database"] for r in rows}):
        cases += await collect(args.dsn, db, [r for r in rows if r["database"] == db], 0.0 if args.sweep else None)
    memo: dict[tuple[str, str], bool] = {}
    tally = await score(args.dsn, cases, semantic.CALIBRATION, memo, args.list)
    print(f"{len(rows)} questions, {len(cases)} with a span to place; shipped calibration: {dict(tally)}")
    for label, group in (("cold (first of its schema)", [c.cpu_ms for c in cases if c.cold]),
                         ("warm", [c.cpu_ms for c in cases if not c.cold])):
        if group:
            q = statistics.quantiles(group, n=10) if len(group) > 1 else group * 9
            print(f"CPU ms per question with a span, {label}: n {len(group)}, p50 {statistics.median(group):.1f}, "
                  f"p90 {q[8]:.1f}, max {max(group):.1f}")
    if args.sweep:
        for label, cal in grid():
            t = await score(args.dsn, cases, cal, memo)
            print(f"{label:24} right {t['right']:3d} wrong {t['wrong']:3d} unread {t['unread']:3d}")


if __name__ == "__main__":
    asyncio.run(main())
