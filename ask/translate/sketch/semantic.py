"""Placing a word the schema does not spell on the name it means, by MiniLM's sense of words.

The reader places a question's words lexically: the schema's names, their descriptions and a
hand-written list of related words. A user's database says "vehicle", "odometer_km",
"insurance_provider" where its analyst says "truck", "mileage", "insurer", and a reading that
leaves such a word unplaced ends refused. MiniLM (:mod:`engines.phrase_embedder`) knows these
are close. When the lexical reading leaves content words unplaced, each of them (and each pair
of them side by side) is compared with the humanised names (and ``COMMENT`` descriptions) of
the schema's tables and columns; it is placed on one where the cosine similarity clears
``THRESHOLD`` and beats the runner-up by ``MARGIN``. Placements are handed to the reader as
spellings beside the schema's index (as taught ones are), so they read exactly as a word
naming that table or column would; nothing here knows any schema or domain.

Cost: only questions with an unplaced word pay. Names are embedded lazily and cached by the
embedder's LRU (keyed by the phrase), and on a wide schema only the names of the tables the
question already touches (their mentions, linked values and foreign-key neighbours) are
candidates, at most ``MAX_ITEMS``: a 5,000-table schema's cold ASK does not embed 30,000 names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ask.context.related_words import DIMENSIONS, is_verb_form, spelt_out
from ask.context.value_linking import ValueMatch
from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch.names import find_mentions
from ask.translate.sketch.related_names import _unjoined
from ask.translate.sketch.spelling import fk_edges
from ask.translate.sketch.vocabulary import (ABBREVIATIONS, AGGREGATES, ASC_WORDS, COMPARATIVE_DIMENSIONS, COUNT_LEADS, DESC_WORDS,
                                             FILLER, HARMLESS, SUPERLATIVES, VERBS, is_number, name_words, sing, stem)
from engines.phrase_embedder import PhraseEmbedder, shared_embedder

# Chosen on the development sets (answers right minus answers wrong; see the model card).
THRESHOLD = 0.6
MARGIN = 0.05
# A schema with at most this many candidate names is compared whole; a wider one only by the
# tables the question touches.
MAX_ITEMS = 400
# Words of at most this many letters are too short to carry a sense of their own ("ok", "id").
MIN_LETTERS = 3

Entry = tuple[Table, "Column | None"]
Spellings = dict[tuple[str, ...], tuple[Entry, ...]]

_CUES = frozenset(AGGREGATES) | frozenset(SUPERLATIVES) | COUNT_LEADS | VERBS | DESC_WORDS | ASC_WORDS | frozenset(
    DIMENSIONS) | frozenset(COMPARATIVE_DIMENSIONS) | frozenset(COMPARATIVE_DIMENSIONS.values()) | frozenset(
    """many much more less fewer most least than over under above below after before between
    per each every number count total average times percent percentage share ratio rate
    top bottom first last next previous year years month months week weeks day days quarter
    today yesterday ago since until during date dates time new old ascending descending order
    ordered sorted sort ranked rank greater higher lower smaller larger bigger not no never
    none without except other same""".split())

_WORD = re.compile(r"^[a-z][a-z'-]*$")


@dataclass(frozen=True, slots=True)
class Item:
    phrase: str             # what is embedded: a name's words, or its description
    entry: Entry


def placeable(word: str) -> bool:
    """A word that could name a thing: not a filler, a cue the reader reads, or a number."""
    return (bool(_WORD.match(word)) and len(word) >= MIN_LETTERS and word not in FILLER
            and word not in HARMLESS and word not in _CUES and not is_number(word)
            and not is_verb_form(word) and not word.endswith("ing")      # verbs relate names, never are one
            and not (word.endswith("est") and len(word) > 5))               # "tallest": read as a ranking


def semantic_names(words: Sequence[str], candidates: Iterable[int], schema: SchemaContext,
                   touched: Iterable[str] = (), embedder: PhraseEmbedder | None = None,
                   threshold: float | None = None, margin: float | None = None,
                   taken: frozenset[tuple[int, str | None]] = frozenset()) -> Spellings:
    """Spellings (singular word tuples, as the reader's index keys them) for the words at
    ``candidates`` that are near one table or column of ``schema``; ``touched``: names of
    tables the question already mentions, which bound the comparison on a wide schema;
    ``taken``: entries (:func:`entry_key`) other words of the question name already, which a
    second word is not placed on (two words of one question rarely mean one name: "vet
    appointments per animal" is not about animals twice)."""
    threshold = THRESHOLD if threshold is None else threshold
    margin = MARGIN if margin is None else margin
    at = sorted(i for i in set(candidates) if 0 <= i < len(words) and placeable(words[i]))
    embedder = embedder if embedder is not None else shared_embedder()
    if not at or embedder is None:
        return {}
    items = _items(schema, frozenset(touched))
    if not items:
        return {}
    spans = [(i, i + 1) for i in at] + [(i, i + 2) for i in at if i + 1 in at]
    phrases = [" ".join(words[a:b]) for a, b in spans]
    vectors = embedder.embed(phrases + [item.phrase for item in items])
    scores = vectors[:len(phrases)] @ vectors[len(phrases):].T
    chosen = {}
    for (a, b), row in zip(spans, scores):
        allowed = [entry_key(item.entry) not in taken and (b - a > 1 or _sharing_no_word(words[a], item))
                   for item in items]
        placed = _place(row, items, allowed, threshold, margin)
        if placed is not None:
            chosen[(a, b)] = placed
    return _spellings(words, _without_overlaps(chosen))


def unplaced_spellings(words: Sequence[str], schema: SchemaContext, links: Sequence[ValueMatch],
                       names: Mapping[tuple[str, ...], Sequence[Entry]],
                       uncovered: Sequence[str] | None) -> Spellings:
    """Placements for the words a reading left unplaced (``uncovered``), or, where the words
    could not be read at all (None), for every placeable word no name, spelling or exact
    value of the schema claims."""
    mentions = find_mentions(list(words), schema, links, names)
    claimed = {i for m in mentions for i in range(m.start, m.end)}
    claimed |= {i for link in links if link.exact for i in range(link.start, link.end)}
    if uncovered is None:
        candidates = [i for i in range(len(words)) if i not in claimed]
    else:
        left = set(uncovered)
        candidates = [i for i, w in enumerate(words) if w in left and i not in claimed]
    touched = {m.table.name for m in mentions} | {link.table.rsplit(".", 1)[-1] for link in links if link.exact}
    taken = frozenset(entry_key((m.table, m.column)) for m in mentions)
    return semantic_names(words, candidates, schema, touched, taken=taken)


def entry_key(entry: Entry) -> tuple[int, str | None]:
    """A table (by identity) or one of its columns (by name)."""
    return id(entry[0]), entry[1].name if entry[1] is not None else None


def _sharing_no_word(word: str, item: Item) -> bool:
    """A name that spells the word as one of its own ("queen" in queen_seen, "bee" in
    beekeeper) is what the lexical reading already weighed and left: the word is a part of the
    name, not a synonym of it."""
    root = stem(sing(word))
    return not any(w.startswith(root) or root.startswith(w) for w in item.phrase.split() if len(w) >= MIN_LETTERS)


def _place(row: np.ndarray, items: Sequence[Item], allowed: Sequence[bool], threshold: float,
           margin: float) -> tuple[float, Entry] | None:
    """The one entry ``row`` (one phrase's similarity to every item) is near, if any; an item
    not ``allowed`` may still be the runner-up that makes the nearest one ambiguous."""
    best: dict[tuple[int, str | None], tuple[float, Entry, bool]] = {}
    for score, item, ok in zip(row.tolist(), items, allowed):
        key = entry_key(item.entry)
        if key not in best or score > best[key][0]:
            best[key] = (score, item.entry, ok)
    ranked = sorted(best.values(), key=lambda s: -s[0])
    if not ranked or ranked[0][0] < threshold or not ranked[0][2]:
        return None
    if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < margin:
        return None
    return ranked[0][0], ranked[0][1]


def _without_overlaps(chosen: Mapping[tuple[int, int], tuple[float, Entry]]) -> dict[tuple[int, int], Entry]:
    """Best first; a span overlapping one kept is dropped ("insurance company" over "company")."""
    kept: dict[tuple[int, int], Entry] = {}
    for (a, b), (_, entry) in sorted(chosen.items(), key=lambda kv: -kv[1][0]):
        if not any(a < e and s < b for s, e in kept):
            kept[(a, b)] = entry
    return kept


def _spellings(words: Sequence[str], placed: Mapping[tuple[int, int], Entry]) -> Spellings:
    return {tuple(sing(w) for w in words[a:b]): (entry,) for (a, b), entry in placed.items()}


def _items(schema: SchemaContext, touched: frozenset[str]) -> list[Item]:
    """What a word may be placed on: every table and its non-key columns on a schema of at
    most ``MAX_ITEMS`` of them, else those of the tables touched and their neighbours (found
    through per-schema maps, so a question's cost does not grow with the schema)."""
    if schema.derived("sketch.semantic_size", _size) <= MAX_ITEMS:
        return schema.derived("sketch.semantic_items", all_items)
    edges = schema.derived("sketch.edges", fk_edges)      # the reader's own foreign-key map
    near: dict[str, Table] = {}
    for name in touched:
        table = schema.table(name)
        if table is not None:
            near[table.name] = table
            near.update((other.name, other) for other, _ in edges.get(id(table), ()))
    per_table: dict[str, list[Item]] = schema.derived("sketch.semantic_table_items", lambda _: {})
    out: list[Item] = []
    for name in sorted(near):
        if name not in per_table:
            per_table[name] = _table_items(near[name])
        out.extend(per_table[name])
    return out[:MAX_ITEMS]


def _size(schema: SchemaContext) -> int:
    return sum(1 + len(t.columns) for t in schema.tables)


def all_items(schema: SchemaContext) -> list[Item]:
    out = []
    for table in schema.tables:
        out.extend(_table_items(table))
    return out


def _table_items(table: Table) -> list[Item]:
    keys = set(table.primary_key) | {c for fk in table.foreign_keys for c in fk.columns}
    out = [Item(phrase, (table, None)) for phrase in _phrases(table.name, table.comment)]
    for column in table.columns:
        if column.name in keys or name_words(column.name)[-1:] == ("id",):
            continue        # keys are joined on, never what a word of the question means
        out.extend(Item(phrase, (table, column)) for phrase in _phrases(column.name, column.comment))
    return out


def _phrases(name: str, comment: str | None) -> list[str]:
    phrases = [" ".join(humanised(name))]
    if comment and comment.strip():
        phrases.append(" ".join(comment.split()[:24]).lower())
    return [p for p in phrases if p]


def humanised(name: str) -> tuple[str, ...]:
    """A name in the words MiniLM knows: separators, abbreviations spelt out and run-together
    words apart (``amt_paid`` -> "amount paid", ``lifeexpectancy`` -> "life expectancy")."""
    words = spelt_out(tuple(ABBREVIATIONS.get(w, w) for w in name_words(name)))
    apart = _unjoined(words)
    return apart[0] if apart else words
