"""What taught examples say this user's words mean on this schema: the reader's one input from
them (built by :mod:`ask.translate.taught_lexicon`).

A :class:`TaughtLexicon` holds word sequences (singular, as :mod:`.names` compares them) that
the schema's own names and descriptions do not spell, each with what one taught question used
it for: a table ("patrons" -> ``members``), a column or an expression of one table ("billed"
-> ``sum(charges.amount)``, a :class:`~.measures.Measure` when it is an expression or was summed
without an aggregate word), or a filter ("overdue" -> ``loans.due_date < current_date``). The
reader looks names up before the schema's index (an entry spells what the index lacks, or a
word whose schema spelling taught SQL contradicted: "sales" for the revenue sum where the
schema's descriptions say regions) and applies filters before reading the rest, so a question
that uses none of these words reads as before.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ask.context.related_words import verb_forms
from ask.schema import Column, Table, short_type

from ask.translate.sketch.measures import Measure
from ask.translate.sketch.names import Mention
from ask.translate.sketch.spelling import Parts, ident
from ask.translate.sketch.vocabulary import find, sing, stem, use


@dataclass(frozen=True, slots=True)
class TaughtFilter:
    table: Table
    condition: str          # spelt over the table's own name, as the reader spells filters


@dataclass(frozen=True, slots=True)
class TaughtLexicon:
    names: Mapping[tuple[str, ...], tuple[tuple[Table, Column | None], ...]] = field(default_factory=dict)
    filters: Mapping[tuple[str, ...], TaughtFilter] = field(default_factory=dict)
    # Words (singular) taught questions used where their SQL, reading one table, needed nothing
    # ("ended up being captured"): a reading that leaves them unplaced still covers them.
    idle: frozenset[str] = frozenset()
    digest: str = ""        # what the entries are, for keys of what is cached from a reading
    # Table -> conditions a sum of its columns implies ("revenue" of order lines counts
    # completed orders only): every taught SQL summing them added them unasked.
    implied: Mapping[str, tuple[TaughtFilter, ...]] = field(default_factory=dict)
    # Table -> the date column taught periods ("last month") were on, where always the same.
    dates: Mapping[str, str] = field(default_factory=dict)
    # Pairs of tables taught SQL joins: of two equally short join paths, the taught one.
    joins: frozenset[frozenset[str]] = frozenset()
    # Filter words the schema's names spell too, taught where the SQL meant the filter instead
    # ("overdue" loans, not their late fee): they go before the schema's spelling.
    overriding: frozenset[tuple[str, ...]] = frozenset()
    # A measure the schema implies (by its expression) -> what taught SQL computed where its
    # question said a word spelling that guess ("revenue" as ``sum(chrg_amt)``, not
    # ``chrg_qty * chrg_amt``): the guess is wrong on this schema under any of its words
    # ("income", "takings", "spend").
    corrected: Mapping[str, tuple[Table, Column]] = field(default_factory=dict)
    # Table name -> (table, the text column taught SQL shows its rows by where the question
    # names the table: ``svc_desc`` for "services", where the schema's naming would show the
    # category code): the reader names that table's rows by it in every question.
    labels: Mapping[str, tuple[Table, Column]] = field(default_factory=dict)
    # (table, table) -> the join path taught SQL took between them (the tables joined, each
    # with its key's condition), two keys or more: a question naming both ends is joined so.
    paths: Mapping[tuple[str, str], tuple[tuple[Table, str], ...]] = field(default_factory=dict)
    # Idle word -> the tables the SQL of the examples it was idle in read: it is idle only in a
    # reading of one of them (a word absent here is idle in any).
    idle_tables: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.names or self.filters or self.idle or self.implied or self.dates
                    or self.joins or self.corrected or self.labels or self.paths)


# A taught expression that is a length of time (an age, a difference of dates, a part of one).
_LENGTH = re.compile(r"\b(?:AGE|DATE_PART|EXTRACT)\s*\(|\b(?:current_date|now\(\))\s*-", re.IGNORECASE)
# Words that ask for a length of time ("how *long*", "how many *years*", "*age*", "*tenure*").
_LENGTH_WORDS = frozenset(("long", "longest", "shortest", "time", "duration", "age", "old", "oldest",
                           "newest", "tenure", "length", "year", "month", "week", "day", "hour",
                           "minute", "since"))


def idle_words(lexicon: TaughtLexicon | None, sql: str) -> frozenset[str]:
    """The taught idle words a reading spelt ``sql`` covers: each where the reading reads a
    table the SQL of an example it was idle in read ("bought PT" beside the PT packages, not
    in a reading of members alone)."""
    if not lexicon or not lexicon.idle:
        return frozenset()
    read = {ident(t) for w in lexicon.idle for t in lexicon.idle_tables.get(w, ())}
    found = {t for t in read if re.search(rf"(?:FROM|JOIN) {re.escape(t)}(?:\s|$)", sql)}
    return frozenset(w for w in lexicon.idle if w not in lexicon.idle_tables
                     or any(ident(t) in found for t in lexicon.idle_tables[w]))


def said_names(words: list[str], lexicon: TaughtLexicon | None,
               names: Mapping[tuple[str, ...], Sequence[Any]] | None = None
               ) -> Mapping[tuple[str, ...], Sequence[Any]] | None:
    """The taught names a question may use: an example speaks only for what its words ground.
    A length of time taught for a verb ("how many years have we *owned* Harbor View" as the age
    of ``acquired_on``) is that verb's only with the length asked: the verb says the event
    (owning began), the unit says the length, so a question is given them only with a length
    asked ("how many cities do we *own* buildings in" asks no age). ``names``: the entries a
    reading looks up instead of the lexicon's own (words placed by sense beside them)."""
    if not lexicon:
        return names
    base = lexicon.names if names is None else names
    if any(sing(w) in _LENGTH_WORDS for w in words):
        return base
    return {key: entries for key, entries in base.items()
            if key not in lexicon.names
            or not any(isinstance(c, Measure) and _LENGTH.search(c.expr) for _, c in lexicon.names[key])}


def taught_modifiers(words: list[str], mentions: list[Mention], lexicon: TaughtLexicon | None
                     ) -> list[Mention]:
    """``mentions`` without a taught table name said right before another table's own noun:
    there it qualifies that noun ("top 3 *downtime* reasons": the reasons of downtime events,
    where "downtime" was taught for ``mes_downtime_event`` from "downtime minutes by reason"),
    as the reader reads a part of a joined table's name before another table's rows; taken as
    the rows themselves, the question would rank downtime events."""
    if not lexicon or not lexicon.names:
        return mentions
    heads = {(m.start, id(m.table)) for m in mentions if m.column is None}

    def modifier(m: Mention) -> bool:
        if m.column is not None:
            return False
        entries = lexicon.names.get(tuple(sing(w) for w in words[m.start:m.end]), ())
        return any(t is m.table and c is None for t, c in entries) \
            and any(start == m.end and other != id(m.table) for start, other in heads)
    return [m for m in mentions if not modifier(m)]


def corrected_measures(mentions: list[Mention], lexicon: TaughtLexicon | None) -> list[Mention]:
    """``mentions`` with every implied measure taught SQL contradicted replaced by what it
    computed (:attr:`TaughtLexicon.corrected`); a question that says none reads as before."""
    if not lexicon or not lexicon.corrected:
        return mentions
    out = []
    for m in mentions:
        fix = lexicon.corrected.get(getattr(m.column, "expr", "")) if isinstance(m.column, Measure) else None
        out.append(replace(m, table=fix[0], column=fix[1]) if fix is not None and fix[0] is m.table else m)
    return out


def taught_filters(words: list[str], used: list[bool], parts: Parts,
                   lexicon: TaughtLexicon | None, named: frozenset[int] = frozenset()
                   ) -> list[tuple[int, int]]:
    """Add the filters whose words the question spells (unused ones, none a word the schema's
    names claim: ``named``, unless taught over them; longest first); their spans, which no
    name may then claim."""
    if not lexicon or not lexicon.filters:
        return []
    flat = [sing(w) for w in words]
    spans: list[tuple[int, int]] = []
    for key in sorted(lexicon.filters, key=len, reverse=True):
        at = find(flat, key)
        if at < 0 and _inflected(key, lexicon):
            # "collecting" for a taught "collected" (its base form a key too); a word taught
            # in its base form only ("open matters") is no other form's ("matters *opened*
            # in the last 90 days" is no open matter)
            at = find([stem(w) for w in flat], key)
        if at < 0 or any(used[at:at + len(key)]) or key not in lexicon.overriding \
                and named.intersection(range(at, at + len(key))):
            continue
        taught = lexicon.filters[key]
        parts.filters.append(taught.condition)
        parts.filter_tables.append(taught.table)
        happened = _happened_on(taught)
        if happened is not None:
            # "fees collected last month": the period dates the event the word says happened
            parts.taught_dates[taught.table.name] = happened
        use(used, at, at + len(key))
        spans.append((at, at + len(key)))
    return spans


def _inflected(key: tuple[str, ...], lexicon: TaughtLexicon) -> bool:
    """Whether ``key`` is the base form of another form of it taught too ("collect" of a taught
    "collected")."""
    return any(other != key and (tuple(stem(w) for w in other) == key
                                 or len(key) == len(other) == 1 and key[0] in verb_forms(other[0]))
               for other in lexicon.filters)


_HAPPENED = re.compile(r'^(?:"?[^".\s]+"?\.)?"?([^".\s]+)"? IS NOT NULL$', re.IGNORECASE)


def _happened_on(taught: TaughtFilter) -> str | None:
    """The date column a taught filter says is set ("collected": ``paid_on IS NOT NULL``): the
    day the event the word names happened, which a period said with it is on."""
    m = _HAPPENED.match(taught.condition.strip())
    column = taught.table.column(m.group(1)) if m else None
    return column.name if column is not None and short_type(column.type) in ("date", "timestamp") \
        else None


def implied_filters(parts: Parts, lexicon: TaughtLexicon | None) -> None:
    """Add what a sum over a table implies (:attr:`TaughtLexicon.implied`) to a reading that
    sums that table's columns (a target, or the ranking), unless it filters the condition's
    column already ("revenue of cancelled orders")."""
    if not lexicon or not lexicon.implied:
        return
    summed = {t.name for agg, t, c in parts.selects if agg in ("sum", "share") and c is not None}
    if parts.order is not None and parts.order[0].startswith("sum("):
        summed |= {name for name in lexicon.implied if f"{ident(name)}." in parts.order[0]}
    for name in sorted(summed):
        for taught in lexicon.implied.get(name, ()):
            column = taught.condition.split(" ", 1)[0]
            if not any(column in f for f in parts.filters):
                parts.filters.append(taught.condition)
                parts.filter_tables.append(taught.table)


_NULL_TEST = re.compile(r'^(.+?) IS (NOT )?NULL$', re.IGNORECASE)
_EQUALS = re.compile(r"^(.+?) = ('(?:[^']|'')*'|-?\d+(?:\.\d+)?)$")


def drop_contradicted(parts: Parts, lexicon: TaughtLexicon | None) -> None:
    """Take back a taught filter that another condition of the reading contradicts: "how many
    days were *closed* matters *open*" with "open" taught as ``closeddate IS NULL`` beside the
    reader's own ``closeddate IS NOT NULL`` for "closed" would select nothing. The taught word
    is the one said in another sense here (the reading's own conditions come from the schema
    and the values the question names)."""
    if not lexicon or not (lexicon.filters or lexicon.implied):
        return
    taught = {f.condition for f in lexicon.filters.values()}
    taught.update(f.condition for fs in lexicon.implied.values() for f in fs)
    own = [f for f in parts.filters if f not in taught]
    parts.filters = [f for f in parts.filters
                     if f not in taught or not any(_contradict(f, g) for g in own)]


def _contradict(a: str, b: str) -> bool:
    """Whether two conditions (each a conjunction of simple tests) cannot both hold: one
    column tested NULL and NOT NULL, or equal to two different constants."""
    for x in _conjuncts(a):
        for y in _conjuncts(b):
            nx, ny = _NULL_TEST.match(x), _NULL_TEST.match(y)
            if nx and ny and nx.group(1) == ny.group(1) and bool(nx.group(2)) != bool(ny.group(2)):
                return True
            ex, ey = _EQUALS.match(x), _EQUALS.match(y)
            if ex and ey and ex.group(1) == ey.group(1) and ex.group(2) != ey.group(2):
                return True
    return False


def _conjuncts(condition: str) -> list[str]:
    """The tests of a condition joined by AND outside quotes; a condition with OR is one test
    of its own."""
    if " OR " in condition.upper():
        return [condition.strip()]
    return [c.strip() for c in re.split(r"\s+AND\s+(?=(?:[^']*'[^']*')*[^']*$)", condition, flags=re.IGNORECASE)]
