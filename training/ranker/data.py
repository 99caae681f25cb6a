"""Training rows of the ranker: questions over training schemas, their gold items, features.

Features come from :class:`ask.context.table_ranker.TableRanker` itself, so training and run time
cannot drift apart; column features read the table scorer's output, so the column rows are made
after the table scorer is fitted.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ask.context.table_ranker import Embedder, TableRanker
from ask.context.value_linking import ValueMatch, link_values
from ask.schema import SchemaContext, Table
from training.data.general import GeneralGenerator, load_spider_pool
from training.data.real import load_all
from training.data.retail import RetailGenerator
from pglast.parser import ParseError

from training.ranker.gold import gold_items


@dataclass(frozen=True)
class Question:
    question: str
    sql: str
    schema: SchemaContext
    source: str


def questions(datasets: Path, n_general: int, n_real: int, seed: int,
              retail_share: float = 0.15) -> Iterator[Question]:
    """``n_general`` generated questions (``retail_share`` of them over invented retail look-alikes,
    never the demo schema itself), then up to ``n_real`` training-split questions of each
    ``text2sql-data`` dataset (none of them a Spider dev database)."""
    rng = random.Random(seed)
    general = GeneralGenerator(rng, load_spider_pool(datasets))
    retail = RetailGenerator(rng, demo_share=0.0)
    for _ in range(n_general):
        source = "retail" if rng.random() < retail_share else "general"
        s = retail.sample() if source == "retail" else general.sample()
        yield Question(s.question, s.sql, s.schema, source)
    for schema, examples in load_all(datasets / "text2sql-data"):
        train = [e for e in examples if e.split == "train"]
        rng.shuffle(train)
        for e in train[:n_real]:
            yield Question(e.question, e.sql, schema, f"real_{schema.database}")


class CachedEmbedder:
    """The embedder with its vectors kept in a file between training runs (a run embeds tens of
    thousands of names; a second run with other features needs the same vectors)."""

    def __init__(self, embedder: Embedder, path: Path | None) -> None:
        self.embedder = embedder
        self.path = path
        self.vectors: dict[str, np.ndarray] = {}
        if path is not None and path.exists():
            with np.load(path) as data:
                self.vectors = dict(zip(data["phrases"].tolist(), data["vectors"]))

    def embed(self, phrases: Sequence[str]) -> np.ndarray:
        missing = [p for p in dict.fromkeys(phrases) if p not in self.vectors]
        if missing:
            self.vectors.update(zip(missing, self.embedder.embed(missing)))
        if not phrases:
            return self.embedder.embed(phrases)
        return np.stack([self.vectors[p] for p in phrases])

    def save(self) -> None:
        if self.path is not None and self.vectors:
            np.savez(self.path, phrases=np.asarray(list(self.vectors)), vectors=np.stack(list(self.vectors.values())))


@dataclass(frozen=True)
class Labelled:
    question: Question
    matches: tuple[ValueMatch, ...]
    tables: frozenset[str]
    columns: frozenset[tuple[str, str]]
    widened: bool = False


def widened(items: list[Labelled], rng: random.Random, share: float, most: int) -> list[Labelled]:
    """``share`` of the questions again, their schema with up to ``most`` tables of other training
    schemas beside it (each in its own PostgreSQL schema, off the search path, so the gold stays
    the same): the generated schemas have 3-7 tables, a user's database may have hundreds, and
    a ranker that never saw a wide one learns nothing about the many tables a question is not
    about. Value links are found again over the wide schema, as at run time."""
    out = []
    for item in items:
        if rng.random() >= share:
            continue
        q = item.question
        extra: list[Table] = []
        for i, other in enumerate(rng.sample(items, min(12, len(items)))):
            if other.question.schema is not q.schema:
                extra += [_moved(t, f"other_{i}") for t in other.question.schema.tables]
        schema = dataclasses.replace(q.schema, tables=q.schema.tables + tuple(extra[:rng.randint(5, most)]))
        out.append(Labelled(Question(q.question, q.sql, schema, q.source), tuple(link_values(q.question, schema)),
                            item.tables, item.columns, widened=True))
    return out


def _moved(t: Table, schema: str) -> Table:
    return dataclasses.replace(t, schema=schema, foreign_keys=tuple(
        dataclasses.replace(fk, ref_schema=schema) for fk in t.foreign_keys))


def labelled(items: list[Question]) -> list[Labelled]:
    """Questions with their linked values and gold items; those whose gold SQL reads no table of
    the schema (or does not parse) are left out."""
    out = []
    for q in items:
        try:
            tables, columns = gold_items(q.sql, q.schema)
        except ParseError:
            continue
        if tables:
            out.append(Labelled(q, tuple(link_values(q.question, q.schema)), frozenset(tables), frozenset(columns)))
    return out


Rows = tuple[np.ndarray, np.ndarray, np.ndarray]       # features, labels, question index


def table_rows(ranker: TableRanker, items: list[Labelled]) -> Rows:
    xs, ys, gs = [], [], []
    for g, item in enumerate(items):
        q = item.question
        xs.append(ranker.table_features(q.question, q.schema, item.matches))
        ys.append(np.asarray([t.name in item.tables for t in q.schema.tables], dtype=np.float32))
        gs.append(np.full(len(ys[-1]), g))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(gs)


def column_rows(ranker: TableRanker, items: list[Labelled]) -> Rows:
    xs, ys, gs = [], [], []
    for g, item in enumerate(items):
        q = item.question
        xs.append(ranker.column_features(q.question, q.schema, item.matches))
        names = ranker.items(q.schema).col_names
        ys.append(np.asarray([(q.schema.tables[t].name, c) in item.columns for t, c in names], dtype=np.float32))
        gs.append(np.full(len(ys[-1]), g))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(gs)
