"""What the examples the proxy writes itself cost per schema (ask/context/self_examples.py).

Synthetic schemas of N tables (a key, a ``name``, a category with two stored values, a measure,
a foreign key): per N, the build's time (wall, one thread), the examples drafted and kept, the
memory it keeps (tracemalloc: the bytes still allocated once the build is done, i.e. what the
schema context holds) and its peak, with the default budget and with no time budget. A build
is cut at ``Budget.max_examples`` drafts or ``Budget.max_seconds``, whichever comes first.

    PYTHONPATH=. python bench/self_examples_scale.py --tables 10,100,1000
"""

from __future__ import annotations

import argparse
import gc
import os
import tracemalloc

from ask.context.self_examples import Budget, build
from ask.context.value_linking import link_values
from ask.schema import SchemaContext
from tests.test_self_examples import wide  # the tests' synthetic schema of n tables


def prepared(n: int) -> SchemaContext:
    """A schema context with what the planner has derived before this step (schema_prep)."""
    s = wide(n)
    s.fingerprint
    link_values("", s)
    return s


def measure(n: int, budget: Budget) -> str:
    s = prepared(n)
    gc.collect()
    tracemalloc.start()
    built = build(s, budget)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    timed = build(prepared(n), budget)  # again, untraced: tracemalloc slows Python several-fold
    return (f"{n:>7} {timed.seconds * 1000:>9.0f} {timed.drafted:>8} {timed.kept:>6} "
            f"{kept / 2**20:>8.1f} {peak / 2**20:>8.1f} {built.kept:>6}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", default="10,100,1000")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}; default {Budget()}")
    build(prepared(3))             # module state made on first use is not the schema's
    for name, budget in (("default budget", Budget()),
                         ("no time budget", Budget(max_seconds=float("inf")))):
        print(name)
        print(f"{'tables':>7} {'build ms':>9} {'drafted':>8} {'kept':>6} {'kept MiB':>8} "
              f"{'peak MiB':>8} {'kept*':>6}   (*: under tracemalloc)")
        for n in (int(x) for x in args.tables.split(",")):
            print(measure(n, budget), flush=True)


if __name__ == "__main__":
    main()
