"""What a training run's batches hold, step by step: rows, widths, and which sources.

A logged loss that jumps is usually a batch unlike the others: length bucketing gives the short
generic prompts, or one real dataset, batches of their own. This rebuilds a finished or running
run's batch order exactly (its corpus and tokenizer, the seed and batch limits of its config,
the order :func:`training.train.train` draws) and describes the batches at the steps
asked about.

    python -m training.batch_report --config training/config.toml --run DIR --steps 340,800
"""

from __future__ import annotations

import argparse
import collections
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from training.batching import Encoded, batches, encode, read_jsonl


def batch_order(data: Encoded, tc: dict[str, Any], seed: int) -> Iterator[list[int]]:
    """Every batch a run trains on, in order (epoch after epoch), as ``train`` draws them."""
    rng = random.Random(seed)
    while True:
        yield from batches(data, tc["max_tokens"], tc["max_rows"], rng)


def source(category: str) -> str:
    """``retail``, ``generic`` or ``real:<dataset>`` from a row's category."""
    kind = category.partition(":")[0]
    return category if kind == "real" else kind


def describe(data: Encoded, batch: list[int]) -> dict[str, Any]:
    counts = collections.Counter(source(data.rows[i].get("cat", "")) for i in batch)
    return {"rows": len(batch),
            "distinct_pairs": len({(tuple(data.src[i]), tuple(data.tgt[i])) for i in batch}),
            "source_width": max(len(data.src[i]) for i in batch),
            "target_width": max(len(data.tgt[i]) for i in batch),
            "sources": dict(counts.most_common())}


def report(data: Encoded, tc: dict[str, Any], seed: int, steps: list[int]) -> dict[int, dict[str, Any]]:
    """Step number (1-based, as the loss curve logs it) -> what its batch held."""
    wanted, out = set(steps), {}
    for step, batch in enumerate(batch_order(data, tc, seed), 1):
        if step in wanted:
            out[step] = describe(data, batch)
        if step >= max(wanted, default=0):
            return out
    return out


def main() -> None:
    from tokenizers import Tokenizer

    from training.train import load_config

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, required=True)
    ap.add_argument("--run", type=Path, required=True, help="the run's --out (its corpus/ and tokenizer.json)")
    ap.add_argument("--steps", required=True, help="comma-separated step numbers")
    ap.add_argument("--only", help="as the run's --only")
    ap.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE", help="as the run's --set")
    args = ap.parse_args()
    cfg = load_config(args.config, args.set)
    rows = read_jsonl(args.run / "corpus" / "train.jsonl.gz")
    if args.only:
        rows = [r for r in rows if r["cat"].startswith(args.only)]
    tok = Tokenizer.from_file(str(args.run / "tokenizer.json"))
    dc = cfg["data"]
    data = encode(tok, rows, dc["max_source_length"], dc["max_target_length"], drop_long=True)
    steps = sorted(int(s) for s in args.steps.split(","))
    for step, desc in report(data, cfg["train"], cfg["seed"], steps).items():
        print(step, json.dumps(desc))


if __name__ == "__main__":
    main()
