"""Placing a word the schema does not spell on the name it means, by MiniLM's sense of words.

The reader places a question's words lexically: the schema's names, their descriptions and a
hand-written list of related words. A user's database says "vehicle", "odometer_km",
"insurance_provider" where its analyst says "truck", "mileage", "insurer", and a reading that
leaves such a word unplaced ends refused. MiniLM (:mod:`engines.phrase_embedder`) knows these
are close. When the lexical reading leaves content words unplaced, each of them (and each pair
of them side by side) is compared with the humanised names (and ``COMMENT`` descriptions) of
the schema's tables and non-key columns. Most such words near a name are near the wrong one
("users" is 0.59 from ``customers``), so a word is placed only on evidence that agrees:

- its nearest entry clears the floor of its kind (:data:`CALIBRATION`: table, text column, number
  column, date) and beats the runner-up by that kind's margin;
- the entry is of the type the question's cue asks for (:func:`need`: a number after "average",
  something to group by after "per");
- the entry stays the nearest when the word is read with the words around it (:func:`_context`);
- no other word of the question names or was placed on that entry;

and the reader uses a reading with placements only where it places every content word
(:func:`ask.translate.sketch.prefer_sensed`); else the lexical reading and its refusal stand.
Placements are handed to the reader as spellings beside the schema's index (as taught ones
are), so they read exactly as a word naming that table or column would; nothing here knows any
schema or domain. ``eval/sense_audit.py`` lists and sweeps what this places.

A learnt score may decide instead of, or after, these floors (:mod:`.learnt_place`,
``ASKPROXY_SENSE_PLACER=learnt`` or ``backed``; off by default): the same candidates scored by a
head trained on many schemas' human questions. A table's phrase leaves out the schema's shared
first name part and conventional table prefixes (:func:`shared_prefix`: "grt awards" is far
from "grants", "awards" near).

Cost: only questions with an unplaced word pay, and only a word with a near entry embeds its
context. Names are cached by the embedder's LRU (keyed by the phrase); a schema of at most
``MAX_ITEMS`` names has them embedded ahead of its first question (:func:`warm_names`, from
:mod:`ask.sense_warmup`, in a background thread), so a question embeds only its own words and
their context. On a wider schema only the names of the tables the question already touches
(their mentions, linked values and foreign-key neighbours) are candidates, at most
``MAX_ITEMS``, embedded when asked for: a 5,000-table schema's cold ASK does not embed 30,000
names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ask.context.related_words import DIMENSIONS, is_verb_form, spelt_out
from ask.context.value_linking import ValueMatch
from ask.schema import SchemaContext, Table, short_type
from ask.translate.sketch import learnt_place
from ask.translate.sketch.names import find_mentions
from ask.translate.sketch.placed import Entry, entry_key, keep_apart
from ask.translate.sketch.name_phrases import humanised
from ask.translate.sketch.name_phrases import unprefixed as _unprefixed
from ask.translate.sketch.namespaces import namespaced
from ask.translate.sketch.spelling import fk_edges
from ask.translate.sketch.vocabulary import (ABBREVIATIONS, AGGREGATES, ASC_WORDS, COMPARATIVE_DIMENSIONS, COUNT_LEADS, DESC_WORDS,
                                             FILLER, HARMLESS, SUPERLATIVES, TABLE_PREFIXES, VERBS, is_number, name_words,
                                             sing, stem)
from engines.phrase_embedder import PhraseEmbedder, shared_embedder

# (similarity floor, margin to the runner-up) per kind of entry (:func:`kind`), and per kind
# where a cue of the question asked for that type ("KIND+cue"), chosen on the development sets
# (eval/sense_audit.py; see the model card, "MiniLM in the reader").
CALIBRATION: dict[str, tuple[float, float]] = {
    "table": (0.65, 0.08), "column": (0.6, 0.05), "measure": (0.7, 0.1), "date": (0.7, 0.1),
    "measure+cue": (0.6, 0.05)}     # "average X", "top 3 by X": the cue already says a number
# Words either side of a span that make its context (:func:`_context`).
CONTEXT = 2
# A word whose nearest entry is at least this near names it, for the context of its neighbours.
NAMING = 0.5
# Entries of a span kept for the decision (the best and its runner-up; more for diagnostics).
RANKED = 3
# Cues before a word that say what it must name (:func:`need`).
MEASURE_CUES = frozenset(("sum", "highest", "lowest", "maximum", "minimum", "mean", "median"))
GROUP_CUES = frozenset(("per", "by", "each", "every"))
RANK_CUES = frozenset(("top", "bottom", "highest", "lowest", "best", "worst", "most", "least", "rank", "ranked"))
SORT_CUES = frozenset(("sort", "sorted", "order", "ordered", "list", "listed"))
DATE_CUES = frozenset(("when", "since", "until"))
# A schema with at most this many candidate names is compared whole; a wider one only by the
# tables the question touches.
MAX_ITEMS = 400
# Words of at most this many letters are too short to carry a sense of their own ("ok", "id").
MIN_LETTERS = 3

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
    tabled: str = ""        # the phrase after its table's name ("donor blood group"), for context


def placeable(word: str) -> bool:
    """A word that could name a thing: not a filler, a cue the reader reads, or a number."""
    return (bool(_WORD.match(word)) and len(word) >= MIN_LETTERS and word not in FILLER
            and word not in HARMLESS and word not in _CUES and not is_number(word)
            and not is_verb_form(word) and not word.endswith("ing")      # verbs relate names, never are one
            and not (word.endswith("est") and len(word) > 5))               # "tallest": read as a ranking


@dataclass(frozen=True, slots=True)
class Sense:
    """One span of the question and the entries nearest it, best first (at most ``RANKED``)."""
    start: int
    end: int
    need: str | None                                # what the question's cue asks of it (:func:`need`)
    ranked: tuple[tuple[float, Entry, bool], ...]   # (similarity, entry, allowed), one per entry
    in_context: bool = True                         # the nearest is nearest to the words around it too


@dataclass(frozen=True, slots=True)
class Placement:
    start: int
    end: int
    entry: Entry
    kind: str               # :func:`kind` of the entry
    score: float
    margin: float           # to the runner-up entry of the same need


def semantic_names(words: Sequence[str], candidates: Iterable[int], schema: SchemaContext,
                   touched: Iterable[str] = (), embedder: PhraseEmbedder | None = None,
                   threshold: float | None = None, margin: float | None = None,
                   taken: frozenset[tuple[int, str | None]] = frozenset()) -> Spellings:
    """Spellings (singular word tuples, as the reader's index keys them) for the words at
    ``candidates`` that are near one table or column of ``schema``; ``touched``: names of
    tables the question already mentions, which bound the comparison on a wide schema;
    ``taken``: entries (:func:`entry_key`) other words of the question name already, which a
    second word is not placed on (two words of one question rarely mean one name: "vet
    appointments per animal" is not about animals twice). ``threshold`` / ``margin`` replace
    every kind's calibrated one (for tests and sweeps)."""
    found = senses(words, candidates, schema, touched, embedder, taken, threshold)
    return _spellings(words, chosen(found, threshold, margin))


def senses(words: Sequence[str], candidates: Iterable[int], schema: SchemaContext,
           touched: Iterable[str] = (), embedder: PhraseEmbedder | None = None,
           taken: frozenset[tuple[int, str | None]] = frozenset(),
           context_from: float | None = None) -> list[Sense]:
    """Every candidate span (a placeable word, or two side by side) with its nearest entries,
    and whether the nearest stays nearest in the question's context (:func:`_context`). The
    context is embedded (a phrase no cache holds) only for spans whose nearest is at least
    ``context_from`` near (default: the lowest floor of :data:`CALIBRATION`); the others are
    marked out of context, as no calibration would place them."""
    at = sorted(i for i in set(candidates) if 0 <= i < len(words) and placeable(words[i]))
    embedder = embedder if embedder is not None else shared_embedder()
    if not at or embedder is None:
        return []
    items = _items(schema, frozenset(touched))
    if not items:
        return []
    spans = [(i, i + 1) for i in at] + [(i, i + 2) for i in at if i + 1 in at]
    vectors = embedder.embed([" ".join(words[a:b]) for a, b in spans] + [item.phrase for item in items])
    word_scores = vectors[:len(spans)] @ vectors[len(spans):].T
    ranked_all = []
    for (a, b), row in zip(spans, word_scores):
        wants = need(words, a)
        allowed = [entry_key(item.entry) not in taken and (b - a > 1 or _sharing_no_word(words[a], item))
                   for item in items]
        fits = [agrees(wants, item.entry) for item in items]
        ranked_all.append((wants, fits, _ranked(row, items, allowed, fits)))
    floor = min(f for f, _ in CALIBRATION.values()) if context_from is None else context_from
    near = [k for k, (_, _, ranked) in enumerate(ranked_all) if ranked and ranked[0][0] >= floor]
    nearest_around = _nearest_around(words, spans, near, ranked_all, items, taken, embedder)
    return [Sense(a, b, wants, ranked, k in nearest_around and entry_key(ranked[0][1]) in nearest_around[k])
            for k, ((a, b), (wants, _, ranked)) in enumerate(zip(spans, ranked_all))]


def _nearest_around(words: Sequence[str], spans: Sequence[tuple[int, int]], near: Sequence[int],
                    ranked_all: Sequence[tuple[str | None, list[bool], tuple[tuple[float, Entry, bool], ...]]],
                    items: Sequence[Item], taken: frozenset[tuple[int, str | None]],
                    embedder: PhraseEmbedder) -> dict[int, set[tuple[int, str | None] | None]]:
    """For the spans at ``near``: the entries nearest their context, against the names alone
    and against the names after their table's."""
    if not near:
        return {}
    vectors = embedder.embed([_context(words, *spans[k]) for k in near] + [item.tabled for item in items])
    around = vectors[:len(near)]
    names = embedder.embed([item.phrase for item in items])        # cached: embedded just before
    out = {}
    for row, k in enumerate(near):
        a, b = spans[k]
        # Entries the other words name (by spelling or by their own sense) are not this one's rival
        # in context: in "price of trucks" the context is near purchase_price because of "price".
        others = taken | {entry_key(r[0][1]) for (c, d), (_, _, r) in zip(spans, ranked_all)
                          if r and r[0][0] >= NAMING and (d <= a or c >= b)}
        free = [fit and entry_key(item.entry) not in others for item, fit in zip(items, ranked_all[k][1])]
        out[k] = {_nearest(around[row] @ table.T, items, free) for table in (names, vectors[len(near):])}
    return out


def _context(words: Sequence[str], start: int, end: int) -> str:
    """The span with up to ``CONTEXT`` words either side: what MiniLM reads it as here. The
    entry nearest it (the entries other words name aside) must be the span's own nearest, or
    the span's sense is not the one this question uses ("cancellation" alone is near cancelled_on; "lesson cancellation rate"
    is not)."""
    return " ".join(words[max(0, start - CONTEXT):end + CONTEXT])


def _nearest(row: np.ndarray, items: Sequence[Item], fits: Sequence[bool]) -> tuple[int, str | None] | None:
    best, key = -2.0, None
    for score, item, fit in zip(row.tolist(), items, fits):
        if fit and score > best:
            best, key = score, entry_key(item.entry)
    return key


def chosen(found: Sequence[Sense], threshold: float | None = None, margin: float | None = None,
           calibration: Mapping[str, tuple[float, float]] | None = None) -> list[Placement]:
    """The placements kept: each span's best entry where it clears its kind's threshold and
    beats the runner-up by its kind's margin; best first, a span overlapping a kept one and a
    second span on an entry already kept dropped."""
    calibration = CALIBRATION if calibration is None else calibration
    placed = []
    for sense in found:
        best = _decide(sense, calibration, threshold, margin)
        if best is not None:
            placed.append(best)
    return keep_apart(sorted(placed, key=lambda p: -p.score))


def _decide(sense: Sense, calibration: Mapping[str, tuple[float, float]], threshold: float | None,
            margin: float | None) -> Placement | None:
    if not sense.ranked:
        return None
    score, entry, ok = sense.ranked[0]
    runner_up = sense.ranked[1][0] if len(sense.ranked) > 1 else -1.0
    what = kind(entry)
    cued = f"{what}+cue" if sense.need is not None else what    # the question's cue asked for this type
    floor, gap = calibration.get(cued, calibration.get(what, (1.0, 0.0)))
    floor = floor if threshold is None else threshold
    gap = gap if margin is None else margin
    if not ok or not sense.in_context or score < floor or score - runner_up < gap:
        return None
    return Placement(sense.start, sense.end, entry, what, score, score - runner_up)


def _ranked(row: np.ndarray, items: Sequence[Item], allowed: Sequence[bool],
            fits: Sequence[bool]) -> tuple[tuple[float, Entry, bool], ...]:
    """The entries that fit the span's need, nearest first (an entry's best phrase counts); an
    entry not ``allowed`` may still be the runner-up that makes the nearest one ambiguous."""
    best: dict[tuple[int, str | None], tuple[float, Entry, bool]] = {}
    for score, item, ok, fit in zip(row.tolist(), items, allowed, fits):
        key = entry_key(item.entry)
        if fit and (key not in best or score > best[key][0]):
            best[key] = (score, item.entry, ok)
    return tuple(sorted(best.values(), key=lambda s: -s[0])[:RANKED])


def kind(entry: Entry) -> str:
    """table, measure (a number column), date (a date or timestamp column) or column."""
    column = entry[1]
    if column is None:
        return "table"
    short = short_type(column.type)
    return "measure" if short in ("int", "num") else "date" if short in ("date", "ts") else "column"


def need(words: Sequence[str], at: int) -> str | None:
    """What the word at ``at`` must name, by the cue before it: a number after an aggregate
    ("average mileage", "top 3 blocks by tonnage"), a thing to group by after "per" / "by" /
    "each" ("per insurer"), a date after "when"; None where no cue says."""
    before = [w for w in words[max(0, at - 3):at] if w not in ("the", "a", "an", "of", "their", "its")]
    last = before[-1] if before else ""
    if last in AGGREGATES or last in MEASURE_CUES:
        return "measure"
    if last == "by" and RANK_CUES & set(words[:at]):
        return "measure"        # "top 3 blocks by tonnage": ranked by a number, not grouped
    if last == "by" and SORT_CUES & set(words[:at]):
        return None             # "sorted by name": any column
    if last in GROUP_CUES:
        return "group"
    return "date" if last in DATE_CUES else None


def agrees(wants: str | None, entry: Entry) -> bool:
    """Whether an entry is of the type the span's need asks for."""
    what = kind(entry)
    if wants == "measure":
        return what == "measure"
    if wants == "group":
        return what != "measure" or _is_label_number(entry)
    if wants == "date":
        return what == "date"
    return True


def _is_label_number(entry: Entry) -> bool:
    """A number column that labels rather than measures (a year, a floor): fine to group by."""
    column = entry[1]
    return column is not None and bool(set(name_words(column.name)) & {"year", "floor", "level", "grade", "rank"})


def unplaced_spellings(words: Sequence[str], schema: SchemaContext, links: Sequence[ValueMatch],
                       names: Mapping[tuple[str, ...], Sequence[Entry]],
                       uncovered: Sequence[str] | None) -> Spellings:
    """Placements for the words a reading left unplaced (``uncovered``), or, where the words
    could not be read at all (None), for every placeable word no name, spelling or exact
    value of the schema claims."""
    mode = learnt_place.mode()
    if mode == "xenc":
        return _spellings(words, xenc_placements(words, schema, links, names, uncovered))
    if mode == "learnt":
        return _spellings(words, learnt_placements(words, schema, links, names, uncovered))
    calibrated = chosen(unplaced_senses(words, schema, links, names, uncovered))
    if mode == "backed":
        return _spellings(words, backed(calibrated, learnt_placements(words, schema, links, names, uncovered)))
    return _spellings(words, calibrated)


def backed(calibrated: Sequence[Placement], learnt: Sequence[Placement]) -> list[Placement]:
    """The calibrated placements, and the learnt ones on spans and entries they leave free."""
    return keep_apart(learnt, calibrated)


def learnt_placements(words: Sequence[str], schema: SchemaContext, links: Sequence[ValueMatch],
                      names: Mapping[tuple[str, ...], Sequence[Entry]], uncovered: Sequence[str] | None,
                      embedder: PhraseEmbedder | None = None, threshold: float | None = None) -> list[Placement]:
    """What :func:`unplaced_spellings` places with the learnt placer (:mod:`.learnt_place`):
    the same candidate words and entries, each span's most likely entry where the trained head's
    probability reaches its threshold."""
    model = learnt_place.head()
    embedder = embedder if embedder is not None else shared_embedder()
    if model is None or embedder is None:
        return []
    candidates, touched, taken = _unplaced(words, schema, links, names, uncovered)
    rows = span_rows(words, candidates, schema, touched, taken, embedder, model.products)
    return [Placement(s.start, s.end, s.entry, kind(s.entry), s.probability, 0.0)
            for s in learnt_place.decide(rows, model, threshold)]


def xenc_placements(words: Sequence[str], schema: SchemaContext, links: Sequence[ValueMatch],
                    names: Mapping[tuple[str, ...], Sequence[Entry]], uncovered: Sequence[str] | None,
                    embedder: PhraseEmbedder | None = None, threshold: float | None = None) -> list[Placement]:
    """What :func:`unplaced_spellings` places with the cross-encoder (:mod:`.xenc_place`): the
    learnt placer's candidate spans and entries, each span's most likely entry where the
    cross-encoder's probability reaches its threshold."""
    from ask.translate.sketch import xenc_place       # it imports learnt_place, as this module does

    scorer = xenc_place.model()
    embedder = embedder if embedder is not None else shared_embedder()
    if scorer is None or embedder is None:
        return []
    candidates, touched, taken = _unplaced(words, schema, links, names, uncovered)
    rows = span_rows(words, candidates, schema, touched, taken, embedder, products=False)
    shared = schema.derived("sketch.semantic_prefixes", shared_prefixes)
    return [Placement(s.start, s.end, s.entry, kind(s.entry), s.probability, 0.0)
            for s in xenc_place.place(words, rows, shared, scorer, threshold)]


def span_rows(words: Sequence[str], at: Iterable[int], schema: SchemaContext, touched: Iterable[str],
              taken: frozenset[tuple[int, str | None]], embedder: PhraseEmbedder,
              products: bool = True) -> list[learnt_place.SpanRows]:
    """The learnt placer's feature rows (:data:`learnt_place.FEATURES`) of every candidate span
    at ``at`` (placeable word indices): the span's ``learnt_place.TOP`` nearest entries of the
    type its cue needs."""
    at = sorted(i for i in set(at) if 0 <= i < len(words) and placeable(words[i]))
    touched = frozenset(touched)
    items = _items(schema, touched)
    if not at or not items:
        return []
    keys = [entry_key(item.entry) for item in items]
    order = list(dict.fromkeys(keys))
    index = {key: n for n, key in enumerate(order)}
    entries: dict[tuple[int, str | None], Entry] = {}
    name_phrase: dict[tuple[int, str | None], str] = {}
    first: dict[tuple[int, str | None], int] = {}
    for pos, (item, key) in enumerate(zip(items, keys)):
        entries.setdefault(key, item.entry)
        name_phrase.setdefault(key, item.phrase)
        first.setdefault(key, pos)
    spans = [(i, i + 1) for i in at] + [(i, i + 2) for i in at if i + 1 in at]
    texts = [" ".join(words[a:b]) for a, b in spans]
    contexts = [_context(words, a, b) for a, b in spans]
    vectors = embedder.embed(texts + contexts + [item.phrase for item in items] + [item.tabled for item in items])
    n, m = len(spans), len(items)
    span_v, ctx_v = vectors[:n], vectors[n:2 * n]
    item_v, tabled_v = vectors[2 * n:2 * n + m], vectors[2 * n + m:]
    cos_items = _per_entry(span_v @ item_v.T, keys, index)
    ctx_items = _per_entry(ctx_v @ item_v.T, keys, index)
    ctx_tabled = _per_entry(ctx_v @ tabled_v.T, keys, index)
    names_v = item_v[[first[key] for key in order]]
    kinds = [kind(entries[key]) for key in order]
    near_tables = _touched_tables(schema, touched)
    out = []
    for s, (a, b) in enumerate(spans):
        wants = need(words, a)
        fits = np.array([agrees(wants, entries[key]) for key in order])
        if not fits.any():
            continue
        cos = np.where(fits, cos_items[s], -2.0)
        ranked = [int(e) for e in np.argsort(-cos, kind="stable") if fits[e]]
        top = ranked[:learnt_place.TOP]
        best = cos[ranked[0]]
        second = cos[ranked[1]] if len(ranked) > 1 else -1.0
        ctx_best_all = np.maximum(ctx_items[s], ctx_tabled[s])
        ctx_fit = np.where(fits, ctx_best_all, -2.0)
        ctx_top = float(ctx_fit.max())
        ctx_arg = int(ctx_fit.argmax())
        rows = []
        allowed = []
        for r, e in enumerate(top):
            key = order[e]
            entry = entries[key]
            phrase = name_phrase[key]
            allowed.append(key not in taken and (b - a > 1 or _sharing_no_word(words[a], Item(phrase, entry))))
            scalar = [
                cos[e], cos[e] - best, best - second, r / learnt_place.TOP, ctx_items[s, e], ctx_tabled[s, e],
                ctx_best_all[e] - ctx_top, float(e == ctx_arg),
                *(float(kinds[e] == k) for k in learnt_place.KINDS), *(float(wants == w) for w in learnt_place.NEEDS),
                float(b - a > 1), float(entry[0].name in near_tables), learnt_place.trigram_overlap(texts[s], phrase),
                float(np.log(len(order))), best]
            row = np.asarray(scalar, dtype=np.float32)
            if products:
                row = np.concatenate([row, span_v[s] * names_v[e], ctx_v[s] * names_v[e]]).astype(np.float32)
            rows.append(row)
        out.append(learnt_place.SpanRows(a, b, wants, tuple(entries[order[e]] for e in top), tuple(allowed), np.stack(rows)))
    return out


def _per_entry(scores: np.ndarray, keys: Sequence[tuple[int, str | None]],
               index: dict[tuple[int, str | None], int]) -> np.ndarray:
    """(spans, entries): an entry's best phrase (its name or its description) counts."""
    out = np.full((scores.shape[0], len(index)), -2.0, dtype=np.float32)
    for col, key in enumerate(keys):
        e = index[key]
        out[:, e] = np.maximum(out[:, e], scores[:, col])
    return out


def _touched_tables(schema: SchemaContext, touched: frozenset[str]) -> frozenset[str]:
    """The tables the question's other words touch, and their foreign-key neighbours."""
    edges = schema.derived("sketch.edges", fk_edges)
    out = set(touched)
    for name in touched:
        table = schema.table(name)
        if table is not None:
            out.update(other.name for other, _ in edges.get(id(table), ()))
    return frozenset(out)


def _unplaced(words: Sequence[str], schema: SchemaContext, links: Sequence[ValueMatch],
              names: Mapping[tuple[str, ...], Sequence[Entry]],
              uncovered: Sequence[str] | None) -> tuple[list[int], set[str], frozenset[tuple[int, str | None]]]:
    """The word indices to place, the tables the question touches, the entries its words name."""
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
    return candidates, touched, taken


def unplaced_senses(words: Sequence[str], schema: SchemaContext, links: Sequence[ValueMatch],
                    names: Mapping[tuple[str, ...], Sequence[Entry]],
                    uncovered: Sequence[str] | None, context_from: float | None = None) -> list[Sense]:
    """The senses (:func:`senses`) of the words :func:`unplaced_spellings` would place."""
    candidates, touched, taken = _unplaced(words, schema, links, names, uncovered)
    return senses(words, candidates, schema, touched, taken=taken, context_from=context_from)


def _sharing_no_word(word: str, item: Item) -> bool:
    """A name that spells the word as one of its own ("queen" in queen_seen, "bee" in
    beekeeper) is what the lexical reading already weighed and left: the word is a part of the
    name, not a synonym of it."""
    root = stem(sing(word))
    return not any(w.startswith(root) or root.startswith(w) for w in item.phrase.split() if len(w) >= MIN_LETTERS)


def _spellings(words: Sequence[str], placed: Sequence[Placement]) -> Spellings:
    return {tuple(sing(w) for w in words[p.start:p.end]): (p.entry,) for p in placed}


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
            per_table[name] = _table_items(near[name], schema.derived("sketch.semantic_prefixes", shared_prefixes))
        out.extend(per_table[name])
    return out[:MAX_ITEMS]


def warm_names(schema: SchemaContext, embedder: PhraseEmbedder | None = None, chunk: int = 32) -> int:
    """Embed what :func:`senses` compares a word with on ``schema`` (each entry's phrase, and
    its phrase after its table's name, for the context), ``chunk`` phrases a forward so that a
    question's own forward waits for one chunk at most; how many phrases that was. A schema of
    more than ``MAX_ITEMS`` names is left to its questions (they compare only the tables they
    touch). The embedder's vectors do not depend on what else a forward holds
    (:mod:`engines.phrase_embedder`), so warming changes no placement, only when it is paid."""
    if schema.derived("sketch.semantic_size", _size) > MAX_ITEMS:
        return 0
    embedder = embedder if embedder is not None else shared_embedder()
    if embedder is None:
        return 0
    items = schema.derived("sketch.semantic_items", all_items)
    phrases = list(dict.fromkeys([item.phrase for item in items] + [item.tabled for item in items]))
    for start in range(0, len(phrases), chunk):
        embedder.embed(phrases[start:start + chunk])
    return len(phrases)


def _size(schema: SchemaContext) -> int:
    return sum(1 + len(t.columns) for t in schema.tables)


def all_items(schema: SchemaContext) -> list[Item]:
    out = []
    shared = schema.derived("sketch.semantic_prefixes", shared_prefixes)
    for table in schema.tables:
        out.extend(_table_items(table, shared))
    return out


def shared_prefix(schema: SchemaContext) -> str | None:
    """The first name part most of a schema's tables begin with (``grt`` of grt_awards,
    grt_funders, ...; ``tbl``): a namespace, not a word of what the table holds, and MiniLM
    reads "grt awards" far from "grants" where "awards" is near. None where no part begins at
    least half of the tables (and three of them)."""
    firsts = Counter(words[0] for t in schema.tables if len(words := name_words(t.name)) > 1)
    if not firsts:
        return None
    part, n = firsts.most_common(1)[0]
    return part if n >= 3 and 2 * n >= len(schema.tables) else None


def shared_prefixes(schema: SchemaContext) -> frozenset[str]:
    """:func:`shared_prefix` and the namespace prefixes of :func:`.namespaces.namespaced`
    (Django's app labels: ``accounts`` of ``accounts_tutor``, ``billing`` of
    ``billing_invoice``), left out of a table's name where MiniLM reads it."""
    shared = shared_prefix(schema)
    spaced = {name_words(name)[0] for name in namespaced(schema)}
    return frozenset(spaced | ({shared} if shared is not None else set()))


def _table_items(table: Table, shared: str | frozenset[str] | None = None) -> list[Item]:
    keys = set(table.primary_key) | {c for fk in table.foreign_keys for c in fk.columns}
    name = _unprefixed(table.name, shared)
    out = [Item(phrase, (table, None), phrase) for phrase in _phrases(name, table.comment)]
    owner = " ".join(humanised(name))
    for column in table.columns:
        if column.name in keys or name_words(column.name)[-1:] == ("id",):
            continue        # keys are joined on, never what a word of the question means
        out.extend(Item(phrase, (table, column), f"{owner} {phrase}") for phrase in _phrases(column.name, column.comment))
    return out


def _phrases(name: str, comment: str | None) -> list[str]:
    phrases = [" ".join(humanised(name))]
    if comment and comment.strip():
        phrases.append(" ".join(comment.split()[:24]).lower())
    return [p for p in phrases if p]


