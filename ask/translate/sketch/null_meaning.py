"""What a column's description says its NULL means, as words a question may use.

``COMMENT ON COLUMN players.team_id IS 'null for free agents'`` makes "free agents" the players
whose ``team_id`` IS NULL; ``'null until the match is played'`` makes "played" matches those
whose column IS NOT NULL; ``'null while the repair is open'`` makes "open" repairs IS NULL. The
phrase is the description's words after the connective (after its verb, when it has one: "the
match is played" -> "played"); "for", "while", "when", "if" say the phrase holds where the column
is NULL, "until", "unless", "before" where it is not. A "not", "no" or "never" just before the
phrase in the question turns the condition round. Such a phrase is what the schema says the
words mean, so it replaces any other name those words spell (a verb "played" that would name
``players``). The end date of a row's span is left to the reader's own "still open" and "ended"
(:func:`.measures.span`), which its description only repeats.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ask.schema import Column, SchemaContext, Table, short_type
from ask.translate.sketch.measures import span
from ask.translate.sketch.names import Mention
from ask.translate.sketch.spelling import Parts, qualified
from ask.translate.sketch.vocabulary import sing, use

_MEANING = re.compile(r"\bnull\s+(for|while|when|if|until|unless|before)\s+([a-z][a-z' ]*)")
_HOLDS_WHEN_NULL = frozenset(("for", "while", "when", "if"))
_VERBS = frozenset(("is", "are", "was", "were", "has", "have", "been", "gets", "get", "becomes"))
_ARTICLES = frozenset(("the", "a", "an", "its", "their", "it", "they"))
_NOT = frozenset(("not", "no", "never", "non"))


@dataclass(frozen=True, slots=True)
class NullMention(Mention):
    """A mention made by a description's phrase: the column is NULL (or not) where it holds."""

    is_null: bool = True


def null_mentions(words: list[str], mentions: list[Mention], schema: SchemaContext) -> list[Mention]:
    """``mentions`` with the spans a NULL meaning's phrase spells read as that meaning only."""
    meanings = schema.derived("sketch.null_meanings", _meanings)
    if not meanings:
        return mentions
    flat = [sing(w) for w in words]
    found: list[Mention] = []
    for phrase, table, column, is_null, names_rows in meanings:
        if not names_rows and not any(m.table is table and m.column is None for m in mentions):
            continue        # "played" of matches says nothing in "players who never played a map"
        for start in range(len(flat) - len(phrase) + 1):
            if tuple(flat[start:start + len(phrase)]) == phrase:
                found.append(NullMention(table, column, start, start + len(phrase), False, is_null))
    if not found:
        return mentions
    taken = {i for m in found for i in range(m.start, m.end)}
    return found + [m for m in mentions if not taken & set(range(m.start, m.end))]


# "with no email", "without a phone", "missing a due date": the determiner that says the row has
# none of the column's value; an article may follow it.
_NONE_OF = frozenset(("no", "without", "missing", "lacking"))
_ARTICLE = frozenset(("a", "an", "any"))


def absent_values(words: list[str], mentions: list[Mention], links: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """``mentions`` with "patrons with no email" read as ``email IS NULL``: "no" (or "without",
    "missing") right before a nullable column, not a yes/no one, of a table the question names
    as its rows; the determiner is no name itself (not the "no." of a number), so the mention it
    makes goes. A table after the cue is left to the anti-join ("customers with no orders");
    ``links``: the spans of stored values, which the cue may be part of."""
    out = list(mentions)
    tables = {id(m.table) for m in mentions if m.column is None}
    for i, w in enumerate(words[:-1]):
        if w not in _NONE_OF or words[i + 1] == "of" or any(a <= i < b for a, b in links):
            continue
        at = i + 2 if words[i + 1] in _ARTICLE else i + 1
        here = [m for m in out if m.start == at]
        if not here or any(m.column is None for m in here):
            continue
        longest = max(m.end for m in here)
        found = [m for m in here if m.end == longest and m.column is not None and m.column.nullable
                 and short_type(m.column.type) != "bool" and id(m.table) in tables
                 and type(m) is Mention]
        if len(found) != 1:
            continue
        m = found[0]
        out = [x for x in out if x.end <= i or x.start >= m.end] + [NullMention(m.table, m.column, i, m.end, False, True)]
    return out


# What may follow "with an email" when the column's value itself is not compared: the end of
# the question or of its clause.
_CLAUSE_END = frozenset(("and", "in", "on", "from", "who", "that", "which", "at", "for", "by"))


def present_values(words: list[str], mentions: list[Mention], links: Sequence[tuple[int, int]] = ()) -> list[Mention]:
    """``mentions`` with "patrons with an email", "how many patrons have a phone" read as the
    column IS NOT NULL: "with"/"have"/"has" and an article right before a nullable column, not a
    yes/no one, of a table the question names as its rows, where nothing about the column's value
    follows (the question or its clause ends: not "with a price over 50")."""
    out = list(mentions)
    tables = {id(m.table) for m in mentions if m.column is None}
    for i, w in enumerate(words[:-2]):
        if w not in ("with", "have", "has") or words[i + 1] not in ("a", "an") or any(a <= i < b for a, b in links):
            continue
        here = [m for m in out if m.start == i + 2]
        if not here or any(m.column is None for m in here):
            continue
        longest = max(m.end for m in here)
        found = [m for m in here if m.end == longest and m.column is not None and m.column.nullable
                 and short_type(m.column.type) != "bool" and id(m.table) in tables and type(m) is Mention]
        if len(found) != 1 or (longest < len(words) and words[longest] not in _CLAUSE_END):
            continue
        m = found[0]
        nots = [j for j in range(max(0, i - 2), i) if words[j] in _NOT or words[j].endswith("n't")]
        start = nots[0] if nots else i + 1      # "who don't have an email": where it is empty
        out = [x for x in out if x.end <= start or x.start >= m.end] + [
            NullMention(m.table, m.column, start, m.end, False, bool(nots))]
    return out


def null_filters(words: list[str], used: list[bool], mentions: Sequence[Mention], parts: Parts) -> None:
    """Each NULL meaning the question says, as its condition; "not played" the other way round."""
    for m in mentions:
        if not isinstance(m, NullMention) or used[m.start] or m.column is None:
            continue
        negated = m.start > 0 and words[m.start - 1] in _NOT
        is_null = m.is_null != negated
        parts.filters.append(f"{qualified(m.table, m.column)} IS {'' if is_null else 'NOT '}NULL")
        parts.filter_tables.append(m.table)
        use(used, m.start - 1 if negated else m.start, m.end)


def _meanings(schema: SchemaContext) -> tuple[tuple[tuple[str, ...], Table, Column, bool, bool], ...]:
    """(phrase, table, column, NULL where it holds, the phrase names the rows: 'null *for* free
    agents'; else it says their state, read only where the question names the table too)."""
    out = []
    for table in schema.tables:
        for column in table.columns:
            ends = span(table)
            if column.comment and column.nullable and (ends is None or ends[1] is not column):
                found = phrase_of(column.comment)
                if found is not None:
                    names_rows = re.search(r"\bnull\s+for\b", column.comment.lower()) is not None
                    out.append((found[0], table, column, found[1], names_rows))
    return tuple(out)


@functools.lru_cache(maxsize=1 << 12)
def phrase_of(comment: str) -> tuple[tuple[str, ...], bool] | None:
    """("free", "agent"), True for 'null for free agents'; ("played",), False for 'null until
    the match is played'; None where the description says no such thing."""
    found = _MEANING.search(comment.lower())
    if found is None:
        return None
    words = found.group(2).split()
    verbs = [i for i, w in enumerate(words) if w in _VERBS]
    negated = False
    if verbs:
        # "null while the report has not been sent": the phrase holds where it is NOT null
        negated = any(w in _NOT or w.endswith("n't") for w in words[:verbs[-1] + 1])
        words = words[verbs[-1] + 1:]
    words = [sing(w) for w in words if w not in _ARTICLES]
    if not 0 < len(words) <= 3:
        return None
    return tuple(words), (found.group(1) in _HOLDS_WHEN_NULL) != negated
