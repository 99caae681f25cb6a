"""The learnt placer (ask.translate.sketch.learnt_place) against the calibrated one on the
development sets, and a sweep of its threshold; no model, no proxy.

    python -m eval.placer_audit [--list] [--thresholds 0.3,0.4,...] FILE...

Questions are read as ``eval/sense_audit.py`` reads them (schema introspected, values linked and
probed); a question whose lexical reading leaves a word unplaced is read again with each
placer's placements and scored like there: *right* (the gold's rows), *wrong* (other rows, or
an unanswerable question read), *unread* (still refused), *same* (the reading did not change).
``--list`` prints what each placer places where the outcomes differ. Only development sets
belong here; never the frozen ones.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections import Counter
from pathlib import Path

from ask.translate.sketch import learnt_place, question_words, semantic, spelt_links, xenc_place
from engines.phrase_embedder import model_dir, shared_embedder
from eval.sense_audit import Case, collect, name, outcome, reading_with


def learnt_rows(case: Case, embedder: object, model: learnt_place.Head | None) -> list[learnt_place.SpanRows]:
    words = question_words(" ".join(case.q["question"].split()))
    candidates, touched, taken = semantic._unplaced(words, case.schema, spelt_links(words, case.links), {},
                                                    case.off.uncovered if case.off is not None else None)
    return semantic.span_rows(words, candidates, case.schema, touched, taken, embedder,  # type: ignore[arg-type]
                              model.products if model is not None else False)


def as_placements(scored: list[learnt_place.Scored]) -> list[semantic.Placement]:
    return [semantic.Placement(s.start, s.end, s.entry, semantic.kind(s.entry), s.probability, 0.0) for s in scored]


async def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--dsn", default="postgresql://postgres@127.0.0.1:55432/postgres")
    ap.add_argument("--default-db", default="askproxy_demo")
    ap.add_argument("--thresholds", default="0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9")
    ap.add_argument("--weights", type=Path, nargs="+", default=[learnt_place.WEIGHTS])
    ap.add_argument("--list", type=float, default=None, help="list the placements at this threshold")
    ap.add_argument("--xenc", type=Path, nargs="*", default=[],
                    help="cross-encoder deltas (ask.translate.sketch.xenc_place) to sweep instead of the heads")
    args = ap.parse_args()
    embedder = shared_embedder()
    rows = [json.loads(line) for f in args.files for line in open(f, encoding="utf-8") if line.strip()]
    for r in rows:
        r.setdefault("database", args.default_db)
    cases: list[Case] = []
    for db in sorted({r["database"] for r in rows}):
        cases += await collect(args.dsn, db, [r for r in rows if r["database"] == db], 0.0)
    memo: dict[tuple[str, str], bool] = {}
    calibrated: Counter[str] = Counter()
    for case in cases:
        calibrated[await outcome(args.dsn, case, reading_with(case, semantic.chosen(case.senses)), memo)] += 1
    print(f"{len(rows)} questions, {len(cases)} with a span to place")
    print(f"calibrated (shipped)  {dict(calibrated)}")
    for deltas in args.xenc:
        print(f"== cross-encoder {deltas}")
        await sweep_xenc(args, cases, deltas, embedder, memo)
    for weights in args.weights if not args.xenc else []:
        model = learnt_place.load_head(weights)
        print(f"== {weights}")
        await sweep(args, cases, model, embedder, memo)


async def sweep(args: argparse.Namespace, cases: list[Case], model: learnt_place.Head, embedder: object,
                memo: dict[tuple[str, str], bool]) -> None:
    per_case = []
    cpu = []
    for case in cases:
        started = time.process_time()
        per_case.append(learnt_rows(case, embedder, model))
        cpu.append((time.process_time() - started) * 1000)
    for t, context, back in [(float(v), c, b) for b in (False, True) for c in (False, True)
                             for v in args.thresholds.split(",")]:
        tally: Counter[str] = Counter()
        for case, span_rows in zip(cases, per_case):
            placed = as_placements(learnt_place.decide(span_rows, model, t, context))
            if back:
                placed = semantic.backed(semantic.chosen(case.senses), placed)
            got = await outcome(args.dsn, case, reading_with(case, placed), memo)
            tally[got] += 1
            if args.list is not None and abs(t - args.list) < 1e-9 and not context and not back and got != "same":
                await show_change(args, case, placed, got, memo)
        print(f"learnt threshold {t:.2f}{' in context' if context else ''}{' backed' if back else ''}  right {tally['right']:3d} wrong {tally['wrong']:3d} "
              f"unread {tally['unread']:3d} answered {tally['answered']:3d} same {tally['same']:3d}")
    if cpu:
        print(f"CPU ms of the learnt rows per question with a span: p50 {statistics.median(cpu):.1f}, max {max(cpu):.1f}")


async def show_change(args: argparse.Namespace, case: Case, placed: list[semantic.Placement], got: str,
                      memo: dict[tuple[str, str], bool]) -> None:
    """One question whose outcome a placer changed: what the calibrated placer got, and what was placed."""
    words = question_words(" ".join(case.q["question"].split()))
    cal = await outcome(args.dsn, case, reading_with(case, semantic.chosen(case.senses)), memo)
    print(f"{got.upper():6} (calibrated {cal}) {case.q.get('id', '')} | {case.q['question']}")
    for p in placed:
        print(f"     {' '.join(words[p.start:p.end])!r} -> {name(p.entry)} p={p.score:.2f}")


async def sweep_xenc(args: argparse.Namespace, cases: list[Case], deltas: Path, embedder: object,
                     memo: dict[tuple[str, str], bool]) -> None:
    """The cross-encoder's placements at each threshold (alone, and backing the calibrated ones)."""
    folder = model_dir()
    assert folder is not None
    scorer = xenc_place.load(deltas, folder)
    per_case = []
    cpu = []
    for case in cases:
        started = time.process_time()
        words = question_words(" ".join(case.q["question"].split()))
        rows = learnt_rows(case, embedder, None)
        probs = xenc_place.score_rows(words, rows, semantic.shared_prefix(case.schema), scorer)
        per_case.append((rows, probs))
        cpu.append((time.process_time() - started) * 1000)
    thresholds = [float(v) for v in args.thresholds.split(",")] + [scorer.threshold]
    for t, back in [(t, b) for b in (False, True) for t in thresholds]:
        tally: Counter[str] = Counter()
        for case, (rows, probs) in zip(cases, per_case):
            placed = as_placements(xenc_place.decide(rows, probs, t))
            if back:
                placed = semantic.backed(semantic.chosen(case.senses), placed)
            got = await outcome(args.dsn, case, reading_with(case, placed), memo)
            tally[got] += 1
            if args.list is not None and abs(t - args.list) < 1e-9 and not back and got != "same":
                await show_change(args, case, placed, got, memo)
        print(f"xenc threshold {t:.3f}{' backed' if back else ''}  right {tally['right']:3d} wrong {tally['wrong']:3d} "
              f"unread {tally['unread']:3d} answered {tally['answered']:3d} same {tally['same']:3d}")
    if cpu:
        print(f"CPU ms of the cross-encoder per question with a span: p50 {statistics.median(cpu):.1f}, max {max(cpu):.1f}")


if __name__ == "__main__":
    asyncio.run(main())
