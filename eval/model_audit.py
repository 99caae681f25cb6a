"""What the model would have answered where the pipeline refused or answered wrongly; no proxy.

    python -m eval.model_audit --base RESULTS.json --questions FILE.jsonl --out AUDIT.jsonl

``--base``: an eval run's JSON (``proxy.cli eval --json``); its refused and wrong answerable
questions are audited (``--all``: every answerable question, to see the model where the
pipeline was right too). Each is planned again in process by the real planner (default
configuration: the shipped model on CPU through ONNX Runtime, greedy, the 4-beam retry), with
the translator wrapped so that every candidate the planner asked for is recorded; the greedy
and the 4-beam decodes the planner did not ask for (a question refused before translation, a
confident winner that needed no retry) are decoded too, with the links the planner uses. Every
candidate then goes through the planner's own checks (grounding, repairs, validation,
``EXPLAIN``; its defect count) and, when it passes, runs read-only and is compared with the
gold by the eval runner's comparison (:func:`proxy.evaluation.compare.compare_results`).

One JSON line per question: the pipeline's outcome now, the greedy score, the best reading's
coverage, and each candidate (``greedy`` or ``beam``, its score, ``valid``/why rejected, its
defects, ``correct``). ``--summary`` prints the tables of an audit file. ``--dsn`` is the role
the questions are planned and scored as, as the eval run's was (the demo's is
``postgresql://analyst:analyst@127.0.0.1:55432/postgres``: the role decides the schema the planner
sees). Only development sets belong here; never the frozen ones.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo

from ask.checks.parsed import ParsedSQL
from ask.context.examples import without_examples_table
from ask.errors import AskError, RejectedSQL
from ask.planner import _DEFECTS, MODEL_CONFIDENT_SCORE, READ_FIRST_COVERAGE, _readings
from ask.translate.engine_translator import PsycopgUpstream
from proxy.evaluation.compare import compare_results


class Recorder:
    """The translator's greedy and wider calls, recorded (by attribute: the planner's protocol
    checks look for the methods only)."""

    def __init__(self, translator: Any) -> None:
        self.greedy: list[Any] | None = None
        self.wider: list[Any] | None = None
        linked, wider = translator.translate_linked, translator.translate_wider

        async def rec_linked(question: str, schema: Any, matches: Any) -> list[Any]:
            self.greedy = await linked(question, schema, matches)
            return self.greedy

        async def rec_wider(question: str, schema: Any, matches: Any) -> list[Any]:
            self.wider = await wider(question, schema, matches)
            return self.wider

        translator.translate_linked = rec_linked
        translator.translate_wider = rec_wider

    def reset(self) -> None:
        self.greedy = self.wider = None


async def rows_of(dsn: str, db: str, sql: str) -> list[Any]:
    async with await psycopg.AsyncConnection.connect(make_conninfo(dsn, dbname=db)) as conn:
        await conn.execute("SET TRANSACTION READ ONLY")
        await conn.execute("SET LOCAL statement_timeout = 20000")
        rows = await (await conn.execute(sql.encode())).fetchall()
        await conn.rollback()
        return rows


async def correct(dsn: str, q: dict[str, Any], sql: str, gold: list[Any] | None) -> bool | str:
    if gold is None:
        return "no gold"
    try:
        pred = await rows_of(dsn, q["database"], sql)
    except psycopg.Error as exc:
        return f"error: {str(exc).splitlines()[0][:120]}"
    return compare_results(gold, pred, bool(q.get("ordered"))).equal


async def audit(q: dict[str, Any], planner: Any, translator: Any, rec: Recorder, dsn: str) -> dict[str, Any]:
    question = " ".join(q["question"].split())
    try:
        gold: list[Any] | None = await rows_of(dsn, q["database"], q["gold_sql"])
    except psycopg.Error:
        gold = None
    out: dict[str, Any] = {"id": q["id"], "database": q["database"], "question": q["question"]}
    async with await psycopg.AsyncConnection.connect(make_conninfo(dsn, dbname=q["database"]),
                                                     autocommit=True) as conn:
        up = PsycopgUpstream(conn)
        rec.reset()
        started = time.monotonic()
        try:
            plan = await planner.plan(question, up)
            out["pipeline"] = {"sql": plan.sql, "reading": plan.reading, "score": plan.score}
            out["pipeline"]["correct"] = await correct(dsn, q, plan.sql, gold)
        except AskError as exc:
            out["pipeline"] = {"refused": exc.sqlstate.startswith("42"), "error": exc.message,
                               "sqlstate": exc.sqlstate}
        out["pipeline"]["translated"] = rec.greedy is not None
        out["pipeline"]["widened"] = rec.wider is not None
        schema = without_examples_table(await planner._schemas.get(up))
        links, _ = await planner._link(translator, question, schema, up)
        greedy = rec.greedy if rec.greedy is not None else await translator.translate_linked(question, schema, links)
        wider = rec.wider if rec.wider is not None else await translator.translate_wider(question, schema, links)
        readings = _readings(question, schema, links, planner._steps)
        out["reading_coverage"] = max((r.coverage for r in readings), default=None)
        out["greedy_score"] = greedy[0].score if greedy else None
        out["unsure"] = bool(greedy) and greedy[0].score < MODEL_CONFIDENT_SCORE
        cands = []
        seen: set[str] = set()
        for kind, found in (("greedy", greedy), ("beam", wider)):
            for rank, c in enumerate(found):
                if c.sql in seen:
                    continue
                seen.add(c.sql)
                one: dict[str, Any] = {"kind": kind, "rank": rank, "score": c.score, "sql": c.sql}
                try:
                    checked = await planner._check(ParsedSQL(c.sql), question, schema, links, up, True)
                except RejectedSQL as exc:
                    one["valid"] = False
                    one["rejected"] = f"{exc.sqlstate}: {exc.message[:160]}"
                    cands.append(one)
                    continue
                one["valid"] = True
                one["checked_sql"] = checked.text
                one["defects"] = checked.made(_DEFECTS)
                one["correct"] = await correct(dsn, q, checked.text, gold)
                cands.append(one)
        out["candidates"] = cands
        out["seconds"] = round(time.monotonic() - started, 2)
    return out


def failing(base: Path, everything: bool) -> set[str]:
    rs = json.load(open(base))["results"]
    return {r["id"] for r in rs if r["expect"] == "answer" and not r.get("gold_error")
            and (everything or not r["correct"])}


async def run(args: argparse.Namespace) -> None:
    from proxy.cli import load_translator
    from proxy.config import Config
    from proxy.server import build_ask_services
    cfg = Config()
    translator, why = load_translator(cfg)
    if translator is None:
        sys.exit(f"no model: {why}")
    rec = Recorder(translator)
    planner, _ = build_ask_services(cfg, translator)
    wanted = failing(args.base, args.all)
    qs = [json.loads(line) for line in open(args.questions, encoding="utf-8") if line.strip()]
    qs = [q for q in qs if q["id"] in wanted]
    done = set()
    if args.out.exists():
        done = {json.loads(line)["id"] for line in open(args.out, encoding="utf-8") if line.strip()}
    with open(args.out, "a", encoding="utf-8") as f:
        for q in qs:
            if q["id"] in done:
                continue
            q.setdefault("database", args.default_db)
            f.write(json.dumps(await audit(q, planner, translator, rec, args.dsn), default=str) + "\n")
            f.flush()
    translator.close()


def state(r: dict[str, Any]) -> str:
    """refused / error / right / wrong: the pipeline's outcome in an audit line."""
    p = r["pipeline"]
    if p.get("refused"):
        return "refused"
    return "error" if "error" in p else "right" if p.get("correct") is True else "wrong"


def source(r: dict[str, Any]) -> str:
    """Who wrote the pipeline's answer: the reader, the model, or an example (score 0, no reading)."""
    p = r["pipeline"]
    return "reading" if p["reading"] else "example" if p["score"] == 0.0 else "model"


def summary(files: list[Path]) -> None:
    """Per file: the pipeline's outcome (right by who wrote it), and the model's candidates
    where it refused or answered wrongly (greedy valid / greedy right / any candidate right),
    and every right candidate's score and defects."""
    print(f"{'set':14s} {'n':>4s} {'right (read/model/ex)':>22s} {'wrong':>6s} {'refused':>8s} "
          f"{'ref: g.valid/g.right/any':>25s} {'wrong: g.right/any':>19s} {'sure':>5s}")
    for path in files:
        rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
        t: Counter[str] = Counter()
        right: list[str] = []
        for r in rows:
            st = state(r)
            t[st] += 1
            if st in ("right", "wrong"):
                t[f"{st} {source(r)}"] += 1
            t["sure"] += not r["unsure"]
            cands = r["candidates"]
            g = next((c for c in cands if c["kind"] == "greedy" and c["rank"] == 0), None)
            t[f"{st} g.valid"] += bool(g and g.get("valid"))
            t[f"{st} g.right"] += bool(g and g.get("correct") is True)
            t[f"{st} any"] += any(c.get("correct") is True for c in cands)
            right += [f"{r['id']} [{st}] {c['kind']}{c['rank']} {c['score']:.3f} d={c['defects']}"
                      for c in cands if c.get("correct") is True and st != "right"]
        print(f"{path.stem:14s} {len(rows):4d} {t['right']:5d} ({t['right reading']}/{t['right model']}/"
              f"{t['right example']}){'':8s} {t['wrong']:6d} {t['refused']:8d} "
              f"{t['refused g.valid']:>15d}/{t['refused g.right']}/{t['refused any']} "
              f"{t['wrong g.right']:>16d}/{t['wrong any']} {t['sure']:5d}")
        for line in right:
            print("    right candidate:", line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", type=Path)
    ap.add_argument("--questions", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:55432/postgres")
    ap.add_argument("--default-db", default="askproxy_demo")
    ap.add_argument("--summary", type=Path, nargs="*")
    args = ap.parse_args()
    if args.summary:
        summary(args.summary)
        return
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
