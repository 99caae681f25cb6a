"""Stored values a question says by their sense, or by the word a stored code abbreviates.

:mod:`ask.context.value_linking` finds a value where the question spells it. Business databases,
ERP ones above all, keep codes whose meaning is in a code table's description ('CAN' described
'Canine', 'LAG' 'Rabbit') or in the code's own letters ('SURG' for a surgery), and an analyst
says "dogs", "bunnies", "surgeries". Two rules link such a word to the value it means, as the
question spelling it would (:data:`~ask.context.value_linking.EXACT_SCORE`, as a participle
said for a stored verb is); the reader then filters by the value (through the code table's
foreign key where the description lives there) and the prompt's ``values:`` line names it:

- **sense**: MiniLM (:mod:`engines.phrase_embedder`) compares the word with the short text
  values of the schema's low-cardinality columns (those introspection read values for), what
  a column's comment says its codes mean first (:mod:`ask.context.value_codes`: "idle" for
  'LAY' commented "LAY laid up (idle)"), then code tables' descriptions, never a column of
  proper names outside a code table (towns, titles, names: :data:`PROPER_NAMES`); the word
  links where one value is clearly nearest: at least :data:`FLOOR` near and :data:`MARGIN`
  nearer than any other value (of any column) it could mean, said in either number ("pet" and
  "pets": near dogs and cats both, so near neither clearly), and nearer that value than what
  its column's values are together (the mean of their vectors: "country" is near 'France' and
  nearer countries in general). Same spelling in two columns links both, as a spelt value does.
  Sense is for other words: a word that shares its root with the value ("cancel" and
  'cancelled', "plays" and 'played', "gang" in 'Night Gang') is the lexical linker's to decide.
- **abbreviated code**: a stored code in capitals of at least :data:`MIN_CODE` letters that
  begins an English word of the question, which says at least :data:`MIN_EXTRA` letters more
  ('SURG': "surgery", "surgeries"); only where one code does.
- **clipped description**: the question's word is the first :data:`MIN_CLIP` letters or more of
  one code table's one-word description, which says at least :data:`MIN_EXTRA` + 1 letters more
  ("perm" for 'Permanent', "temp" for 'Temporary'); only where one description begins so.

- **a name said in part**: a proper name of several words stored in a captured column said by
  its first words typed with a capital ("Quartz Analytics" for 'Quartz Analytics LLC') or by its
  last word after "the" ("the streetcar" for 'Riverfront Streetcar'), where one stored name
  alone is so said and, for one word, no other value holds it (:func:`_named_in_part`); as the
  value probe links a probed name by its first word.

Guards, the product's rule for values: a word the schema's names spell (a table's or column's
word, or an abbreviation of it: "customers" where a table is named so, "vaccinations" where
one is named ``vet_vacc``; or one the reader's index of names places, :func:`find_mentions`)
names that, not a value; words of the question's shape ("top",
"average", "per": :func:`ask.translate.sketch.semantic.placeable`) and words inside a spelt
value never link, nor a word after one that asks about its kind ("which species", "from that
country"); values with a digit ('Customer 1') or codes ('CAN') are never compared by
sense. Nothing here knows a schema or a domain.

Cost: the values' phrases are embedded once per schema (at most :data:`MAX_VALUES` of them, in
the background thread that warms the names, :mod:`ask.sense_warmup`; a question that comes
first embeds them itself), a question only its candidate words (cached per phrase), and a
question whose every word is spelt by names or values embeds nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ask.context.refusal import CALENDAR_NAMES, english
from ask.context.value_codes import code_table, column_codes
from ask.context.related_words import sing
from ask.context.value_linking import EXACT_SCORE, ValueMatch, cased_words, is_filler, normalise, singular, table_ref
from ask.schema import Column, SchemaContext, short_type
from ask.translate.sketch import schema_words
from ask.translate.sketch.names import find_mentions
from ask.translate.sketch.semantic import DATE_CUES, GROUP_CUES, MEASURE_CUES, RANK_CUES, SORT_CUES, placeable
from ask.translate.sketch.vocabulary import CUE_WORDS, HOW_USUAL, name_words, stem
from engines.phrase_embedder import PhraseEmbedder, shared_embedder

# Values compared by sense per schema, at most: their vectors are made once per schema version
# (about 3 ms of CPU a phrase on the busy 2-core VM).
MAX_VALUES = 512
# How near the nearest value must be, and how much nearer than any other value.
FLOOR = 0.6
MARGIN = 0.15
# A value compared by sense has at most this many words, in a column of at most this many
# values (more are names: a surname 'Young' is no sense of "age").
MAX_WORDS = 3
MAX_COLUMN_VALUES = 20
# Columns of proper names (outside code tables): a town 'Sale' or 'Bath', a title, a surname has
# no sense of what its word means ("sell" is no sale).
PROPER_NAMES = frozenset(("town", "city", "street", "road", "suburb", "village", "county", "address",
                          "name", "nm", "surname", "title"))
# Codes: capitals only, this many letters at least (three-letter codes begin too many words:
# 'CAN' begins "cancelled"), at most CODE_LETTERS; the word says MIN_EXTRA letters more.
MIN_CODE = 4
# Words before a noun that ask about its kind or refer back to it ("which species", "each
# country", "from that country"): the noun names the column's kind, never one value of it.
ASKING = frozenset(("which", "what", "each", "every", "per", "that", "those", "whose", "any"))
# Letters that make two words one root ("cancel", 'cancelled').
ROOT = 4
CODE_LETTERS = 6
MIN_EXTRA = 2
# A word clipped from a code table's one-word description ("perm" for 'Permanent', "temp" for
# 'Temporary'): this many letters at least, MIN_EXTRA + 1 fewer than the description.
MIN_CLIP = 4
# A proper name said by its first words: this many at most.
MAX_HEAD = 4
# Words the reader reads itself on any schema, never compared by sense (MiniLM costs about 7 ms
# of CPU for each new word): its cue, shape, period, comparative and function words
# (vocabulary.CUE_WORDS: "monthly", "cheaper", "most"), the ranking and sorting cues ("best",
# "worst"), how usual (:mod:`~ask.translate.sketch.shapes`: "the most popular venue" counts the
# rows referring to it), growth (the reader's two-period shape), and the calendar's names
# (refusal.CALENDAR_NAMES: "ytd", "yday", "march", "monday"). A word of these never links a value
# by sense (:func:`sense_links`: codes, clipped descriptions and names said in part still see
# it): the reader reads it as what it says.
READ_BY_THE_READER = (CUE_WORDS | RANK_CUES | SORT_CUES | DATE_CUES | MEASURE_CUES | GROUP_CUES | HOW_USUAL
                      | {"growth"} | CALENDAR_NAMES)


@dataclass(frozen=True, slots=True)
class Stored:
    table: str          # as SQL writes it (value_linking.table_ref)
    column: str
    value: str


@dataclass(frozen=True, slots=True)
class SenseIndex:
    """What one schema's values offer these rules."""
    described: tuple[Stored, ...]       # compared by sense, code tables' descriptions first
    phrases: tuple[str, ...]            # what is embedded for each of ``described``
    codes: dict[str, tuple[Stored, ...]]    # a code in lower case -> where it is stored
    names: frozenset[str]               # every word of the schema's names, stemmed (the reader's sketch.words)
    # the first letters of a code table's description ("perm" of 'Permanent') -> where it is stored
    clipped: dict[str, tuple[Stored, ...]] = field(default_factory=dict)
    # proper names of several words ('Riverfront Streetcar'): their first words, and their last
    # word in the singular, -> where each is stored; and how many distinct values hold each word
    heads: dict[tuple[str, ...], tuple[Stored, ...]] = field(default_factory=dict)
    tails: dict[str, tuple[Stored, ...]] = field(default_factory=dict)
    holding: dict[str, int] = field(default_factory=dict)
    # the values' vectors per embedder (one in the proxy), stacked once
    vectors: dict[PhraseEmbedder, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=dict, compare=False, repr=False)


def sense_index(schema: SchemaContext) -> SenseIndex:
    """The schema's index, built once per schema version."""
    return schema.derived("value_senses.index", _build)


def _build(schema: SchemaContext) -> SenseIndex:
    codes: dict[str, list[Stored]] = {}
    columns: list[tuple[int, int, str, Column]] = []     # (rank, values, table, column) compared by sense
    meant: list[tuple[Stored, str]] = []        # what a column's comment says its codes mean
    clipped: dict[str, set[Stored]] = {}
    for n, table in enumerate(schema.tables):
        ref = table_ref(schema, table.schema, table.name)
        meant.extend((Stored(ref, col.name, code.value), p) for col in table.columns for code in column_codes(col)
                     for said in code.meanings if (p := _phrase(said)) is not None)
        texts = [c for c in table.columns if c.values and short_type(c.type) == "text"]
        if not texts:
            continue
        described_by = code_table(schema, table)
        coded = described_by is not None
        if described_by is not None:
            _clips(Stored(ref, described_by.name, ""), described_by.values, clipped)
        for col in texts:
            for value in col.values:
                if _is_code(value):
                    codes.setdefault(value.lower(), []).append(Stored(ref, col.name, value))
            if len(col.values) <= MAX_COLUMN_VALUES and col.name not in table.primary_key:
                columns.append((0 if coded else 1, len(col.values), ref, col))
    columns.sort(key=lambda c: (c[0], c[1]))        # stable: the schema's order within a rank
    described = meant
    for rank, _, ref, col in columns:
        if len(described) >= MAX_VALUES:
            break
        if rank and set(name_words(col.name)) & PROPER_NAMES:
            continue
        described.extend((Stored(ref, col.name, v), p) for v in col.values if (p := _phrase(v)) is not None)
    kept = described[:MAX_VALUES]
    heads, tails, holding = _name_parts(schema)
    return SenseIndex(tuple(s for s, _ in kept), tuple(p for _, p in kept),
                      {k: tuple(v) for k, v in codes.items()}, schema.derived("sketch.words", schema_words),
                      {k: tuple(v) for k, v in clipped.items() if len(v) == 1}, heads, tails, holding)


# Words a proper name keeps in lower case ("Bank of Ireland", "Toys and Games").
_NAME_JOINERS = frozenset("of and the de la le du von van for on at in a an to".split())


def _proper(value: str) -> bool:
    """A proper name of several words as people write one: each word but joiners begins with a
    capital or a digit ('Riverfront Streetcar', 'Shure SM7B', 'Quartz Analytics LLC')."""
    words = value.split()
    return len(words) >= 2 and len(normalise(value)) == len(words) and all(
        w[:1].isupper() or w[:1].isdigit() or w.lower() in _NAME_JOINERS for w in words) \
        and words[0][:1].isupper()


def _name_parts(schema: SchemaContext) -> tuple[dict[tuple[str, ...], tuple[Stored, ...]],
                                                dict[str, tuple[Stored, ...]], dict[str, int]]:
    """The first words (all but the last) and the last word of every proper name of several words
    among the schema's captured text values, and per word how many distinct values hold it."""
    heads: dict[tuple[str, ...], dict[str, list[Stored]]] = {}
    tails: dict[str, dict[str, list[Stored]]] = {}
    holders: dict[str, set[str]] = {}
    for table in schema.tables:
        ref = table_ref(schema, table.schema, table.name)
        for col in table.columns:
            if not col.values or short_type(col.type) != "text":
                continue
            for value in col.values:
                words = tuple(singular(w) for w in normalise(value))
                for w in words:
                    holders.setdefault(w, set()).add(value)
                if not _proper(value):
                    continue
                stored = Stored(ref, col.name, value)
                for n in range(1, len(words)):
                    heads.setdefault(words[:n], {}).setdefault(value, []).append(stored)
                tails.setdefault(words[-1], {}).setdefault(value, []).append(stored)
    return ({k: tuple(v) for k, by in heads.items() if len(by) == 1 for v in by.values()},
            {k: tuple(v) for k, by in tails.items() if len(by) == 1 for v in by.values()},
            {w: len(v) for w, v in holders.items()})


def _clips(where: Stored, values: Sequence[str], into: dict[str, set[Stored]]) -> None:
    """The first letters a word clipped from each one-word description may keep."""
    for value in values:
        words = normalise(value)
        if len(words) == 1 and words[0].isalpha():
            for k in range(MIN_CLIP, len(words[0]) - MIN_EXTRA):
                into.setdefault(words[0][:k], set()).add(Stored(where.table, where.column, value))


def _is_code(value: str) -> bool:
    return value.isalpha() and value.isupper() and MIN_CODE <= len(value) <= CODE_LETTERS


def _phrase(value: str) -> str | None:
    """The words MiniLM compares a value by: a few alphabetic words, not a code in capitals."""
    words = normalise(value.replace("_", " "))
    if not words or len(words) > MAX_WORDS or not all(w.isalpha() for w in words) or is_filler(words):
        return None
    if sum(len(w) for w in words) < 3 or (value.isupper() and len(value) <= CODE_LETTERS):
        return None
    return " ".join(words)


def sense_links(question: str, schema: SchemaContext, links: Sequence[ValueMatch] = (),
                embedder: PhraseEmbedder | None = None, floor: float = FLOOR,
                margin: float = MARGIN) -> list[ValueMatch]:
    """The values ``question``'s words say by sense or by a code's letters (module docstring);
    ``links``: what is linked already (words inside an exact one are not candidates)."""
    index = sense_index(schema)
    if not index.described and not index.codes and not index.clipped and not index.heads:
        return []
    words = normalise(question)
    spelt = {i for m in links if m.exact for i in range(m.start, m.end)}
    free = [i for i, w in enumerate(words) if i not in spelt and (_candidate(w, index) or _model_code(w))
            and (i == 0 or words[i - 1] not in ASKING)]
    if free:        # the reader's names (synonyms, abbreviations, misspellings) claim theirs
        named = {i for m in find_mentions(words, schema, links) for i in range(m.start, m.end)}
        free = [i for i in free if i not in named]
    parts = _named_in_part(words, cased_words(question, len(words)), free, index) if index.heads else []
    free = [i for i in free if not _model_code(words[i]) and not any(m.start <= i < m.end for m in parts)]
    if not free:
        return parts
    out = parts + _abbreviated(words, free, index)
    out.extend(ValueMatch(s.table, s.column, s.value, i, i + 1, EXACT_SCORE)
               for i in free for s in index.clipped.get(words[i], ()) if not any(m.start == i for m in out))
    coded = {m.start for m in out}
    rest = [i for i in free if i not in coded and not _read_by_the_reader(words[i])]
    if rest and index.described:
        out.extend(_by_sense(words, rest, index, embedder, floor, margin))
    return out


def _read_by_the_reader(word: str) -> bool:
    """A word of :data:`READ_BY_THE_READER`, or its possessive ("this month's")."""
    return word in READ_BY_THE_READER or word.endswith("'s") and word[:-2] in READ_BY_THE_READER


def _named_in_part(words: Sequence[str], cased: Sequence[str] | None, free: Sequence[int],
                   index: SenseIndex) -> list[ValueMatch]:
    """A proper name of several words said in part, where one stored name alone is so said:
    by its first words typed with a capital ("billed to Quartz Analytics" for 'Quartz
    Analytics LLC', "at Chatham Valley High" for 'Chatham Valley High School'; one word only
    where it is free, :func:`sense_links`), or by its last word after "the" ("incidents on the
    streetcar" for 'Riverfront Streetcar', "the SM7B" for 'Shure SM7B'), a word no other value
    holds. Never the question's first word, nor a word of a question that capitalises most of its
    words ("Top Customers In East"): there a capital says nothing."""
    out: list[ValueMatch] = []
    taken: set[int] = set()
    capitals = cased is not None and _title_cased(cased)
    for i in range(1, len(words)):
        if capitals or i in taken or cased is None or not cased[i][:1].isupper() or is_filler(words[i:i + 1]):
            continue
        for n in range(min(len(words) - i, MAX_HEAD), 0, -1):
            key = tuple(singular(w) for w in words[i:i + n])
            stored = index.heads.get(key)
            if stored is None or n == 1 and (i not in free or index.holding.get(key[0], 0) != 1):
                continue
            out.extend(ValueMatch(s.table, s.column, s.value, i, i + n, EXACT_SCORE) for s in stored)
            taken.update(range(i, i + n))
            break
    for i in free:
        word = singular(words[i])
        if i in taken or i == 0 or words[i - 1] != "the" or index.holding.get(word, 0) != 1 or word not in index.tails:
            continue
        out.extend(ValueMatch(s.table, s.column, s.value, i, i + 1, EXACT_SCORE) for s in index.tails[word])
    return out


def _title_cased(cased: Sequence[str]) -> bool:
    """Whether most of the question's words after the first begin with a capital."""
    rest = [w for w in cased[1:] if w[:1].isalpha()]
    return len(rest) >= 2 and 2 * sum(w[:1].isupper() for w in rest) > len(rest)


def _model_code(word: str) -> bool:
    """A model's or a part's code, letters and digits ("SM7B", "X5"): a name's last word, never
    a sense's."""
    return len(word) >= 3 and word.isalnum() and any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def _candidate(word: str, index: SenseIndex) -> bool:
    """A word that could say a value: one a name could be (not a cue, a filler, a verb or a
    number: :func:`placeable`) that no name of the schema spells."""
    if not placeable(word):
        return False
    return stem(sing(word)) not in index.names


def _abbreviated(words: Sequence[str], at: Sequence[int], index: SenseIndex) -> list[ValueMatch]:
    out: list[ValueMatch] = []
    lexicon = english()
    for i in at:
        word = words[i]
        if word not in lexicon and sing(word) not in lexicon:
            continue        # a proper name ("Wellington") begins with a code by chance
        found = [(word[:k], index.codes[word[:k]])
                 for k in range(MIN_CODE, min(CODE_LETTERS, len(word) - MIN_EXTRA) + 1) if word[:k] in index.codes]
        if len(found) != 1:
            continue
        code, stored = found[0]
        if any(w.startswith(code) for w in index.names if len(w) >= MIN_CODE):
            continue        # 'VACC' in a table named vet_vacc: the word names the table
        out.extend(ValueMatch(s.table, s.column, s.value, i, i + 1, EXACT_SCORE) for s in stored)
    return out


def _by_sense(words: Sequence[str], at: Sequence[int], index: SenseIndex,
              embedder: PhraseEmbedder | None, floor: float, margin: float) -> list[ValueMatch]:
    embedder = embedder if embedder is not None else shared_embedder()
    if embedder is None:
        return []
    values, columns, column_of = _value_vectors(index, embedder)
    said = embedder.embed([words[i] for i in at])
    scores = said @ values.T
    near = [(k, phrase) for k in range(len(at))
            if (phrase := _nearest(scores[k], index.phrases, floor, margin)) is not None]
    if not near:
        return []
    # only a word clearly near one value is weighed in its other number (a second forward)
    others = embedder.embed([_forms(words[at[k]])[1] for k, _ in near]) @ values.T
    kinds = said @ columns.T
    out: list[ValueMatch] = []
    for (k, phrase), other in zip(near, others):
        i = at[k]
        if _nearest(other, index.phrases, floor, margin) != phrase or _same_root(words[i], phrase):
            continue
        best = index.phrases.index(phrase)
        if kinds[k, column_of[best]] > scores[k, best]:
            continue    # "pets", "country": nearer what the column's values are together than this one
        out.extend(ValueMatch(s.table, s.column, s.value, i, i + 1, EXACT_SCORE)
                   for s, p in zip(index.described, index.phrases) if p == phrase)
    return out


def _nearest(row: np.ndarray, phrases: Sequence[str], floor: float, margin: float) -> str | None:
    """The phrase clearly nearest: at least ``floor`` near and ``margin`` nearer than any other.
    A word is weighed as said and in its other number ("pet" and "pets"): a word near several
    values ("pets": dogs and cats both) is near none of them clearly in one of its forms."""
    best = int(np.argmax(row))
    phrase = phrases[best]
    score = float(row[best])
    rival = max((s for s, p in zip(row.tolist(), phrases) if p != phrase), default=-1.0)
    return phrase if score >= floor and score - rival >= margin else None


def _same_root(word: str, phrase: str) -> bool:
    """"gang" in 'Night Gang', "plays" for 'played', "cancel" for 'cancelled': a part of a
    name or a form of the value's own word is no sense of it; the lexical linker decides those."""
    root = sing(word)[:ROOT]
    return any(w[:ROOT] == root for w in phrase.split())


def _forms(word: str) -> tuple[str, str]:
    """The word as said and in its other number."""
    one = sing(word)
    if one != word:
        return word, one
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word, word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word, word + "es"
    return word, word + "s"


def _value_vectors(index: SenseIndex, embedder: PhraseEmbedder) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The values' vectors, one row each, and per value the mean direction of its column's
    values (what they are together: "species", "country"), made once per schema version
    (at most :data:`MAX_VALUES` rows of 384 floats: 0.8 MB, kept with the schema)."""
    found = index.vectors.get(embedder)
    if found is None:
        values = embedder.embed(list(index.phrases))
        groups: dict[tuple[str, str], list[int]] = {}
        for n, stored in enumerate(index.described):
            groups.setdefault((stored.table, stored.column), []).append(n)
        means = np.stack([values[rows].mean(axis=0) for rows in groups.values()])
        means /= np.maximum(np.linalg.norm(means, axis=1, keepdims=True), 1e-9)
        column_of = np.empty(len(index.described), dtype=np.intp)
        for g, rows in enumerate(groups.values()):
            column_of[rows] = g
        found = index.vectors.setdefault(embedder, (values, means, column_of))
    return found


def warm_values(schema: SchemaContext, embedder: PhraseEmbedder | None = None, chunk: int = 32) -> int:
    """Embed the schema's compared values ahead of its questions, ``chunk`` phrases a forward
    (as :func:`ask.translate.sketch.semantic.warm_names`); how many phrases."""
    embedder = embedder if embedder is not None else shared_embedder()
    index = sense_index(schema)
    if embedder is None or not index.phrases:
        return 0
    phrases = list(dict.fromkeys(index.phrases))
    for start in range(0, len(phrases), chunk):
        embedder.embed(phrases[start:start + chunk])
    return len(phrases)
