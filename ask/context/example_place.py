"""Taught examples standing for questions said in words the schema does not spell: "day pass
takings broken down by pass type" placed by the example taught for "day pass revenue by pass
type", "which grape varieties are planted on over 3 blocks" by "varieties with more than 5
blocks".

A paraphrase (:mod:`ask.context.example_match`) must name what the taught question names. A
question the planner would refuse as unplaced (or that the model is unsure of) may say a
taught table, column or measure in a word the schema lacks ("players" for musicians,
"takings" for revenue): then no reading of its words can place it, and the taught example
whose SQL every schema word it does say belongs to is the best evidence of what it means.
Everything that decides what SQL means must still agree (guards, measures, the counted and
grouping nouns, the ranking's word, numbers' count, linked values paired by column); a taught
noun left out must be said in another word, and a taught verb in none ("products removed" is
no "products added"); a word the schema does not spell but that is what a question calls the
rows of one of its tables ("customers" for ``subscribers``) names that table, so only an
example whose SQL reads it may stand for the question, and the condition words of a taught
question (:func:`~ask.context.example_match.conditions_said`) must be said. The SQL is re-bound
as for a paraphrase; the planner checks it like model SQL and says it was adapted.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pglast
from pglast.parser import ParseError

from ask.context.example_match import (Rebinding, Shape, conditions_said, fold_words,
                                       guards_agree, pair_slots, ranked_by_agree, rebind,
                                       said_as_verb, same_measures, similarity, token_identifier,
                                       vocabulary_of)
from ask.schema import SchemaContext

# A question nothing else places takes the taught example it is closest to at this similarity
# or more (:func:`placeable` deciding the rest). Set on eval/teach_dev2.jsonl, eval/teach_dev.jsonl
# and the untaught questions of the development sets: the same verdicts there for every value
# from 0.3 to 0.6 (the guards decide).
PLACED_THRESHOLD = 0.4


def best_placement(asked: Shape, taught: Sequence[tuple[Shape, str]],
                   table_words: Callable[[str], frozenset[str]],
                   threshold: float = PLACED_THRESHOLD,
                   inside: Callable[[str], bool] = lambda word: False
                   ) -> tuple[int, Rebinding] | None:
    """The index and re-bound SQL of the taught (shape, sql) that places a question the
    schema's words could not place (:func:`placeable`; ``table_words``: the name stems of the
    tables a SQL reads); ties go to the later one. Looser than
    :func:`~ask.context.example_match.best_rebinding`, so asked
    only where the question would be refused otherwise."""
    best: tuple[int, Rebinding] | None = None
    for n, (shape_, sql) in enumerate(taught):
        if shape_.fixed or not same_measures(asked, shape_) or asked.names != shape_.names \
                or pair_slots(asked, shape_) is None:
            continue                  # (no slot claimed from words: the values must be linked)
        folded = fold_words(asked, shape_)
        if not conditions_said(folded, shape_):
            continue          # a condition's words dropped, none said instead ("all our plans")
        outside = folded.schema_words - shape_.sql_words - shape_.schema_words
        if not placeable(folded, shape_, table_words(sql) if outside else frozenset()):
            continue
        if any(inside(w) and not any(w in s for s in shape_.sql_words)
               for w in folded.content - shape_.content - folded.schema_words):
            continue          # "the largest areas" by ``surfacearea``: the schema's word after all
        extra = folded.content - shape_.content - folded.schema_words
        if any(word not in folded.content for _, word in shape_.focus) and any(
                _part_of(w, table_words(sql)) for w in extra):
            continue          # "how many PT *packages*" counts the packages, not the members taught
        called = {w: {n for c, n in folded.called if c == w} for w in extra}
        if any(names and not names & shape_.sql_words for names in called.values()):
            continue          # "customers" are the subscribers, not the plans a taught SQL counts
        score = similarity(folded, shape_)
        if score < threshold or (best is not None and score < best[1].score):
            continue
        pairs = pair_slots(folded, shape_)
        new_sql = rebind(sql, [(old, new) for _, old, new in pairs or ()],
                         list(zip(shape_.numbers, folded.numbers))) if pairs is not None else None
        if new_sql is not None:
            best = (n, Rebinding(new_sql, score))
    return best


# Shortest word taken for a part of a name written without separators.
_INSIDE_LETTERS = 4


def spelt_inside(word: str, schema: SchemaContext) -> bool:
    """Whether ``word`` begins or ends a name of ``schema`` written without separators
    ("area" of ``surfacearea``, "head" of ``headofstate``): a word the schema spells after all,
    which no taught example may stand for unless its SQL reads that name."""
    if len(word) < _INSIDE_LETTERS:
        return False
    names = schema.derived("example_place.joined_names", _joined_names)
    return any(n != word and (n.startswith(word) or n.endswith(word)) for n in names)


def _joined_names(schema: SchemaContext) -> tuple[str, ...]:
    """The lower-case names of the schema's tables and columns that join words without a
    separator (one word to the splitter of :func:`~ask.context.example_match.vocabulary`)."""
    names = {t.name for t in schema.tables} | {c.name for t in schema.tables for c in t.columns}
    return tuple(sorted(n.lower() for n in names if n.isalpha() and n.islower()))


def table_words(sql: str, schema: SchemaContext) -> frozenset[str]:
    """The name stems of the tables ``sql`` reads and of their columns."""
    try:
        tokens = pglast.parser.scan(sql)
    except ParseError:
        return frozenset()
    named = {token_identifier(sql, t) for t in tokens}
    return vocabulary_of(tuple(sorted(
        {t.name for t in schema.tables if t.name in named}
        | {c.name for t in schema.tables if t.name in named for c in t.columns})))


def _part_of(word: str, names: frozenset[str]) -> bool:
    """Whether ``word`` begins or ends one of ``names`` written without separators ("package"
    of ``ptpackage``): a word for what that name names."""
    return len(word) >= _INSIDE_LETTERS and any(n != word and (n.startswith(word) or n.endswith(word))
                                                 for n in names)


def placeable(asked: Shape, taught: Shape, table_words: frozenset[str] = frozenset()) -> bool:
    """Whether the taught question can stand for ``asked`` where nothing else places it: every
    guard, measure, number's count and name the same, the same counted and grouping nouns
    (:func:`_same_focus`), a content word or a slot shared, and each table or column word
    asked one the taught SQL uses, or a past form of one of a table it reads (``table_words``:
    "planted" of ``Block."plantedYear"`` for SQL over ``"Block"``); its other words are ones
    the schema does not spell ("climbs" for "ascents", "takings" for revenue: the taught
    example is what they mean). Unlike
    :func:`~ask.context.example_match.compatible`, a taught schema word may be
    missing: said in words the schema lacks."""
    if not guards_agree(asked, taught) or asked.names != taught.names:
        return False
    verbs = frozenset(w for w in asked.schema_words & table_words if said_as_verb(w, asked))
    if not asked.schema_words <= taught.sql_words | taught.schema_words | verbs:
        return False
    if not _same_focus(asked, taught) or asked.dimensions != taught.dimensions:
        return False
    if not ranked_by_agree(asked, taught) and asked.ranked_by & asked.schema_words:
        return False        # ranked by another thing the schema names ("top 3 shows by episodes")
    # a taught table or column noun left out must be said otherwise, in a word the schema
    # does not spell: "the longest boat" drops the owners of "the owner with the most boats"
    # (a verb may go unsaid: "tonnage from Barossa growers" was delivered)
    dropped = taught.schema_words - asked.content
    extra = asked.content - taught.content - asked.schema_words - asked.dimensions
    if len({w for w in dropped if not said_as_verb(w, taught)}) > len(extra):
        return False
    # ... but not in another verb: "products removed" are not the "products added" taught
    if any(said_as_verb(w, taught) for w in dropped) and any(said_as_verb(w, asked) for w in extra):
        return False
    return bool((asked.content & taught.content) - asked.dimensions or asked.slots)


def _same_focus(asked: Shape, taught: Shape) -> bool:
    """Whether what ``asked`` counts and groups by is what ``taught`` does, or a word the
    schema does not spell ("how many times" for "how many ascents"): "how many members
    climbed" counts members, not the ascents taught."""
    taught_focus = dict(taught.focus)
    return all(taught_focus.get(guard) in (None, word) or word not in asked.schema_words
               for guard, word in asked.focus)
