"""The trained schema-item ranker: scores every table and column of a schema for one question.

A small scorer (an MLP or a logistic regression, its weights in ``table_ranker.json``, trained
by ``python -m training.ranker`` on synthetic and real questions over schemas that are no
evaluation's) over cheap features of each (question, table) and (question, column) pair:

* the lexical ranker's own parts, kept apart (:func:`ask.context.table_selection.lexical_parts`:
  name, column, comment and reader words, analyst hints, a linked value) and its score relative
  to the schema's best;
* MiniLM similarity (:mod:`engines.phrase_embedder`) between each content word of the question and
  each table's and column's name, humanised ("insurer" and ``insurance_provider``): the best
  word per item, relative to the schema's best. Words rather than the whole question: a word's
  vector is cached for the process, so a question of known words costs no forward at all, and
  an item's name vectors are embedded once per schema version;
* structure: foreign-key neighbours' scores, key role, type, the table's width.

Inference is numpy (a matrix product per layer); torch stays in ``training/``. Tables come out as
a :class:`ask.context.table_selection.Ranking`, so :func:`select_ranked` adds the foreign-key
bridges between the top tables exactly as for the lexical ranking.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ask.context import folded_names
from ask.context.folded_names import unfold
from ask.context.refusal import english
from ask.context.related_words import name_spellings
from ask.context.table_selection import LEXICAL_WEIGHTS, Ranking, lexical_parts, question_words
from ask.context.value_linking import ValueMatch, normalise, table_ref
from ask.schema import SchemaContext, Table
from engines.phrase_embedder import one_blas_thread, shared_embedder

log = logging.getLogger(__name__)

WEIGHTS = Path(__file__).with_name("table_ranker.json")
MAX_WORDS = 12          # question words embedded; analyst questions have fewer content words

TABLE_FEATURES = ("name", "columns", "described", "related", "hinted", "linked", "lex_rel", "lex_top",
                  "name_cos", "name_cos_rel", "col_cos", "col_cos_rel", "nb_lex_rel", "nb_cos_rel",
                  "degree", "width", "measures", "measure_cos")
COLUMN_FEATURES = ("hits", "all_words", "linked", "table_linked", "pk", "fk", "number", "text", "date",
                   "boolean", "label", "position", "cos", "cos_rel", "table_cos_rel", "table_score_rel",
                   "table_top", "table_lex_rel")

_STOP = frozenset("""a an the of in on by for to and or is are was were be been what how which who whom
whose when where many much each every all any per with from at as that this those these there their
its it do does did have has had show list give me find get tell number count total top than more less
most least not no our we i you please""".split())
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


class Embedder(Protocol):
    """What the ranker needs of :class:`engines.phrase_embedder.PhraseEmbedder`."""

    def embed(self, phrases: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Scorer:
    """A feed-forward scorer: standardise, then dense layers with ReLU between them."""
    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mean) / self.scale
        for i, (w, b) in enumerate(self.layers):
            z = z @ w + b
            if i < len(self.layers) - 1:
                z = np.maximum(z, 0.0)
        return z[:, 0]

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "layers": [{"w": w.tolist(), "b": b.tolist()} for w, b in self.layers]}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Scorer:
        f32 = np.float32
        return cls(tuple(data["features"]), np.asarray(data["mean"], f32), np.asarray(data["scale"], f32),
                   tuple((np.asarray(la["w"], f32), np.asarray(la["b"], f32)) for la in data["layers"]))


@dataclass(frozen=True)
class RankerWeights:
    table: Scorer
    column: Scorer

    def to_json(self) -> dict[str, Any]:
        return {"table": self.table.to_json(), "column": self.column.to_json()}


def load_weights(path: Path = WEIGHTS) -> RankerWeights:
    data = json.loads(path.read_text())
    weights = RankerWeights(Scorer.from_json(data["table"]), Scorer.from_json(data["column"]))
    if weights.table.features != TABLE_FEATURES or weights.column.features != COLUMN_FEATURES:
        raise ValueError(f"{path}: trained on other features than this ranker computes; retrain it")
    return weights


def shipped_ranker() -> TableRanker | None:
    """The ranker with its shipped weights over the process's MiniLM; None (said in the log)
    without MiniLM, and the prompt keeps the lexical ranking."""
    embedder = shared_embedder()
    if embedder is None:
        log.warning("[ask] ranker is on but MiniLM is not installed: tables are ranked lexically")
        return None
    return TableRanker(load_weights(), embedder)


def humanised(name: str) -> str:
    """``insurance_provider``, ``InsuranceProvider`` -> "insurance provider" (word order kept); a
    part PostgreSQL folded in its words (``isbillable`` -> "is billable": :func:`.folded_names.unfold`)."""
    return " ".join(w for p in _CAMEL.sub("_", name).lower().replace("-", "_").split("_") if p
                    for w in unfold(p, english()))


def _name_words(name: str) -> frozenset[str]:
    """A name's words, a folded part in its words (:func:`.folded_names.identifier_words`)."""
    return folded_names.identifier_words(name, english())


def content_words(question: str) -> list[str]:
    """The question's words worth embedding: no filler, no numbers, each once, at most MAX_WORDS."""
    out = [w for w in dict.fromkeys(normalise(question)) if w not in _STOP and not w[:1].isdigit()]
    return out[:MAX_WORDS]


class SchemaItems:
    """What the ranker derives from a schema alone, once per schema version: the columns in
    catalog order with their words and roles, the foreign-key edges, and the name vectors."""

    def __init__(self, schema: SchemaContext, embedder: Embedder) -> None:
        tables = schema.tables
        # Held, not just used: the cache is keyed by id(embedder), and a freed object's id is
        # handed to the next one allocated, whose vectors would then be compared with these.
        self.embedder = embedder
        self.refs = [table_ref(schema, t.schema, t.name) for t in tables]
        self.col_table = np.asarray([i for i, t in enumerate(tables) for _ in t.columns], dtype=np.int64)
        self.col_names = [(i, c.name) for i, t in enumerate(tables) for c in t.columns]
        self.col_at: dict[tuple[str, str], list[int]] = {}       # (SQL table name, column) -> positions
        for j, (i, name) in enumerate(self.col_names):
            self.col_at.setdefault((self.refs[i], name), []).append(j)
        self.width = np.asarray([len(t.columns) for t in tables], dtype=np.float32)
        self.start = (np.cumsum(self.width) - self.width).astype(np.int64)      # each table's first column
        self.col_words: dict[str, list[int]] = {}
        sizes = []
        for j, (_, name) in enumerate(self.col_names):
            words = _name_words(name) | name_spellings(name)
            sizes.append(len(_name_words(name)))
            for w in words:
                self.col_words.setdefault(w, []).append(j)
        self.col_size = np.asarray(sizes, dtype=np.float32)
        self.col_roles = np.asarray([_roles(t, c.name) for t in tables for c in t.columns],
                                    dtype=np.float32).reshape(-1, 8)
        # numeric and neither key: what a question sums, averages or ranks by
        self.measure = self.col_roles[:, 2] * (1 - self.col_roles[:, 0]) * (1 - self.col_roles[:, 1])
        self.edges = _fk_edges(schema)
        self.degree = np.bincount(self.edges[0], minlength=len(tables)).astype(np.float32)
        self.table_vectors = Vectors(embedder, [humanised(t.name) for t in tables])
        self.col_vectors = Vectors(embedder, [humanised(name) for _, name in self.col_names])


class Vectors:
    """Unit vectors of a list of phrases, each distinct phrase embedded (and compared) once: a
    wide schema repeats ``id``, ``name`` and ``created_at`` in table after table."""

    def __init__(self, embedder: Embedder, phrases: list[str]) -> None:
        unique = list(dict.fromkeys(phrases))
        at = {p: i for i, p in enumerate(unique)}
        self.unique = embedder.embed(unique) if unique else np.zeros((0, 1), dtype=np.float32)
        self.index = np.asarray([at[p] for p in phrases], dtype=np.int64)

    def best_word(self, words: np.ndarray) -> np.ndarray:
        """Per phrase, the cosine of the question word closest to it (0 without words)."""
        if len(words) == 0 or len(self.unique) == 0 or words.shape[1] != self.unique.shape[1]:
            return np.zeros(len(self.index), dtype=np.float32)
        return (self.unique @ words.T).max(axis=1).astype(np.float32)[self.index]


def _roles(t: Table, name: str) -> tuple[float, ...]:
    """pk, fk, number, text, date, boolean, label, position in the table."""
    col = next(c for c in t.columns if c.name == name)
    fk = any(name in fk.columns for fk in t.foreign_keys)
    kind = col.type.lower()
    number = kind.startswith(("int", "smallint", "bigint", "numeric", "double", "real", "float", "decimal", "num"))
    date = kind.startswith(("date", "timestamp", "time"))
    text = kind.startswith(("text", "character", "varchar", "char"))
    label = text and (name.lower() in ("name", "title") or name.lower().endswith(("_name", "name", "title")))
    position = [c.name for c in t.columns].index(name) / max(len(t.columns), 1)
    return (float(name in t.primary_key), float(fk), float(number), float(text), float(date),
            float(kind.startswith("bool")), float(label), position)


def _fk_edges(schema: SchemaContext) -> np.ndarray:
    """(2, n) directed edges both ways between tables a foreign key joins (catalog positions)."""
    pos = {(t.schema, t.name): i for i, t in enumerate(schema.tables)}
    pairs = {(i, pos[(fk.ref_schema, fk.ref_table)]) for i, t in enumerate(schema.tables)
             for fk in t.foreign_keys if (fk.ref_schema, fk.ref_table) in pos}
    pairs = {p for a, b in pairs if a != b for p in ((a, b), (b, a))}
    return np.asarray(sorted(pairs), dtype=np.int64).reshape(-1, 2).T.copy()


@dataclass(frozen=True)
class ColumnScore:
    table: int          # catalog position
    column: str
    score: float


class TableRanker:
    """Scores a schema's tables (and, on request, its columns) for a question."""

    def __init__(self, weights: RankerWeights, embedder: Embedder) -> None:
        self.weights = weights
        self.embedder = embedder

    def items(self, schema: SchemaContext) -> SchemaItems:
        # Keyed by the embedder too: vectors of two embedders are not comparable. The items keep
        # their embedder alive, so the id in the key cannot be reused while they are cached.
        return schema.derived(f"ranker.items.{id(self.embedder)}", lambda s: SchemaItems(s, self.embedder))

    def rank_tables(self, question: str, schema: SchemaContext, matches: Sequence[ValueMatch] = ()) -> Ranking:
        scores = self.table_scores(question, schema, matches)
        order = np.lexsort((np.arange(len(scores)), -scores))
        best = [(int(i), float(scores[i])) for i in order]
        return Ranking(dict(best), best)

    def table_scores(self, question: str, schema: SchemaContext,
                     matches: Sequence[ValueMatch] = ()) -> np.ndarray:
        if not schema.tables:
            return np.zeros(0, dtype=np.float32)
        with one_blas_thread():     # small products: BLAS threads only contend on a busy machine
            return self.weights.table(self._table_features(question, schema, matches)[0]).astype(np.float32)

    def rank_columns(self, question: str, schema: SchemaContext,
                     matches: Sequence[ValueMatch] = ()) -> list[ColumnScore]:
        """Every column of the schema, best first (ties in catalog order)."""
        items = self.items(schema)
        if not items.col_names:
            return []
        with one_blas_thread():
            scores = self.weights.column(self._column_features(question, schema, matches))
        order = np.lexsort((np.arange(len(scores)), -scores))
        return [ColumnScore(items.col_names[j][0], items.col_names[j][1], float(scores[j])) for j in order]

    def word_vectors(self, question: str) -> np.ndarray:
        words = content_words(question)
        return self.embedder.embed(words) if words else np.zeros((0, 1), dtype=np.float32)

    def table_features(self, question: str, schema: SchemaContext,
                       matches: Sequence[ValueMatch] = ()) -> np.ndarray:
        with one_blas_thread():
            return self._table_features(question, schema, matches)[0]

    def _table_features(self, question: str, schema: SchemaContext,
                        matches: Sequence[ValueMatch]) -> tuple[np.ndarray, np.ndarray]:
        """The table rows, and each column's best word cosine (the column rows reuse it)."""
        items = self.items(schema)
        n = len(schema.tables)
        x = np.zeros((n, len(TABLE_FEATURES)), dtype=np.float32)
        if n == 0:
            return x, np.zeros(0, dtype=np.float32)
        parts = lexical_parts(question, schema, matches)
        lex = np.zeros(n, dtype=np.float32)
        for f, part in enumerate(LEXICAL_WEIGHTS):
            for pos, v in parts[part].items():
                x[pos, f] = v
                lex[pos] += LEXICAL_WEIGHTS[part] * v
        x[:, 6] = lex / max(float(lex.max()), 1.0)
        x[:, 7] = (lex == lex.max()) & (lex > 0)
        words = self.word_vectors(question)
        name_cos = items.table_vectors.best_word(words)
        col_best = items.col_vectors.best_word(words)
        col_cos = _per_table_max(col_best, items)
        x[:, 8], x[:, 9] = name_cos, name_cos - name_cos.max()
        x[:, 10], x[:, 11] = col_cos, col_cos - col_cos.max()
        x[:, 12] = _neighbour_max(x[:, 6], items.edges, n)
        x[:, 13] = _neighbour_max(x[:, 9], items.edges, n, empty=-1.0)
        x[:, 14] = np.log1p(items.degree)
        x[:, 15] = np.log1p(items.width)
        # What the question measures ("the most honey": harvests.honey_kg) marks the fact table.
        for w in question_words(question):
            for j in items.col_words.get(w, ()):
                x[items.col_table[j], 16] += items.measure[j]
        x[:, 17] = _per_table_max(col_best * items.measure, items)
        return x, col_best

    def column_features(self, question: str, schema: SchemaContext,
                        matches: Sequence[ValueMatch] = ()) -> np.ndarray:
        with one_blas_thread():
            return self._column_features(question, schema, matches)

    def _column_features(self, question: str, schema: SchemaContext,
                         matches: Sequence[ValueMatch]) -> np.ndarray:
        items = self.items(schema)
        m = len(items.col_names)
        x = np.zeros((m, len(COLUMN_FEATURES)), dtype=np.float32)
        if m == 0:
            return x
        tx, cos = self._table_features(question, schema, matches)
        table_score = self.weights.table(tx)
        for w in question_words(question):
            for j in items.col_words.get(w, ()):
                x[j, 0] += 1.0
        x[:, 1] = (x[:, 0] >= items.col_size) & (x[:, 0] > 0)
        for m_ in matches:
            for j in items.col_at.get((m_.table, m_.column), ()):
                x[j, 2] = 1.0
        ct = items.col_table
        x[:, 3] = tx[ct, 5] > 0
        x[:, 4:12] = items.col_roles
        x[:, 12], x[:, 13] = cos, cos - cos.max()
        x[:, 14] = tx[ct, 9]
        x[:, 15] = (table_score - table_score.max())[ct]
        x[:, 16] = (table_score == table_score.max())[ct]
        x[:, 17] = tx[ct, 6]
        return x


def _per_table_max(values: np.ndarray, items: SchemaItems) -> np.ndarray:
    out = np.zeros(len(items.width), dtype=np.float32)
    has = items.width > 0
    if values.size:
        out[has] = np.maximum.reduceat(values, items.start[has])
    return out


def _neighbour_max(values: np.ndarray, edges: np.ndarray, n: int, empty: float = 0.0) -> np.ndarray:
    """Per table, the largest of ``values`` over its foreign-key neighbours (``empty`` if none)."""
    out = np.full(n, -np.inf, dtype=np.float32)
    if edges.size:
        np.maximum.at(out, edges[0], values[edges[1]])
    out[np.isinf(out)] = empty
    return out
