"""Training rows of the learnt placer: (span of a question, schema entry) -> does the span refer to it.

Sources, all over schemas that are not Spider's 20 development databases:

- WikiSQL's training split (``text2sql-data/wikisql.json.bz2``): crowd workers' paraphrases of
  single-table questions over ~25k Wikipedia tables. A table's columns are those its queries
  mention; ``DISTRACTORS`` columns of other tables are added beside them, so a question chooses
  among as many entries as a user's schema offers. No table names: only column rows count.
- text2sql-data's eight classic sets (``training.data.real``): human questions over eight
  multi-table schemas, tables and columns.
- The generator over Spider's 146 training schemas and invented ones (``training.data.general``):
  invented wording, many schemas. (Spider's own training questions are not available here.)
- Mismatches (:func:`mismatched`): questions of one source asked of another's schema, where
  nothing may be placed.

A question is read as the reader reads it: its words, the names it spells (``find_mentions``)
and its exact value links claimed, and the remaining placeable words (and pairs of them) become
spans with their ``TOP`` nearest entries (:func:`ask.translate.sketch.learnt_place.span_rows`,
the runtime's own feature code). Words of the gold SQL's literals are never spans (a value is
not a name). Labels by weak alignment with the gold SQL's tables and columns
(:func:`training.ranker.gold.gold_items`): each gold entry is aligned with the one span that is
nearest it (by the word's similarity) among the spans that have it in their top; that pair is
positive if at least ``ALIGN_FLOOR`` near, the same entry on a span overlapping it and a gold
entry aligned with no span are left out (weight 0), and every other row is negative (an entry
not in the gold SQL, or a gold entry another span refers to better).
"""

from __future__ import annotations

import bz2
import json
import random
import re
import zlib
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from pglast.parser import ParseError

from ask.context.value_linking import link_values
from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch import question_words, semantic, spelt_links
from ask.translate.sketch.learnt_place import SpanRows
from ask.translate.sketch.semantic import span_rows
from engines.phrase_embedder import PhraseEmbedder
from training.data.general import GeneralGenerator, load_spider_pool
from training.data.real import load_all
from training.data.schemas import context
from training.ranker.gold import gold_items

DISTRACTORS = 12
# A gold entry is aligned with a span only this near (the word's similarity): below it the
# nearest span of a gold entry is mostly a word that names nothing ("good", "can"), and the
# pair is left out (weight 0) rather than called either way.
ALIGN_FLOOR = 0.45
_FIELD = re.compile(r"TABLEalias0\.(\S+?)_FIELD\b")
_NUMERIC = re.compile(r"\b(MIN|MAX|AVG|SUM) TABLEalias0\.(\S+?)_FIELD\b|TABLEalias0\.(\S+?)_FIELD [<>]")
_LITERAL = re.compile(r"'((?:[^']|'')*)'")

Key = tuple[str, "str | None"]


@dataclass(frozen=True)
class Question:
    question: str
    schema: SchemaContext
    gold: frozenset[Key]            # (table, None) or (table, column)
    values: tuple[str, ...]         # literal values of the gold SQL: their words are never spans
    source: str                     # wikisql | real_<name> | generated
    group: str                      # the schema's name: held-out splits are by schema
    tables: bool = True             # whether table entries carry a label (WikiSQL has no table names)


# text2sql-data's sets held out whole (every other schema by a hash of its name).
HELD_SETS = frozenset(("geography", "yelp"))


def held_out(group: str, every: int = 5) -> bool:
    """Whether a schema is held out from fitting: two of the eight classic sets, and a fifth of
    the others (stable across runs: a hash of the name)."""
    return group in HELD_SETS or zlib.crc32(group.encode()) % every == 0


def _column_name(field: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^a-z0-9]+", "_", field.lower())).strip("_") or "col"


def wikisql(root: Path, n: int, rng: random.Random) -> list[Question]:
    """Up to ``n`` WikiSQL training-split questions, each over its table's known columns and
    ``DISTRACTORS`` columns of other tables."""
    entries = json.load(bz2.open(root / "wikisql.json.bz2"))
    columns: dict[str, dict[str, bool]] = defaultdict(dict)         # table id -> column -> numeric
    raw = []
    for e in entries:
        sql = e["sql"][0]
        numeric = {_column_name(a or b) for _, a, b in _NUMERIC.findall(sql)}
        fields = [_column_name(f) for f in _FIELD.findall(sql)]
        for s in e["sentences"]:
            tid = s["table-id"]
            for f in fields:
                columns[tid][f] = columns[tid].get(f, False) or f in numeric
            if s.get("question-split") == "train":
                raw.append((tid, s, fields, sql))
    rng.shuffle(raw)
    ids = sorted(columns)
    out = []
    for tid, s, fields, sql in raw[:n]:
        text = s["text"]
        variables = s.get("variables", {})
        for k, v in sorted(variables.items(), key=lambda kv: -len(kv[0])):
            text = re.sub(rf"\b{re.escape(k)}\b", v.replace("\\", "\\\\"), text)
        own = dict(columns[tid])
        while len(own) < len(columns[tid]) + DISTRACTORS:
            other = columns[ids[rng.randrange(len(ids))]]
            for name, num in other.items():
                own.setdefault(name, num)
        cols = tuple(Column(name, "numeric" if num else "text") for name, num in own.items())
        schema = context([Table("public", "records", cols)], f"wikisql_{tid}")
        gold = frozenset({("records", None)} | {("records", f) for f in fields})
        out.append(Question(" ".join(text.split()), schema, gold, tuple(variables.values()), "wikisql",
                            f"wikisql_{tid}", tables=False))
    return out


def _from_sql(question: str, sql: str, schema: SchemaContext, source: str, group: str) -> Question | None:
    try:
        tables, columns = gold_items(sql, schema)
    except ParseError:
        return None
    if not tables:
        return None
    gold = frozenset({(t, None) for t in tables} | {(t, c) for t, c in columns})
    values = tuple(v.replace("''", "'") for v in _LITERAL.findall(sql))
    return Question(question, schema, gold, values, source, group)


def text2sql(root: Path, per_set: int, rng: random.Random) -> list[Question]:
    """Up to ``per_set`` training-split questions of each of text2sql-data's eight sets."""
    out = []
    for schema, examples in load_all(root):
        train = [e for e in examples if e.split == "train"]
        rng.shuffle(train)
        for e in train[:per_set]:
            q = _from_sql(e.question, e.sql, schema, f"real_{schema.database}", schema.database)
            if q is not None:
                out.append(q)
    return out


def generated(datasets: Path, n: int, rng: random.Random) -> list[Question]:
    """``n`` generated questions over Spider's training schemas and invented ones."""
    general = GeneralGenerator(rng, load_spider_pool(datasets))
    out = []
    for _ in range(n):
        s = general.sample()
        q = _from_sql(s.question, s.sql, s.schema, "generated", s.schema.database)
        if q is not None:
            out.append(q)
    return out


def mismatched(qs: Sequence[Question], share: float, rng: random.Random) -> list[Question]:
    """``share`` of the questions again, each asked of another question's schema (of another
    source, as held out as its own): a word placed there would be placed on a database that
    does not hold what it means, so every row is negative. The answerable questions alone never
    show the head a word near a name that it does not mean ("employees" on a shop's customers,
    "close" on opened_on): what must refuse."""
    out = []
    for q in qs:
        if rng.random() >= share:
            continue
        for _ in range(20):
            other = qs[rng.randrange(len(qs))]
            if other.source != q.source and held_out(other.group) == held_out(q.group):
                out.append(Question(q.question, other.schema, frozenset(), q.values, f"mismatch_{q.source}",
                                    other.group, other.tables))
                break
    return out


def questions(datasets: Path, n_wikisql: int, per_real: int, n_generated: int, seed: int,
              mismatch: float = 0.5) -> list[Question]:
    rng = random.Random(seed)
    t2s = datasets / "text2sql-data"
    qs = wikisql(t2s, n_wikisql, rng) + text2sql(t2s, per_real, rng) + generated(datasets, n_generated, rng)
    return qs + mismatched(qs, mismatch, rng)


@dataclass(frozen=True)
class Labelled:
    question: Question
    spans: list[SpanRows]
    labels: list[np.ndarray]        # per span: 1 refers, 0 does not
    weights: list[np.ndarray]       # per span: 0 where the label is left out


def derive(q: Question, embedder: PhraseEmbedder, products: bool = True) -> Labelled:
    """The spans of ``q`` the reader would leave to placement, their rows and weak labels."""
    words = question_words(q.question)
    links = spelt_links(words, link_values(q.question, q.schema))
    candidates, touched, taken = semantic._unplaced(words, q.schema, links, {}, None)
    value_words = {w for v in q.values for w in question_words(v)}
    candidates = [i for i in candidates if words[i] not in value_words]
    spans = span_rows(words, candidates, q.schema, touched, taken, embedder, products)
    return Labelled(q, spans, *label(spans, q.gold, q.tables))


def key(entry: semantic.Entry) -> Key:
    return entry[0].name, entry[1].name if entry[1] is not None else None


def label(spans: Sequence[SpanRows], gold: frozenset[Key], tables: bool = True) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Weak labels (see the module's docstring): per span, a label and a weight per entry."""
    labels = [np.zeros(len(s.entries), np.float32) for s in spans]
    weights = [np.ones(len(s.entries), np.float32) for s in spans]
    nearest: dict[Key, tuple[float, int, int]] = {}         # gold entry -> (cos, span, row)
    for s, span in enumerate(spans):
        for r, entry in enumerate(span.entries):
            k = key(entry)
            if k in gold and span.allowed[r] and span.x[r, 0] >= ALIGN_FLOOR and (k not in nearest or span.x[r, 0] > nearest[k][0]):
                nearest[k] = (float(span.x[r, 0]), s, r)
    aligned: dict[int, tuple[float, int]] = {}              # span -> (cos, row): one entry a span
    for cos, s, r in nearest.values():
        if s not in aligned or cos > aligned[s][0]:
            aligned[s] = (cos, r)
    for s, (_, r) in aligned.items():
        labels[s][r] = 1.0
    positives = {(key(spans[s].entries[r]), spans[s].start, spans[s].end) for s, (_, r) in aligned.items()}
    for s, span in enumerate(spans):
        for r, entry in enumerate(span.entries):
            k = key(entry)
            if not tables and entry[1] is None:
                weights[s][r] = 0.0
            if labels[s][r]:
                continue
            if any(k == pk and span.start < pe and ps < span.end for pk, ps, pe in positives):
                weights[s][r] = 0.0         # "blood" beside the aligned "blood type": not a negative
            if k in gold and not any(k == pk for pk, _, _ in positives):
                weights[s][r] = 0.0         # a gold entry left unaligned (too far, or another's)
    return labels, weights


def stacked(items: Sequence[Labelled]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(rows, labels, weights, span id, question id) over every span of ``items``."""
    xs, ys, ws, ss, qs = [], [], [], [], []
    span_id = 0
    for qi, item in enumerate(items):
        for span, y, w in zip(item.spans, item.labels, item.weights):
            xs.append(span.x)
            ys.append(y)
            ws.append(w)
            ss.append(np.full(len(y), span_id))
            qs.append(np.full(len(y), qi))
            span_id += 1
    if not xs:
        return np.zeros((0, 0), np.float32), *(np.zeros(0) for _ in range(4))  # type: ignore[return-value]
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws), np.concatenate(ss), np.concatenate(qs)


def iterate(items: Sequence[Question], embedder: PhraseEmbedder, products: bool = True) -> Iterator[Labelled]:
    for q in items:
        yield derive(q, embedder, products)
