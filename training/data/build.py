"""Build the training corpus: synthetic retail + generic samples and converted real datasets.

Writes gzip'd JSON lines ``{"src": prompt, "tgt": sql, "cat": category}`` to ``train.jsonl.gz``
and one file per held-out split (``eval_<name>.jsonl.gz``). Every target is checked to be a
single SELECT that pglast parses. Held out: a set of Spider databases never seen in training,
fresh-seed retail samples over the demo schema and over invented worlds, and the real
datasets' test questions. Deterministic for a given seed.

    python -m training.data.build --datasets ../shared/datasets --out .carry/corpus --size 400000
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import multiprocessing as mp
import random
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pglast
import pglast.parser

from training.data.general import GeneralGenerator, load_spider_pool
from training.data.generic import GenericGenerator
from training.data.real import load_all
from training.data.retail import RetailGenerator
from training.data.retail_world import Sample
from training.data.schemas import load_spider
from ask.translate.prompt import build_prompt

logger = logging.getLogger(__name__)

HELD_OUT_SPIDER = 16          # databases (of ~166) kept out of training
EVAL_DIR = Path(__file__).resolve().parents[3] / "eval"
EVAL_QUESTIONS = (EVAL_DIR / "demo.jsonl", EVAL_DIR / "holdout.jsonl")   # never trained on


@dataclass(frozen=True, slots=True)
class Mix:
    """What the training rows are made of: ``size`` times each share of synthetic rows, plus
    every real-dataset training example ``real_oversample`` times (about 8% of 300k rows)."""

    retail_share: float = 0.58
    generic_share: float = 0.34
    general_share: float = 0.0      # the schema-general generator (training.data.general)
    real_oversample: int = 4

    @classmethod
    def from_config(cls, data: dict[str, Any]) -> Mix:
        """The fields that a training config's ``[data]`` table sets (it has other keys too)."""
        return cls(**{k: data[k] for k in ("retail_share", "generic_share", "general_share", "real_oversample")
                      if k in data})


def _question_key(text: str) -> str:
    return " ".join("".join(ch for ch in text.lower() if ch.isalnum() or ch.isspace()).split())


def without_test_questions(rows: list[dict[str, str]], questions_files: Iterable[Path]) -> list[dict[str, str]]:
    """Drop generated rows whose question is (up to case and punctuation) an evaluation question.

    Templates can happen to render a question of ``eval/*.jsonl`` word for word; those rows
    would be training on test material, so they go.
    """
    held = {_question_key(json.loads(line)["question"])
            for path in questions_files if path.exists() for line in path.read_text().splitlines() if line}
    if not held:
        return rows
    kept = [r for r in rows if _question_key(r["src"].split("\n", 1)[0].removeprefix("question: ")) not in held]
    logger.info("dropped %d training rows that repeat an evaluation question", len(rows) - len(kept))
    return kept


def is_select(sql: str) -> bool:
    """Whether ``sql`` is one SELECT statement (read from the parse tree's JSON: building
    pglast's Python AST for every generated row cost a tenth of the corpus build)."""
    try:
        tree = json.loads(pglast.parser.parse_sql_json(sql))
    except pglast.parser.ParseError:
        return False
    stmts = tree.get("stmts", [])
    return len(stmts) == 1 and "SelectStmt" in stmts[0].get("stmt", {})


def record(s: Sample) -> dict[str, str] | None:
    if not is_select(s.sql):
        return None
    return {"src": build_prompt(s.question, s.schema), "tgt": s.sql, "cat": s.category}


def spider_dev_ids(datasets: Path) -> set[str]:
    """The Spider dev databases: never a training source (``dev.jsonl`` measures them)."""
    return set((datasets / "spider" / "dev_db_ids.txt").read_text().split())


def _spider_split(datasets: Path, seed: int) -> tuple[dict, dict]:
    dev = spider_dev_ids(datasets)
    schemas = {k: v for k, v in load_spider(datasets / "text2sql-data" / "spider-schema.csv").items()
               if k not in dev}
    names = sorted(schemas)
    random.Random(seed).shuffle(names)
    held = set(names[:HELD_OUT_SPIDER])
    return ({k: v for k, v in schemas.items() if k not in held}, {k: v for k, v in schemas.items() if k in held})


def _worker(args: tuple[str, int, int, str, float]) -> list[dict[str, str]]:
    kind, seed, n, datasets, demo_share = args
    rng = random.Random(seed)
    gen: RetailGenerator | GeneralGenerator | GenericGenerator
    if kind == "retail":
        gen = RetailGenerator(rng, demo_share)
    elif kind == "general":
        gen = GeneralGenerator(rng, load_spider_pool(Path(datasets)))
    elif kind == "general_unseen_db":     # evaluation only: the dev schemas, synthetic questions
        dev = spider_dev_ids(Path(datasets))
        pool = {k: v for k, v in json_entries(Path(datasets)).items() if k in dev}
        gen = GeneralGenerator(rng, pool, invented_share=0.0)
    else:
        train, held = _spider_split(Path(datasets), 7)
        gen = GenericGenerator(rng, held if kind == "generic_heldout" else train)
    out: list[dict[str, str]] = []
    while len(out) < n:
        rec = record(gen.sample())
        if rec is not None:
            out.append(rec)
    return out


def json_entries(datasets: Path) -> dict[str, dict]:
    """Every Spider schema entry of ``tables.json`` by database (evaluation splits only)."""
    entries = json.loads((datasets / "spider" / "tables.json").read_text())
    return {e["db_id"]: e for e in entries}


def _parallel(kind: str, total: int, seed: int, datasets: Path, workers: int,
              demo_share: float = 0.5) -> list[dict[str, str]]:
    chunk = 5000
    jobs = [(kind, seed * 100003 + i, min(chunk, total - i * chunk), str(datasets), demo_share)
            for i in range((total + chunk - 1) // chunk)]
    out: list[dict[str, str]] = []
    with mp.Pool(workers) as pool:
        for part in pool.imap(_worker, jobs):
            out.extend(part)
    return out


def _real(datasets: Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    train: list[dict[str, str]] = []
    test: list[dict[str, str]] = []
    for schema, examples in load_all(datasets / "text2sql-data"):
        for e in examples:
            rec = {"src": build_prompt(e.question, schema), "tgt": e.sql, "cat": "real:" + e.dataset}
            (test if e.split == "test" else train).append(rec)
    return train, test


def write(path: Path, rows: Iterable[dict[str, str]]) -> int:
    n = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def build(datasets: Path, out: Path, size: int, seed: int, workers: int, mix: Mix = Mix()) -> dict[str, int]:
    out.mkdir(parents=True, exist_ok=True)
    real_train, real_test = _real(datasets)
    rows = _parallel("retail", int(size * mix.retail_share), seed, datasets, workers)
    rows += _parallel("generic", int(size * mix.generic_share), seed + 1, datasets, workers)
    rows += _parallel("general", int(size * mix.general_share), seed + 2, datasets, workers)
    rows += real_train * mix.real_oversample
    rows = without_test_questions(rows, EVAL_QUESTIONS)
    random.Random(seed).shuffle(rows)
    counts = {"train": write(out / "train.jsonl.gz", rows)}
    evals = {
        "retail_demo": _parallel("retail", 1000, seed + 1000, datasets, workers, demo_share=1.0),
        "retail_invented": _parallel("retail", 1000, seed + 2000, datasets, workers, demo_share=0.0),
        "generic_heldout_db": _parallel("generic_heldout", 1000, seed + 3000, datasets, workers),
        "general_invented": _parallel("general", 1000, seed + 4000, datasets, workers),
        "general_unseen_db": _parallel("general_unseen_db", 1000, seed + 5000, datasets, workers),
        "real_test": real_test,
    }
    train_pairs = {(r["src"], r["tgt"]) for r in rows}
    for name, ev in evals.items():
        ev = [r for r in ev if (r["src"], r["tgt"]) not in train_pairs]
        counts[name] = write(out / f"eval_{name}.jsonl.gz", ev)
    (out / "counts.json").write_text(json.dumps(counts))   # written last: the corpus is complete
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--size", type=int, default=400_000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workers", type=int, default=max(1, mp.cpu_count()))
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    counts = build(args.datasets, args.out, args.size, args.seed, args.workers)
    logger.info("wrote %s", counts)


if __name__ == "__main__":
    main()
