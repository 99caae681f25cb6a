"""Time value linking per question, and the training corpus generator's rows per second.

    python bench/value_linking.py [--questions 400] [--rows 2000]

Value linking (:func:`ask.context.value_linking.link_values`) runs on every ASK; its fuzzy match
is most of the corpus generator's time too. The questions and schemas come from the retail
generator's demo world (the demo database's schema and values), the index cache is warm as in
a running proxy. Prints p50/p95/mean milliseconds per question, then single-core rows/s of the
retail and generic corpus generators. Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from training.data.build import _worker  # noqa: E402
from training.data.retail import RetailGenerator  # noqa: E402
from ask.context.value_linking import link_values  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=int, default=400)
    ap.add_argument("--rows", type=int, default=2000)
    ap.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = ap.parse_args()
    gen = RetailGenerator(random.Random(4), 1.0)
    samples = [gen.sample() for _ in range(args.questions)]
    for s in samples:
        link_values(s.question, s.schema)              # the index cache, warm as in a running proxy
    ms = []
    for s in samples:
        t = time.perf_counter()
        link_values(s.question, s.schema)
        ms.append((time.perf_counter() - t) * 1e3)
    ms.sort()
    print(f"link_values over {len(ms)} demo questions: p50 {ms[len(ms) // 2]:.2f} ms, "
          f"p95 {ms[int(len(ms) * 0.95)]:.2f} ms, mean {statistics.mean(ms):.2f} ms")
    for kind in ("retail", "generic"):
        t = time.perf_counter()
        rows = _worker((kind, 5, args.rows, str(args.datasets), 0.5))
        dt = time.perf_counter() - t
        print(f"corpus generator, {kind}: {len(rows) / dt:.0f} rows/s on one core")


if __name__ == "__main__":
    main()
