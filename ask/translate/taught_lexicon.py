"""The taught lexicon: what a role's taught examples say its words mean on its schema.

A taught (question, SQL) pair shows how this user's words map onto this schema: which table a
noun means ("patrons" for ``members``), which column or expression a measure word means
("billed" for ``sum(charges.amount)``), which filter a phrase means ("overdue" for
``loans.due_date < current_date``). Each pair is *aligned*: the question's words the plain
reader already places (the schema's names and descriptions, unless they name only tables the SQL
neither reads nor keys to; linked values, numbers, the English cue words of
:mod:`ask.translate.sketch.vocabulary`) are set aside, and so are the parts of the
SQL those explain (tables and columns named, constants the question states, whole or two of
their words in a row, periods it says, join conditions, a row's name shown). What is left on each side is aligned only when it is one
run of words against one SQL element; anything else (two unexplained runs, a subquery, a set
operation) teaches nothing, and a word two examples align differently is dropped. A wrong entry
would move every later reading of that word, so the rules keep only the unambiguous. The noun a
count counts names the counted table, also per group ("journals with over 30 *papers*", "the
most *papers*"); a word taught in one form of a verb is taught in its base form ("spent":
"spend", "spending"). A run of words that are all parts of the name of one table the SQL
reads names that table ("*downtime* minutes by reason" for ``mes_downtime_event``, a compound the
schema's naming does not take apart), whatever the SQL computes from its rows. A measure the
schema only implies (:mod:`~ask.translate.sketch.measures`: "revenue" guessed as ``qty * amt``)
is no name of the schema's own: where the taught SQL reads other columns for its word, the word
is taught, and the guess is corrected under every word that spells it ("income", "takings":
:func:`corrected_guesses`). The text column taught SQL shows a named table's rows by
("services" listed by ``svc_desc`` where the schema's naming would take the category code) is
that table's label in every reading (:func:`taught_labels`).
A question states a condition, so no word left means it, where the schema's comment pairs its
constant with a word asked ("1 emergency" for ``priority = 1``), where it compares two columns
the question names ("paid after the due date"), or where it is a yes/no column the question
names, negated or not ("no queen": ``NOT queen_seen``); a negative condition beside a negation
said ("haven't been paid") teaches nothing, and nor does an expression holding a string
constant (the share of one category). A birth date compared with today is an age, no period's
date; a column is the same attribute of another table only where no comments say otherwise.
The join path taught SQL took between two tables along keys (two keys or more, every example
joining both agreeing) is the reader's path between them where a question names both ends
(:func:`taught_paths`): a placement's consultant four keys away, past the three the reader takes.

The result (:class:`~ask.translate.sketch.taught.TaughtLexicon`) is the reader's one input from
examples; :func:`taught_lexicon` builds it once per (example index, schema version): an index
stands for one digest of the rows a role may read, so a TEACH or a change to the table gives a
new index and a new lexicon.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from ask.context.examples import MAX_EXAMPLES, Example, ExampleIndex
from ask.context.refusal import english
from ask.context.related_words import IRREGULAR, abbreviates, looks_abbreviated, verb_forms
from ask.context.value_linking import ValueMatch, identifier_words, link_values, normalise
from ask.schema import Column, SchemaContext, Table, short_type
from ask.translate.sketch import question_words, spelt_links
from ask.translate.sketch.filters import period_words
from ask.translate.sketch.measures import ENDED, Measure
from ask.translate.sketch.measures import span as span_of
from ask.translate.sketch.names import (Mention, find_mentions, name_column, name_index, own_name_column,
                                        shown_names, spellings)
from ask.translate.sketch.spelling import fk_edges, ident
from ask.translate.sketch.taught import TaughtFilter, TaughtLexicon
from ask.translate.sketch.vocabulary import (AGE_WORDS, AGGREGATES, MONEY_COMPARISONS,
                                             MONEY_SUPERLATIVES, ASC_WORDS, COMPARATORS, COUNT_FRAMES,
                                             DESC_WORDS, FILLER, GROUP_FRAMES, HARMLESS,
                                             NEGATIONS, ORDER_FRAMES, PERIODS, SUPERLATIVES,
                                             UNIT_NOUNS, find, is_number, name_words, sing)
from engines.lru import LRU

log = logging.getLogger(__name__)

# Words that carry a question's shape or nothing: never what a taught entry is about.
_CUES = frozenset(FILLER | HARMLESS | UNIT_NOUNS | DESC_WORDS | ASC_WORDS | NEGATIONS
                  | set(AGGREGATES) | set(SUPERLATIVES) | set(PERIODS)
                  | {w for p, _ in COMPARATORS for w in p} | {w for p in COUNT_FRAMES for w in p}
                  | {w for p in GROUP_FRAMES for w in p} | {w for p in ORDER_FRAMES for w in p}
                  | set("""how many much never no none without than more less most least fewer
                  ever same first last top bottom today yesterday ago since until during
                  between recent recently again who order sorted ordered descending ascending
                  each per percent percentage share proportion ratio fraction time times
                  we've we're we'd i've i'm i'd you've you're they've they're whats
                  vs versus compared compare outside rate""".split())
                  | set(MONEY_COMPARISONS) | set(MONEY_SUPERLATIVES) | set(AGE_WORDS)
                  | {f"{p}s" for p in PERIODS} | {"quarterly", "monthly", "weekly", "daily",
                                                  "yearly", "annual", "annually"})
_DATE_FUNCTIONS = ("current_date", "current_timestamp", "now", "interval", "date_trunc",
                   "extract", "localtimestamp")
# Longest run of words one entry may hold.
MAX_WORDS = 3
# The newest examples aligned per lexicon (about 2-20 ms each on a busy 2-core VM, then
# memoised): bounds the first build after a schema change.
MAX_ALIGNED = 1000


@dataclass(frozen=True, slots=True)
class Alignment:
    """One run of a taught question's words and what its SQL used it for."""
    words: tuple[str, ...]                # singular, as the reader compares them
    table: Table
    column: Column | None = None          # None with no condition: the table itself
    condition: str | None = None          # a filter, spelt over the table's name


def taught_lexicon(examples: ExampleIndex, schema: SchemaContext) -> TaughtLexicon:
    """The lexicon of the examples in ``examples`` for ``schema`` (built once per both)."""
    return examples.derived("taught_lexicon", schema, lambda: build(examples.examples(), schema))


def build(examples: Iterable[Example], schema: SchemaContext) -> TaughtLexicon:
    """Every unambiguous alignment of ``examples`` on ``schema``; a run of words aligned two
    ways by two examples teaches nothing, nor is a word aligned anywhere idle. Conditions that
    every example summing a table's columns adds unasked (:func:`implied_filters`) are that
    sum's, not any word's."""
    newest = sorted(examples, key=lambda e: -e.id)[:MAX_ALIGNED]
    readable = [(e, f) for e, f in ((e, _example_facts(e, schema)) for e in newest) if f is not None]
    implied = implied_filters([f for _, f in readable])
    dates = period_dates([f for _, f in readable])
    joins = frozenset(pair for _, f in readable for pair in f.joins)
    paths = taught_paths(f for _, f in readable)
    found: dict[tuple[str, ...], set[tuple[str, str, str]]] = {}
    kept: dict[tuple[str, ...], Alignment] = {}
    votes: dict[tuple[str, ...], int] = {}
    idle: set[str] = set()
    idle_tables: dict[str, frozenset[str]] = {}
    index = schema.derived("sketch.names", name_index)
    labels = taught_labels(newest, schema)
    for example, facts in readable:
        given = frozenset(f.condition for table in facts.summed for f in implied.get(table, ()))
        aligned = _align(facts, given)
        if aligned is None:
            continue
        if not facts.joins and not facts.compared:
            # a word a joining SQL needed nothing for is the join's verb ("languages spoken
            # in a country"): it relates those two tables, and is no filler elsewhere
            # ("predominantly spoken" asks for the largest share)
            idle.update(aligned.idle)
            # ... and idle only beside the table that SQL read: "how many members have
            # *bought PT*" counted the PT packages' members, so a reading of members alone
            # ("members from the Clifton gym who bought PT") has not read those words
            for w in aligned.idle:
                idle_tables[w] = idle_tables.get(w, frozenset()) | facts.read_tables
        for a in (*aligned.alignments, *facts.table_words):
            # a word the schema's names spell too is taught only where its SQL contradicts them
            found.setdefault(a.words, set()).add(_identity(a))
            kept[a.words] = a
            votes[a.words] = votes.get(a.words, 0) + 1
    names: dict[tuple[str, ...], tuple[tuple[Table, Column | None], ...]] = {}
    filters: dict[tuple[str, ...], TaughtFilter] = {}
    exact = schema.derived("taught_lexicon.exact", exact_names)
    for words, a in kept.items():
        if len(found[words]) != 1 or words in exact and votes[words] < 2:
            # a table's or column's own name ("paid" for ``lesson_booking.paid``) is taught
            # over only by two examples that agree: one may have aligned it with the wrong
            # element of its SQL, and the name would then mean that everywhere
            continue
        if a.condition is not None:
            filters[words] = TaughtFilter(a.table, a.condition)
        else:
            names[words] = ((a.table, a.column), *same_attribute(a, schema))
    idle -= {w for key in found for w in key}
    # a word the schema's names place means what they say, even where one taught SQL read no
    # column it names ("the biggest active *award*": ``award_number``): never idle
    idle = {w for w in idle if not find_mentions([w], schema)}
    # a filter word the schema's names spell too was taught where its SQL contradicted them
    overriding = frozenset(key for key in filters if find_mentions(list(key), schema))
    corrected = corrected_guesses(names, schema)
    digest = hashlib.sha256(repr((sorted((w, _identity(kept[w])) for w in (*names, *filters)),
                                  sorted(idle), sorted((t, [f.condition for f in fs])
                                                       for t, fs in implied.items()),
                                  sorted(dates.items()), sorted(sorted(p) for p in joins),
                                  sorted((e, _identity(Alignment((), *c))) for e, c in corrected.items()),
                                  sorted((t, c.name) for t, (_, c) in labels.items()),
                                  sorted((e, [c for _, c in p]) for e, p in paths.items())
                                  )).encode()).hexdigest()[:12]
    # (after the digest: a base form is derived from its entry, which the digest holds)
    _add_base_forms(names, schema)
    _add_base_forms(filters, schema)
    return TaughtLexicon(names, filters, frozenset(idle), digest if names or filters or idle
                         or implied or dates or joins or labels or paths else "", implied, dates, joins,
                         overriding, corrected, labels, paths,
                         {w: t for w, t in idle_tables.items() if w in idle})


def taught_labels(examples: Sequence[Example], schema: SchemaContext) -> dict[str, tuple[Table, Column]]:
    """Table name -> the text column taught SQL shows that table's rows by, where its question
    names the table (:func:`_shown_label`): "services" listed by ``svc_desc``, "patients per
    species" grouped by ``spcs_desc``. Kept where every example that shows the table's rows
    agrees and the column is not the schema's own naming already; against a column the schema
    spells as a row's name (``name``, ``title``, ``…_name``, first and last names), only where
    two examples agree: one may show another column for a reason its words do not say."""
    votes: dict[str, dict[str, int]] = {}
    tables: dict[str, Table] = {}
    for example in examples:
        found = _example_label(example, schema)
        if found is not None:
            table, column = found
            tables[table.name] = table
            votes.setdefault(table.name, {}).setdefault(column.name, 0)
            votes[table.name][column.name] += 1
    out: dict[str, tuple[Table, Column]] = {}
    for name, counts in sorted(votes.items()):
        if len(counts) != 1:
            continue
        table = tables[name]
        ((column_name, n),) = counts.items()
        label = table.column(column_name)
        if label is None or label is name_column(table):
            continue
        own = own_name_column(table)
        if (own is not None or len(shown_names(table)) > 1) and n < 2:
            continue
        out[name] = (table, label)
    return out


_LABELS: LRU[tuple[str, str, str], tuple[SchemaContext, tuple[Table, Column] | None]] = LRU(2 * MAX_EXAMPLES)


def _example_label(example: Example, schema: SchemaContext) -> tuple[Table, Column] | None:
    return _per_example(_LABELS, example, schema, _shown_label, "no label")


def _shown_label(question: str, sql: str, schema: SchemaContext) -> tuple[Table, Column] | None:
    """The (table, column) a taught SQL shows a table's rows by: its first output column (or
    a GROUP BY key beside an aggregate of another table), a text column, no key, of a table
    the question names by a word for the table itself ("services", "species"), where no word
    of the question names that column ("what *breed* is Kiwi" names ``pat_breed_nm``). Only
    the outer query is read (its subqueries filter, they show nothing)."""
    words = question_words(question)
    tree = sqlglot.parse_one(sql, read="postgres")
    if not isinstance(tree, exp.Select) or not tree.expressions:
        return None
    sources = [tree.args.get("from_") or tree.args.get("from"), *(tree.args.get("joins") or [])]
    tables: dict[str, Table] = {}
    for source in sources:
        node = source.this if source is not None else None
        if not isinstance(node, exp.Table):
            return None
        table = schema.table(node.name, node.db) if node.db else schema.table(node.name)
        if table is None:
            table = schema.table(node.name.lower())
        if table is None:
            return None
        tables[node.alias_or_name] = table
        tables[node.name] = table
    first = tree.expressions[0]
    first = first.this if isinstance(first, exp.Alias) else first
    group = tree.args.get("group")
    if group is not None:
        # a grouped listing shows its groups' label: the one key, the first output column
        if len(group.expressions) != 1 or not isinstance(first, exp.Column) \
                or first.name != getattr(group.expressions[0], "name", None):
            return None
    elif any(isinstance(p, exp.AggFunc) or p.find(exp.AggFunc) for p in tree.expressions):
        return None
    if not isinstance(first, exp.Column):
        return None
    table = tables.get(first.table) if first.table else _owner(first.name, tables)
    column = _column(table, first.name) if table is not None else None
    if table is None or column is None or short_type(column.type) != "text" \
            or column.name in table.primary_key or any(fk.columns == (column.name,) for fk in table.foreign_keys):
        return None
    links = spelt_links(words, link_values(" ".join(question.split()), schema))
    mentions = find_mentions(words, schema, links)
    # the table named by its own word, or by its key's ("species": ``vet_spcs_cd.spcs_cd``)
    if not any(m.table is table and (m.column is None or m.column.name in table.primary_key) for m in mentions):
        return None
    if any(m.table is table and m.column is not None and getattr(m.column, "name", None) == column.name
           for m in mentions) or any(link.column == column.name and link.table.rsplit(".", 1)[-1] == table.name
                                     for link in links if link.exact):
        return None
    if group is not None:
        aggregated = _aggregated(tree, tables)
        if not aggregated or table.name in aggregated:
            return None      # a key of the table aggregated is a dimension of its rows ("donors by blood type")
    return table, column


def corrected_guesses(names: dict[tuple[str, ...], tuple[tuple[Table, Column | None], ...]],
                      schema: SchemaContext) -> dict[str, tuple[Table, Column]]:
    """Implied measure (its expression) -> the taught column or expression of its table that a
    taught word spelling it was aligned with instead ("revenue": ``sum(chrg_amt)`` where the
    schema's guess is ``chrg_qty * chrg_amt``): that guess is wrong on this schema, so every
    word spelling it means the taught one. Only a guess (:class:`Measure`), never a name the
    schema spells itself; a guess two entries correct differently is left as it is."""
    found: dict[str, set[tuple[str, str, str]]] = {}
    out: dict[str, tuple[Table, Column]] = {}
    for key, entries in names.items():
        table, column = entries[0]
        if column is None:
            continue
        taught = getattr(column, "expr", "") or column.name
        for m in find_mentions(list(key), schema):
            if m.table is table and isinstance(m.column, Measure) and m.column.expr != taught:
                found.setdefault(m.column.expr, set()).add(_identity(Alignment(key, table, column)))
                out[m.column.expr] = (table, column)
    return {expr: c for expr, c in out.items() if len(found[expr]) == 1}


def exact_names(schema: SchemaContext) -> frozenset[tuple[str, ...]]:
    """The word sequences (singular) that spell a table's or a column's own name: not its
    description, nor a measure the schema implies, nor a related word."""
    out: set[tuple[str, ...]] = set()
    for table in schema.tables:
        out.update(spellings(table.name))
        for column in table.columns:
            out.update(spellings(column.name, table.name))
    return frozenset(tuple(sing(w) for w in key) for key in out)


def _add_base_forms(entries: dict[tuple[str, ...], Any], schema: SchemaContext) -> None:
    """Each one-word entry said as a verb form ("spent", "collected") under its base form too
    ("spend", "collect"; the reader also looks up a word's stem, so "spending" finds it): the
    same user says the same thing in another tense. Not a form another entry has, nor one the
    schema's names spell otherwise: a form they spell may only be narrowed to one of its own
    readings ("spend", any money column, to the one the taught SQL summed)."""
    for key in list(entries):
        if len(key) != 1:
            continue
        word = key[0]
        if not (word in IRREGULAR or word.endswith(("ed", "ing"))):
            continue
        for form in verb_forms(word):
            alt = (form,)
            if len(form) <= 2 or alt in entries or form not in english():
                continue
            mentions = find_mentions([form], schema)
            if not mentions or isinstance(entries[key], tuple) and all(
                    any(m.table is t and _same_column(m.column, c) for m in mentions)
                    for t, c in entries[key][:1]):
                entries[alt] = entries[key]


def _same_column(a: Column | None, b: Column | None) -> bool:
    """Whether two readings are of one column or expression (a measure by its expression)."""
    if a is None or b is None:
        return a is b
    return (getattr(a, "expr", "") or a.name) == (getattr(b, "expr", "") or b.name)


def taught_words(lexicon: TaughtLexicon | None) -> frozenset[str]:
    """The words (singular) the lexicon's names and filters say: a question built of them is
    about this schema, as one of its own names' would be (:func:`ask.context.refusal.assess`)."""
    if not lexicon:
        return frozenset()
    return frozenset(w for key in (*lexicon.names, *lexicon.filters) for w in key
                     if w not in _CUES and len(w) > 2)


def leaves_out(question: str, sql: str, lexicon: TaughtLexicon | None, taught: str = "") -> bool:
    """Whether ``sql``, a taught example's matched to ``question`` (a paraphrase, an adaptation
    or a placement), leaves out what a taught word the question says means: the column of a
    taught filter ("*emergency* call-outs still open" answered by "call-outs still open"), or
    every table a taught name may be. Such a word is no word to leave unanswered, unless the
    paraphrased example's own question (``taught``) says it too: its author taught that very SQL
    for it ("fee" taught as the placements' fees elsewhere, in "clients paying a higher *fee* %
    than average"; an adaptation's or placement's SQL is no longer what its author taught)."""
    if not lexicon or not (lexicon.filters or lexicon.names):
        return False
    flat = [sing(w) for w in question_words(question)]
    own = [sing(w) for w in question_words(taught)]
    text = sql.lower()
    for key, filtered in lexicon.filters.items():
        column = filtered.condition.split(" ", 1)[0].rsplit(".", 1)[-1].strip('"').lower()
        if find(flat, key) >= 0 and find(own, key) < 0 and column not in text:
            return True
    for key, entries in lexicon.names.items():
        if find(flat, key) >= 0 and find(own, key) < 0 and not any(t.name.lower() in text for t, _ in entries):
            return True
    return False


def same_attribute(a: Alignment, schema: SchemaContext) -> tuple[tuple[Table, Column], ...]:
    """The same attribute of the schema's other tables, for a run taught as a column: a user
    who calls the cities' ``population`` "people living" calls the countries' so too. Only a
    plain column (or a sum of one) whose name and type another table repeats, no key or row
    name, and no comment saying it holds something else; the reader takes, of a span's tables, the one the rest of the question is about."""
    column = a.column
    if column is None:
        return ()
    name = column.name
    if isinstance(column, Measure):
        plain = re.fullmatch(r'"?[^".]+"?\."?([^".]+)"?', column.expr)
        if plain is None or column.name == "taught":
            return ()
        name = plain.group(1)
    own = _column(a.table, name)
    if own is None or name in a.table.primary_key or own is name_column(a.table):
        return ()
    out: list[tuple[Table, Column]] = []
    for table in schema.tables:
        other = _column(table, name)
        if table is a.table or other is None or other.type != own.type \
                or name in table.primary_key or other is name_column(table) \
                or any(name in fk.columns for fk in table.foreign_keys) \
                or _described_otherwise(own, other):
            continue
        if isinstance(column, Measure):
            out.append((table, Measure(other.name, other.type, expr=f"{ident(table.name)}.{ident(other.name)}",
                                       additive=column.additive, unit=column.unit)))
        else:
            out.append((table, other))
    return tuple(out)


def _described_otherwise(own: Column, other: Column) -> bool:
    """Whether the schema's comments say two columns of one name hold different things
    (``placements.amt`` 'fee charged to the client', ``offers.amt`` 'base salary offered'): a
    generic name repeated is no attribute repeated."""
    return bool(own.comment and other.comment) and \
        normalise(own.comment or "") != normalise(other.comment or "")


def period_dates(facts: Sequence["_Facts"]) -> dict[str, str]:
    """Table -> the date column the taught SQL put a period on ("last month", "this year"),
    for tables where that was always the same column."""
    seen: dict[str, set[str]] = {}
    for f in facts:
        for table, column in f.dated:
            seen.setdefault(table, set()).add(column)
    return {table: next(iter(columns)) for table, columns in seen.items() if len(columns) == 1}


def implied_filters(facts: Sequence["_Facts"]) -> dict[str, tuple[TaughtFilter, ...]]:
    """Table -> the conditions every taught SQL summing its columns adds without its question
    stating them ("revenue" counts completed orders only), when at least two such examples
    agree; an example summing them without one of the conditions drops it."""
    by_table: dict[str, list[dict[str, TaughtFilter]]] = {}
    for f in facts:
        if f.unasked is None:
            continue
        for table in f.summed:
            by_table.setdefault(table, []).append(f.unasked)
    out: dict[str, tuple[TaughtFilter, ...]] = {}
    for table, seen in by_table.items():
        if len(seen) < 2:
            continue
        common = set(seen[0]).intersection(*seen[1:])
        if common:
            out[table] = tuple(seen[0][c] for c in sorted(common))
    return out


def _identity(a: Alignment) -> tuple[str, str, str]:
    column = getattr(a.column, "expr", "") or (a.column.name if a.column is not None else "")
    return (a.table.name, column, a.condition or "")


# --- aligning one example ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Aligned:
    """What one example teaches: its alignments, and the words its question used that its
    SQL needed nothing for (there, on this schema, they carry no meaning)."""
    alignments: tuple[Alignment, ...]
    idle: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Parsed:
    """A taught example read once: its words, links, unplaced runs and SQL tree."""
    words: list[str]
    links: Sequence[ValueMatch]
    runs: list[tuple[int, int]]
    tree: exp.Select
    tables: dict[str, Table]
    schema: SchemaContext
    summed: frozenset[str]         # tables whose columns a sum() adds up
    counted: tuple[tuple[int, int], Table] | None = None   # the run a count(*) counts, its table
    compared: bool = False         # a comparison with an average was set aside
    mentions: tuple[Mention, ...] = ()     # what the schema's names place of its words, found once


def _parse(question: str, sql: str, schema: SchemaContext,
           links: Sequence[ValueMatch] | None = None) -> _Parsed | None:
    words = question_words(question)      # as the reader reads it: "this year's" a period
    if not words:
        return None
    links = spelt_links(words, links if links is not None else link_values(" ".join(question.split()), schema))
    try:
        tree = sqlglot.parse_one(sql, read="postgres")
    except SqlglotError:
        return None
    if not isinstance(tree, exp.Select):
        return None
    # the columns it reads, a comparison with an average included (see below)
    columns = frozenset(c.name.lower() for c in tree.find_all(exp.Column))
    tree, compared = _average_compared(tree)
    tree, clause = _exists_apart(tree, words)
    if tree.find(exp.Subquery, exp.Exists, exp.With, exp.Union, exp.Window):
        # (an EXISTS holds a SELECT of its own, no Subquery: "dogs that never had a rabies
        # *shot*" would align "shot" with the dogs' condition, the vaccinations unseen)
        return None
    tables = _tables(tree, schema)
    if tables is None:
        return None
    # a run the SQL's constants spell is a value linking did not link whole ("Maya Okafor"
    # for ``first_name = 'Maya' AND last_name = 'Okafor'``), no word for a table
    constants = {w for s in tree.find_all(exp.Literal) if s.is_string for w in normalise(s.this)}
    mentions = tuple(find_mentions(words, schema, links))
    runs = [(a, b) for a, b in (_trimmed(words, r) for r in
                                _unexplained_runs(words, schema, links, list(tables.values()), columns, mentions))
            if a < b and not all(w in constants for w in words[a:b])]
    if compared:
        runs = _without_comparatives(words, runs)
    if clause is not None:
        # the rows asked for, said before the clause the subquery is: only those words are
        # aligned, and no word of the question is idle (the clause's words are the subquery's);
        # not a word another table's name begins with ("current *members* who never donated"
        # over patrons, beside a ``membership`` table: the word may be that table's)
        others = [w for t in schema.tables if t not in tables.values() for w in name_words(t.name)]
        runs = [(a, b) for a, b in runs if b <= clause
                and not any(o.startswith(sing(w)) for w in words[a:b] for o in others)]
        compared = True
    summed = set()
    for node in tree.find_all(exp.Sum):
        try:
            summed.add(_one_owner(list(node.find_all(exp.Column)), tables).name)
        except _Unclear:
            continue
    return _Parsed(words, links, runs, tree, tables, schema, frozenset(summed),
                   _counted(words, runs, tree, tables), compared, mentions)


_COMPARISONS = (exp.GT, exp.GTE, exp.LT, exp.LTE)


def _average_compared(tree: exp.Select) -> tuple[exp.Select, bool]:
    """``tree`` without the WHERE conjuncts comparing a column with its own average over its
    table (``d.netkg > (SELECT avg(netkg) FROM deliveries)``: "loads heavier than the average
    load"), and whether there were any: the comparison is the question's comparing words,
    which teach nothing (:func:`_without_comparatives`), and the rest of the example is
    aligned as usual ("loads" for the deliveries counted). Other subqueries stay (and teach
    nothing)."""
    where = tree.args.get("where")
    if where is None or not tree.find(exp.Subquery):
        return tree, False
    kept, compared = [], []
    for condition in _conjuncts(where.this):
        column = _compared_with_average(condition)
        if column is None:
            kept.append(condition)
        else:
            compared.append(column)
    if not compared:
        return tree, False
    out = tree.copy()
    out.set("where", exp.Where(this=exp.and_(*kept)) if kept else None)
    return out, True


# Words that begin the clause a correlated subquery says ("stores *that* haven't sold a car").
_CLAUSE_WORDS = frozenset(("that", "who", "which", "where", "whose", "with", "without"))


def _exists_apart(tree: exp.Select, words: list[str]) -> tuple[exp.Select, int | None]:
    """``tree`` without its WHERE conjuncts that are a [NOT] EXISTS, and where the question's
    clause saying them begins ("*stores* that haven't sold a single car" for ``dealerships``
    WHERE NOT EXISTS (deals ...)): the words before it name the rows the outer query shows,
    which the rest of the example then teaches ("which of our stores are in columbus").
    None (and ``tree`` as it is) where there is no such conjunct, another subquery beside
    them, or no clause word after the first word."""
    where = tree.args.get("where")
    if where is None or not tree.find(exp.Exists):
        return tree, None
    conjuncts = _conjuncts(where.this)
    kept = [c for c in conjuncts if not isinstance(c.this if isinstance(c, exp.Not) else c, exp.Exists)]
    clause = next((i for i, w in enumerate(words) if i > 0 and w in _CLAUSE_WORDS), None)
    if len(kept) == len(conjuncts) or clause is None:
        return tree, None
    out = tree.copy()
    out.set("where", exp.Where(this=exp.and_(*kept)) if kept else None)
    if out.find(exp.Subquery, exp.Exists):
        return tree, None
    return out, clause


def _without_comparatives(words: list[str], runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``runs`` without the words right before a "than" (the comparison's own word)."""
    out: list[tuple[int, int]] = []
    for a, b in runs:
        start = a
        for i in range(a, b):
            if i + 1 < len(words) and words[i + 1] == "than":
                if start < i:
                    out.append((start, i))
                start = i + 1
        if start < b:
            out.append((start, b))
    return out


def _compared_with_average(condition: exp.Expression) -> exp.Column | None:
    """The column of ``col > (SELECT avg(col) FROM t)`` (either side, any comparison), or None."""
    if not isinstance(condition, _COMPARISONS):
        return None
    for column, other in ((condition.left, condition.right), (condition.right, condition.left)):
        if not isinstance(column, exp.Column) or not isinstance(other, exp.Subquery):
            continue
        inner = other.this
        if not isinstance(inner, exp.Select) or len(inner.expressions) != 1 \
                or inner.args.get("where") or inner.args.get("joins") or inner.find(exp.Subquery):
            continue
        average = inner.expressions[0]
        average = average.this if isinstance(average, exp.Alias) else average
        if isinstance(average, exp.Avg) and isinstance(average.this, exp.Column) \
                and average.this.name.lower() == column.name.lower():
            return column
    return None


# Prepositions that end or start a run of unplaced words without being a part of the name the
# run is ("takings *through* the box office"); the cue words are never in a run at all.
_EDGES = frozenset("""through throughout via into onto about around toward towards upon across
along beside behind near""".split())


def _trimmed(words: list[str], run: tuple[int, int]) -> tuple[int, int]:
    a, b = run
    while a < b and words[a] in _EDGES:
        a += 1
    while b > a and words[b - 1] in _EDGES:
        b -= 1
    return a, b


def _counted(words: list[str], runs: list[tuple[int, int]], tree: exp.Select,
             tables: dict[str, Table]) -> tuple[tuple[int, int], Table] | None:
    """The run a count of rows counts ("how many *engineers* do we employ", "how many
    *gigs* were cancelled"): right after a count frame, a whole noun phrase (the next word a
    cue: no schema noun it modifies, as "emergency" does "jobs"), when the SQL counts the rows
    of the one table it reads first. It names that table even where a value the question
    states names the table too. A plural first word ends the phrase ("creatures live in")."""
    grouped = _grouped_count(tree, tables)
    if grouped is None and (len(tree.expressions) != 1 or not isinstance(tree.expressions[0], exp.Count)
                            or tree.expressions[0].find(exp.Distinct) or tree.args.get("group")):
        return None
    table = _first_table(tree, tables)
    if table is None:
        return None
    for a, b in runs:
        if not any(tuple(words[max(0, a - len(f)):a]) == f for f in COUNT_FRAMES) and not (
                grouped and a > 0 and words[a - 1] in grouped):
            continue
        if b - a > 1 and sing(words[a]) != words[a]:
            return (a, a + 1), table        # "how many *visitors* hold platinum status"
        if b < len(words) and words[b] not in _CUES:
            return None
        return (a, b), table
    return None


def _first_table(tree: exp.Select, tables: dict[str, Table]) -> Table | None:
    """The table ``tree`` reads first (its FROM), by the alias or name it is read under."""
    source = tree.args.get("from_") or tree.args.get("from")
    return tables.get(source.this.alias_or_name) if source is not None and \
        isinstance(source.this, exp.Table) else None


def _grouped_count(tree: exp.Select, tables: dict[str, Table]) -> frozenset[str] | None:
    """Whether ``tree`` counts the rows of its first table per group ("journals with over 30
    *papers*", "top 5 PIs by number of *papers*": ``count(*)`` with GROUP BY), every table it
    joins one that table reaches by foreign keys (each counted row joins one row of each, so
    the count is of the first table's rows); if so, the words the counted noun may follow
    (the numbers a HAVING compares that count with; "most" where it ranks by it), else None."""
    if not tree.args.get("group") or tree.find(exp.Distinct):
        return None
    counts = [c for c in tree.find_all(exp.Count)]
    if not counts or any(not isinstance(c.this, exp.Star) for c in counts):
        return None
    first = _first_table(tree, tables)
    if first is None:
        return None
    by_name = {t.name: t for t in tables.values()}
    reached, frontier = {first.name}, [first]
    while frontier:
        table = frontier.pop()
        for fk in table.foreign_keys:
            if fk.ref_table in by_name and fk.ref_table not in reached:
                reached.add(fk.ref_table)
                frontier.append(by_name[fk.ref_table])
    if set(by_name) - reached:
        return None
    having = tree.args.get("having")
    order = tree.args.get("order")
    ranked = order is not None and any(isinstance(o.this, exp.Count) for o in order.expressions)
    return frozenset(n.this for n in (having.find_all(exp.Literal) if having is not None else ())
                     if not n.is_string) | (_RANKING_COUNTS if ranked else frozenset())


# Words right before the noun a ranking by ``count(*)`` counts ("the engineer who worked the
# most *gigs*").
_RANKING_COUNTS = frozenset(("most", "fewest", "least"))


@dataclass(frozen=True, slots=True)
class _Facts:
    """What alignment needs of one example, kept (its SQL tree is not): the unplaced runs, the
    elements nothing explains (None: unclear), the conditions its question does not state
    (None: unclear), the tables it sums, the (table, date column) its periods are on."""
    spans: tuple[tuple[str, ...], ...]
    elements: tuple[Element, ...] | None
    unasked: dict[str, TaughtFilter] | None
    summed: frozenset[str]
    dated: tuple[tuple[str, str], ...]
    joins: frozenset[frozenset[str]] = frozenset()     # the table pairs its SQL joins
    counted: tuple[tuple[str, ...], Table] | None = None    # (the counted run, its table)
    aside: tuple[tuple[str, ...], ...] = ()     # runs that say a column the SQL reads
    compared: bool = False     # a comparison with an average set aside: no word of it is idle
    inferable: tuple[Element, ...] = ()     # elements the reader infers unsaid (:func:`_inferable`)
    steps: tuple[tuple[Table, Table, str], ...] = ()    # its joins along foreign keys (:func:`_steps`)
    table_words: tuple[Alignment, ...] = ()     # runs naming a read table by parts (:func:`_table_words`)
    nouns: tuple[tuple[str, ...], ...] = ()     # runs the schema places on a table only (:func:`_nouns`)
    spelt: frozenset[tuple[str, str]] = frozenset()    # (table, column) the question's words name
    said_tables: frozenset[str] = frozenset()   # tables its words (as rows) or linked values name
    read_tables: frozenset[str] = frozenset()   # the tables its SQL reads


def _facts(p: _Parsed) -> _Facts:
    try:
        elements: tuple[Element, ...] | None = tuple(_elements(p.tree, p.tables, p.words, p.links, p.mentions))
    except _Unclear:
        elements = None
    inferable = tuple(e for e in elements or () if _inferable(e, p))
    try:
        unasked: dict[str, TaughtFilter] | None = _unasked_conditions(p)
    except _Unclear:
        unasked = None
    read = _read_names(p)
    counted = None
    if p.counted is not None:
        (a, b), table = p.counted
        counted = (tuple(sing(w) for w in p.words[a:b]), table)
    spans = tuple(tuple(sing(w) for w in p.words[a:b]) for a, b in p.runs
                  if p.counted is None or (a, b) != p.counted[0] and not a == p.counted[0][0])
    table_words = _table_words(spans, p) if elements is not None else ()
    spans = tuple(span for span in spans if all(span != a.words for a in table_words))
    aside: tuple[tuple[str, ...], ...] = ()
    if elements is not None:
        # a run akin to a column the SQL reads where the question explains it ("scheduled"
        # of ``sched_dt`` under "this month") says that column, no unexplained element
        aside = tuple(span for span in spans if _akin(span, read)
                      and not any(_akin(span, _element_words(e)) for e in elements))
        spans = tuple(span for span in spans if span not in aside)
    return _Facts(spans, elements, unasked, p.summed, _dated(p), _joins(p), counted, aside,
                  p.compared, inferable, _steps(p), table_words, _nouns(p, p.mentions),
                  frozenset((m.table.name, m.column.name) for m in p.mentions
                            if m.column is not None and not isinstance(m.column, Measure)),
                  frozenset(m.table.name for m in p.mentions if m.column is None)
                  | frozenset(_link_table(v.table) for v in p.links if v.exact),
                  frozenset(t.name for t in p.tables.values()))


def _link_table(name: str) -> str:
    """The table a linked value names, as the schema's tables are named (unqualified)."""
    return name.rsplit(".", 1)[-1].strip('"')


def _nouns(p: _Parsed, mentions: Sequence[Any]) -> tuple[tuple[str, ...], ...]:
    """The unplaced runs every word of which the schema's names place, and only as a table
    itself by its own name (a table the SQL neither reads nor keys into: "*membership* money
    collected" of ``gym_member``, where the SQL sums payments): a word for rows, said of the rows the SQL reads ("the payments of
    memberships"), which it may name in another question, never what a column or expression of
    another table means ("how many memberships in each status" is no question about money). (A
    condition it may be: a verb the schema's naming places on a table by its stem, "matches
    *played*" on the players, says which rows. And a table's description is no name of it:
    "trade" describing sales areas may be taught as the items' revenue.)"""
    out = []
    for a, b in p.runs:
        over = [m for m in mentions if m.start < b and a < m.end]
        span = tuple(sing(w) for w in p.words[a:b])
        if over and all(m.column is None and _akin(span, _element_words((m.table, None, None))) for m in over) \
                and all(any(m.start <= i < m.end for m in over) for i in range(a, b)):
            out.append(span)
    return tuple(out)


def _spelt_measure(element: Element, spelt: frozenset[tuple[str, str]]) -> bool:
    """Whether ``element`` is an expression of several columns (a percentage of two sums, a sum
    of two columns) one of which the question's placed words name ("percentage of PT
    *sessions used*", "hours logged, *overtime* included"): the expression is those words' and
    the question's shape, so a run left beside them ("PT", "logged") is no name of it: taught
    so, "PT" would mean the percentage in "top 3 trainers by PT package sales"."""
    table, column, condition = element
    if condition is not None or not isinstance(column, Measure):
        return False
    read = {c.lower() for c in _COLUMNS_READ.findall(column.expr)}
    return len(read) > 1 and any(t == table.name and c.lower() in read for t, c in spelt)


def _table_words(spans: Sequence[tuple[str, ...]], p: _Parsed) -> tuple[Alignment, ...]:
    """Each run whose every word is a part of the name of one table the SQL reads (a word of
    four letters or more: "*downtime* minutes by reason" of ``mes_downtime_event``, "total
    *escalation* hours" of ``hd_escalation_entry``), paired with that table: the schema's
    naming does not take such a name apart, so the user's word for its rows is taught, whatever
    else the SQL does with them, and names them in any question ("machines with no downtime").
    A run with a word of its own ("rent *collected*") says more than the rows; one akin to a
    column the SQL reads says that column (the "*series*" of ``series_name`` beside
    ``tv_series``: :attr:`_Facts.aside`)."""
    out = []
    parts = {t.name: (t, {w for w in identifier_words(t.name) if len(w) >= 4}) for t in p.tables.values()}
    columns = [identifier_words(c.name) for c in p.tree.find_all(exp.Column)]
    for span in spans:
        owners = [t for t, words in parts.values() if all(w in words for w in span)]
        if len(owners) == 1 and not _akin(span, _read_names(p)) \
                and not any(all(w in words for w in span) for words in columns):
            out.append(Alignment(span, owners[0]))
    return tuple(out)


def _read_names(p: _Parsed) -> list[str]:
    """The words of the names of every column the SQL reads."""
    out: list[str] = []
    for node in p.tree.find_all(exp.Column):
        out.extend(w for w in re.split(r"[^a-z]+", node.name.lower()) + [node.name.lower()] if w)
    return out


# An example's facts outlive an index (a TEACH makes a new one, whose other examples keep
# theirs); an entry holds its schema context, so a hit is for that very object.
_FACTS: LRU[tuple[str, str, str], tuple[SchemaContext, _Facts | None]] = LRU(2 * MAX_EXAMPLES)


def _example_facts(example: Example, schema: SchemaContext) -> _Facts | None:
    return _per_example(_FACTS, example, schema, _parsed_facts, "not aligned")


def _parsed_facts(question: str, sql: str, schema: SchemaContext) -> _Facts | None:
    parsed = _parse(question, sql, schema)
    return _facts(parsed) if parsed is not None else None


_T = TypeVar("_T")


def _per_example(cache: LRU[tuple[str, str, str], tuple[SchemaContext, _T | None]], example: Example,
                 schema: SchemaContext, compute: Callable[[str, str, SchemaContext], _T | None],
                 failed: str) -> _T | None:
    """``compute`` of an example's question and SQL over ``schema``, kept per (question, SQL,
    schema) while that very schema context lives; None (logged) when its SQL cannot be read."""
    key = (example.question, example.sql, schema.fingerprint)
    hit = cache.get(key)
    if hit is not None and hit[0] is schema:
        return hit[1]
    try:
        found = compute(example.question, example.sql, schema)
    except (SqlglotError, RecursionError, ValueError) as exc:
        log.debug("taught example %d: %s (%s)", example.id, failed, type(exc).__name__)
        found = None
    cache.put(key, (schema, found))
    return found


def align(question: str, sql: str, schema: SchemaContext,
          links: Sequence[ValueMatch] | None = None) -> Aligned | None:
    """The runs of ``question``'s words its reader cannot place, each paired with the element
    of ``sql`` nothing else in the question explains (:func:`_pair`); None when the SQL does
    something alignment cannot tell apart."""
    parsed = _parse(question, sql, schema, links)
    return _align(_facts(parsed), frozenset()) if parsed is not None else None


def _align(f: _Facts, given: frozenset[str]) -> Aligned | None:
    """:func:`align` of an example's facts; ``given``: conditions explained already (implied
    by what it sums)."""
    if f.elements is None or any(len(span) > MAX_WORDS for span in f.spans):
        return None
    elements = [e for e in f.elements if e[2] is None or e[2] not in given]
    spans = list(f.spans)
    if f.counted is not None and len(f.counted[0]) <= MAX_WORDS:
        # the counted run is its table's word: set aside with the table, the rest aligned
        counted = Alignment(f.counted[0], f.counted[1])
        rest = _align(replace(f, counted=None, elements=tuple(
            e for e in elements if e != (f.counted[1], None, None))), given)
        if rest is None:
            return None
        return Aligned((counted, *rest.alignments), rest.idle)
    ends = _date_ends(spans, elements)
    if ends is not None:
        return Aligned(ends, tuple(w for span in f.aside for w in span))
    if len(spans) == 1 and len(elements) > 1 and all(
            e[2] is not None and e[0] is elements[0][0] for e in elements):
        # one phrase, several conditions on one table: "overdue" is both of them
        elements = [(elements[0][0], None, " AND ".join(str(e[2]) for e in elements))]
    if len(elements) > len(spans) and f.inferable:
        # "total fees collected": the fees' one number is what "total" adds up, so "collected"
        # is the condition; where words are left for it ("total prize money"), it is theirs
        elements = [e for e in elements if e not in f.inferable]
    aside = tuple(w for span in f.aside for w in span)     # explained: as good as idle
    if not elements:
        return Aligned((), tuple(w for span in spans for w in span) + aside)
    return Aligned(tuple(Alignment(spans[r], *elements[e]) for r, e in _pair(spans, elements)
                         if not _part_of_a_name(spans[r], elements[e])
                         and not _names_the_table(spans[r], elements[e])
                         and not (spans[r] in f.nouns and elements[e][1] is not None)
                         and not _spelt_measure(elements[e], f.spelt)), aside)


def _date_ends(spans: list[tuple[str, ...]], elements: list[Element]) -> tuple[Alignment, ...] | None:
    """The two events of a time between them ("average days from *application* to
    *issuance*" for ``IssuedDate - AppliedDate``): the one element a difference of two date
    columns of one table, the two runs each akin to another of them; each run names its date
    column ("permit applications last week" dates the permits by ``AppliedDate``). A condition
    that one of the two dates is set is the difference's own."""
    differences = [e for e in elements if e[2] is None]
    if len(differences) != 1 or len(spans) != 2 or any(
            not re.fullmatch(r'\S+ IS NOT NULL', e[2]) or e[0] is not differences[0][0]
            or e[2].split(" ", 1)[0] not in str(getattr(differences[0][1], "expr", ""))
            for e in elements if e[2] is not None):
        return None
    table, column, condition = differences[0]
    if not isinstance(column, Measure) or condition is not None or " - " not in column.expr:
        return None
    if any(w in _SPAN_STATES for span in spans for w in span) and span_of(table) is not None:
        # "how many days were closed matters *open*": whether a row's span is over is the
        # reader's own reading of these words ("open matters": no end date), no date of theirs
        return ()
    names = list(dict.fromkeys(re.findall(r"\.\"?([A-Za-z_][A-Za-z0-9_]*)", column.expr)))
    dates = [c for c in (_column(table, n) for n in names) if c is not None and short_type(c.type) == "date"]
    if len(names) != 2 or len(dates) != 2:
        return None
    out = []
    for span in spans:
        akin = [c for c in dates if _akin(span, _element_words((table, c, None)))]
        if len(akin) != 1:
            return None
        out.append(Alignment(span, table, akin[0]))
    return tuple(out) if out[0].column is not out[1].column else None


# Words the reader reads as whether a row's span (its start and end dates) is over.
_SPAN_STATES = ENDED | frozenset(("open", "ongoing", "active", "current", "still"))


def _part_of_a_name(span: tuple[str, ...], element: Element) -> bool:
    """Whether ``span`` only spells a part of the name of one column an expression of several
    reads: "fare per *km*" for ``sum(fare) / sum(distance_km)`` says the distance, not the
    ratio, and "what do riders pay per km" would read as a grouping by the ratio."""
    column = element[1]
    if not isinstance(column, Measure) or element[2] is not None:
        return False
    names = re.findall(r"\.\"?([A-Za-z_][A-Za-z0-9_]*)", column.expr)
    if len(set(names)) < 2:
        return False
    parts = [set(re.split(r"[^a-z]+", n.lower())) for n in names]
    return any(all(w in p for w in span) for p in parts)


def _names_the_table(span: tuple[str, ...], element: Element) -> bool:
    """Whether ``span`` only spells part of the name of the table whose column ``element`` is:
    "avg *map* length" for ``avg(map_results.duration_min)`` names the map results, not their
    duration, and taught as the column would read every later "map" as a duration."""
    if element[1] is None:
        return False
    parts = set(name_words(element[0].name))
    # or the word a part shortens: "*change* order value" of ``chg_ord.co_amt`` names the
    # change orders, and taught as their amount "jobs with more than 4 change orders" summed it
    lexicon = english()
    return all(w in parts or any(looks_abbreviated(p, lexicon) and abbreviates(p, w, lexicon)
                                 for p in parts) for w in span)


def _joins(p: _Parsed) -> frozenset[frozenset[str]]:
    """The pairs of tables ``p``'s SQL joins by equal columns."""
    out = set()
    for node in p.tree.find_all(exp.EQ):
        if not _is_join(node):
            continue
        columns = [c for c in (node.left, node.right) if isinstance(c, exp.Column)]
        a, b = (p.tables.get(c.table) if c.table else _owner(c.name, p.tables) for c in columns)
        if a is not None and b is not None and a is not b:
            out.add(frozenset((a.name, b.name)))
    return frozenset(out)


def _steps(p: _Parsed) -> tuple[tuple[Table, Table, str], ...]:
    """The joins of ``p``'s SQL along a foreign key of the schema: (one table, the other, the
    key's condition as the reader spells it, :func:`.spelling.fk_edges`). A join by columns no
    key relates is left out: no path is taught through it."""
    keys = {c for other in p.schema.derived("sketch.edges", fk_edges).values() for _, c in other}
    out = []
    for node in p.tree.find_all(exp.EQ):
        if not _is_join(node):
            continue
        columns = [c for c in (node.left, node.right) if isinstance(c, exp.Column)]
        a, b = (p.tables.get(c.table) if c.table else _owner(c.name, p.tables) for c in columns)
        if a is None or b is None or a is b:
            continue
        x, y = columns
        for condition in (f"{ident(a.name)}.{ident(x.name)} = {ident(b.name)}.{ident(y.name)}",
                          f"{ident(b.name)}.{ident(y.name)} = {ident(a.name)}.{ident(x.name)}"):
            if condition in keys:
                out.append((a, b, condition))
                break
    return tuple(out)


def taught_paths(facts: Iterable[_Facts]) -> dict[tuple[str, str], tuple[tuple[Table, str], ...]]:
    """(table, table) -> the join path taught SQL took from the one to the other, two keys or
    more (each step the table joined and the key's condition), where every example joining
    both took the same one ("top consultant by fees": placements -> offers -> applications ->
    vacancies -> consultants, and back). The reader joins a question naming both ends along
    it (:func:`.spelling.join_path`) where the schema's own shortest path is no shorter. A path
    through a table the taught question names itself ("incidents involving *drivers* based at
    East Base": incidents -> drivers -> depots) went that way because of that word, no habit
    of this user's: it is taught for no question that does not say it ("delay minutes caused
    by North Garage *vehicles*" goes through the vehicles)."""
    found: dict[tuple[str, str], set[tuple[tuple[Table, str], ...]]] = {}
    for f in facts:
        near: dict[str, list[tuple[Table, str]]] = {}
        tables: dict[str, Table] = {}
        for a, b, condition in f.steps:
            near.setdefault(a.name, []).append((b, condition))
            near.setdefault(b.name, []).append((a, condition))
            tables[a.name], tables[b.name] = a, b
        for start in tables:
            reached: dict[str, tuple[tuple[Table, str], ...]] = {start: ()}
            frontier = [start]
            while frontier:
                layer = []
                for name in frontier:
                    for other, condition in near.get(name, ()):
                        if other.name not in reached:
                            reached[other.name] = (*reached[name], (other, condition))
                            layer.append(other.name)
                frontier = layer
            for end, path in reached.items():
                if len(path) >= 2 and not any(t.name in f.said_tables for t, _ in path[:-1]):
                    found.setdefault((start, end), set()).add(path)
    return {ends: next(iter(paths)) for ends, paths in found.items() if len(paths) == 1}


def _dated(p: _Parsed) -> tuple[tuple[str, str], ...]:
    """(table, date column) of each condition of ``p`` that puts a period on one column."""
    where = p.tree.args.get("where")
    conditions = [*(_conjuncts(where.this) if where is not None else []),
                  *(c for f in p.tree.find_all(exp.Filter) for c in _conjuncts(f.expression.this))]
    out = []
    for condition in conditions:
        text = condition.sql(dialect="postgres").lower()
        columns = list(condition.find_all(exp.Column))
        if not any(f in text for f in _DATE_FUNCTIONS) or len({c.name for c in columns}) != 1:
            continue
        try:
            table = _one_owner(columns, p.tables)
        except _Unclear:
            continue
        column = _column(table, columns[0].name)
        if column is not None and not identifier_words(column.name) & _BIRTH_WORDS:
            out.append((table.name, column.name))
    return tuple(out)


# A birth date a taught SQL compares with today says an age ("learners under 18"), no period
# the table's rows happen in: a period said elsewhere ("signed up in the last 30 days") is not on it.
_BIRTH_WORDS = frozenset(("birth", "dob", "born"))


def _unasked_conditions(p: _Parsed) -> dict[str, TaughtFilter]:
    """The WHERE conditions of ``p`` its question does not state, by their text."""
    where = p.tree.args.get("where")
    out: dict[str, TaughtFilter] = {}
    for condition in _conjuncts(where.this) if where is not None else []:
        found = _filter(condition, p.tables, p.words, p.links)
        if found is not None and found[2] is not None:
            out[found[2]] = TaughtFilter(found[0], found[2])
    return out


def _pair(spans: list[tuple[str, ...]], elements: list[Element]) -> list[tuple[int, int]]:
    """(run, element) pairs: a run and an element whose names share a word's first four
    letters, when neither shares them with another ("independence" and ``indepyear``); then
    the one run and the one element left, if that is what is left."""
    affinity = {(r, e) for r, span in enumerate(spans) for e, element in enumerate(elements)
                if _akin(span, _element_words(element))}
    pairs = [(r, e) for r, e in affinity
             if sum(1 for x, _ in affinity if x == r) == 1 and sum(1 for _, y in affinity if y == e) == 1]
    left_runs = [r for r in range(len(spans)) if all(r != x for x, _ in affinity)]
    left_elements = [e for e in range(len(elements)) if all(e != y for _, y in affinity)]
    if len(left_runs) == 1 and len(left_elements) == 1:
        pairs.append((left_runs[0], left_elements[0]))
    return sorted(pairs)


def _element_words(element: Element) -> list[str]:
    table, column, condition = element
    if condition is not None:
        return [w for c in sqlglot.parse_one(condition, read="postgres").find_all(exp.Column)
                for w in re.split(r"[^a-z]+", c.name.lower()) + [c.name.lower()] if w]
    if column is not None and not isinstance(column, Measure):
        return [w for w in re.split(r"[^a-z]+", column.name.lower()) + [column.name.lower()] if w]
    if column is not None:
        return [c.lower() for c in re.findall(r"\.\"?([A-Za-z_]+)", column.expr)]
    return [w for w in re.split(r"[^a-z]+", table.name.lower()) + [table.name.lower()] if w]


def _akin(span: tuple[str, ...], names: list[str]) -> bool:
    squashed = "".join(span)
    return any(squashed == n or any(len(w) >= 4 and len(n) >= 4 and (w[:4] == n[:4] or w in n)
                                    for w in span) for n in names)


def _unexplained_runs(words: list[str], schema: SchemaContext, links: Sequence[ValueMatch],
                      read: Sequence[Table] | None = None,
                      columns: frozenset[str] | None = None,
                      mentions: Sequence[Mention] | None = None) -> list[tuple[int, int]]:
    """The runs of ``words`` nothing places; a word the schema's names place only on tables
    the taught SQL neither ``read`` nor keys into is unplaced ("sales" spells the regions'
    description, but the SQL sums order lines): this user means something else by it. A table
    a read one keys into stays placed ("distinct species" counted by ``animals.species_id``).
    A word placed only on columns the SQL never reads (``columns``, lower case) is unplaced,
    whatever their table: "overdue" read as the loans' ``late_fee`` where the SQL asks for
    unreturned loans past their due date; "boardings" as the stops' ``wheelchair_boarding``
    where the SQL counts the rides that only key into the stops."""
    placed = [w in _CUES or is_number(w) for w in words]
    for i in period_words(words):
        placed[i] = True
    for m in links:
        if m.exact:
            placed[m.start:m.end] = [True] * (m.end - m.start)
    for m in links:
        after = m.end
        if m.exact and after < len(words) and (after + 1 == len(words) or placed[after + 1]):
            # the one word after a stored value is its kind ("Fanuc *equipment*": the machines
            # whose maker is Fanuc), said of the value's own rows, no other element's name
            placed[after] = True
    if mentions is None:
        mentions = find_mentions(words, schema, links)
    near = _near(read, schema) if read is not None else None
    for mention in mentions:
        same = [m for m in mentions if (m.start, m.end) == (mention.start, mention.end)]
        if near is not None and not any(m.table.name in near for m in same):
            continue
        if columns is not None and read is not None and all(
                m.column is not None and not _read_as_spelt(m.column, columns) for m in same):
            continue
        placed[mention.start:mention.end] = [True] * (mention.end - mention.start)
    runs: list[tuple[int, int]] = []
    for i, done in enumerate(placed):
        if done:
            continue
        if runs and runs[-1][1] == i:
            runs[-1] = (runs[-1][0], i + 1)
        else:
            runs.append((i, i + 1))
    return runs


# The columns a spelt expression reads (``"t"."col"``, ``t.col``): the part after each dot.
_COLUMNS_READ = re.compile(r'\."?([A-Za-z_][A-Za-z0-9_]*)')


def _read_as_spelt(column: Column, columns: frozenset[str]) -> bool:
    """Whether the SQL reads ``column`` (``columns``: the names it reads, lower case); a measure
    the schema implies only where it reads every column of its expression: "revenue" guessed
    as ``qty * amt`` where the taught SQL sums ``amt`` alone is this user's word for that sum,
    no spelling of the guess (a measure is never a name the schema spells itself)."""
    if not isinstance(column, Measure):
        return column.name.lower() in columns
    return all(c.lower() in columns for c in _COLUMNS_READ.findall(column.expr))


def _near(tables: Sequence[Table], schema: SchemaContext) -> frozenset[str]:
    """The names of ``tables`` and of every table one of them keys into or is keyed from."""
    names = {t.name for t in tables}
    for t in tables:
        names.update(fk.ref_table for fk in t.foreign_keys)
    names.update(t.name for t in schema.tables
                 if any(fk.ref_table in {r.name for r in tables} for fk in t.foreign_keys))
    return frozenset(names)


def _tables(tree: exp.Select, schema: SchemaContext) -> dict[str, Table] | None:
    """Alias (and name) -> table of every table the statement reads; None for one not in
    ``schema``."""
    out: dict[str, Table] = {}
    for node in tree.find_all(exp.Table):
        table = schema.table(node.name, node.db) if node.db else schema.table(node.name)
        if table is None and not node.this.args.get("quoted"):
            # an unquoted name is the lower-case one (``tblPayment`` reads ``tblpayment``)
            table = schema.table(node.name.lower(), node.db.lower()) if node.db \
                else schema.table(node.name.lower())
        if table is None:
            return None
        out[node.alias_or_name] = table
        out[node.name] = table
    return out


Element = tuple[Table, "Column | None", "str | None"]


class _Unclear(Exception):
    """The SQL does something alignment cannot tell apart (columns of two tables in one
    expression, an OR): the example teaches nothing."""


def _elements(tree: exp.Select, tables: dict[str, Table], words: list[str],
              links: Sequence[ValueMatch], mentions: Sequence[Mention]) -> list[Element]:
    """The SQL's elements the question's placed words do not explain: a table read for more
    than a join and not named, a shown or aggregated column or expression not named, a
    condition whose constants the question does not state."""
    named = _named(mentions, links)
    out: list[Element] = []
    used_tables: set[str] = set()
    order = tree.args.get("order")
    shown: list[Any] = [*tree.expressions, *(o.this for o in (order.expressions if order else []))]
    group = tree.args.get("group")
    labels = _group_labels(group.expressions if group else [], tables, named, _aggregated(tree, tables))
    for projection in shown:
        element = _shown(projection.this if isinstance(projection, exp.Alias) else projection,
                         tables, named | labels)
        if element is not None and element not in out:
            out.append(element)
    wheres = [tree.args.get("where"), *(f.expression for f in tree.find_all(exp.Filter))]
    group = tree.args.get("group")
    read = {c.name.lower() for node in (*shown, *(group.expressions if group else []))
            for c in node.find_all(exp.Column) if c.find_ancestor(exp.Where) is None}
    stated: set[int] = set()        # the columns of conditions on constants the question states
    for condition in (c for w in wheres if w is not None for c in _conjuncts(w.this)):
        if _null_guard(condition, read):
            continue
        if _is_join(condition) and isinstance(condition.parent, exp.Where) \
                and isinstance(condition.parent.parent, exp.Filter):
            # two columns compared inside an aggregate's FILTER are what it counts ("win
            # rate": ``winner_team_id = team_id``), no join: a condition of two tables
            raise _Unclear("a comparison of two tables' columns")
        if _said_flag(condition, tables, named, set(words)):
            continue
        found = _filter(condition, tables, words, links)
        if found is not None:
            out.append(found)
        elif any(s.is_string for s in condition.find_all(exp.Literal)):
            # a constant the question states ("roles at *Halden Bank*"): it names the table
            # holding it as a linked value would, so no word left ("still") is that table
            stated.update(id(c) for c in condition.find_all(exp.Column))
    referenced: set[str] = set()
    for node in tree.find_all(exp.Column):
        table = tables.get(node.table) if node.table else _owner(node.name, tables)
        if table is None:
            continue
        referenced.add(table.name)
        if (not isinstance(node.parent, exp.EQ) or not _is_join(node.parent)) and id(node) not in stated \
                and not _named_key(table, node.name, named):
            used_tables.add(table.name)
    # a table read for its rows alone (``count(*) FROM members``) is as used as one whose
    # columns are shown; one only joined through is a bridge
    used_tables.update(t.name for t in tables.values() if t.name not in referenced)
    for name in sorted(used_tables):
        table = next(t for t in tables.values() if t.name == name)
        if (table.name, None) not in named and not any(e[0] is table for e in out):
            out.append((table, None, None))
    return out


def _named_key(table: Table, column: str, named: set[tuple[str, str | None]]) -> bool:
    """Whether ``column`` of ``table`` is a foreign key to a table the question names: read
    ("how many *stops* does route 22 serve": ``count(DISTINCT stop_times.stop_id)``), it is that
    table's rows counted or shown, so the table holding it is a bridge no word left ("serve")
    names."""
    return any(fk.columns == (column.lower(),) and (fk.ref_table, None) in named for fk in table.foreign_keys)


def _named(mentions: Sequence[Mention], links: Sequence[ValueMatch]) -> set[tuple[str, str | None]]:
    """(table, column or None) of everything the question's words name (``mentions``: what the
    schema's names place of them); a column named names its table too, and so does a value
    linked to it."""
    out: set[tuple[str, str | None]] = set()
    for m in mentions:
        out.add((m.table.name, None))
        if m.column is not None:
            out.add((m.table.name, getattr(m.column, "expr", "") or m.column.name))
        if isinstance(m.column, Measure):
            out.add((m.table.name, _read_key(m.column.expr)))
    for link in links:
        if link.exact:
            out.add((link.table.rsplit(".", 1)[-1], None))
    return out


def _said_flag(condition: exp.Expression, tables: dict[str, Table],
               named: set[tuple[str, str | None]], said: set[str]) -> bool:
    """Whether ``condition`` is a yes/no column, or its negation, that the question names
    ("# of *estimated* reads": ``est``; "inspections that found no *queen*": ``NOT queen_seen``,
    the "no" a cue): the question says it, no other word means it."""
    node = condition.this if isinstance(condition, exp.Not) else condition
    if isinstance(node, exp.Paren):
        node = node.this
    if not isinstance(node, exp.Column):
        return False
    table = tables.get(node.table) if node.table else _owner(node.name, tables)
    column = table.column(node.name) if table is not None else None
    return table is not None and column is not None and short_type(column.type) == "bool" and (
        (table.name, column.name) in named or _column_said(column, said))


def _null_guard(condition: exp.Expression, read: set[str]) -> bool:
    """Whether ``condition`` is ``x IS NOT NULL`` of a column ``x`` the SQL shows, groups,
    ranks or aggregates (``read``): what asking about that column implies ("top 3 dog
    *breeds*" leaves out patients of no breed), no word's condition."""
    if isinstance(condition, exp.Not) and isinstance(condition.this, exp.Is):
        node = condition.this
    elif isinstance(condition, exp.Is) and condition.args.get("negate"):
        node = condition
    else:
        return False
    return isinstance(node.this, exp.Column) and isinstance(node.expression, exp.Null) \
        and node.this.name.lower() in read


def _group_labels(keys: list[exp.Expression], tables: dict[str, Table],
                  named: set[tuple[str, str | None]], aggregated: frozenset[str] | None
                  ) -> set[tuple[str, str | None]]:
    """(table, column) of each text column the SQL groups by of a table the question names
    and the aggregates do not read: the label it lists that table's rows by ("highest grossing
    *services*": ``sum(charges.amount)`` grouped by ``svc_desc``), as the reader shows a named
    table's rows, explained by the table's word. A key of the table aggregated is a dimension
    of its rows ("donors by *blood type*"), said by a word of its own."""
    out: set[tuple[str, str | None]] = set()
    if not aggregated:
        return out
    for key in keys:
        if not isinstance(key, exp.Column):
            continue
        table = tables.get(key.table) if key.table else _owner(key.name, tables)
        column = _column(table, key.name) if table is not None else None
        if table is not None and column is not None and (table.name, None) in named \
                and table.name not in aggregated and short_type(column.type) == "text":
            out.add((table.name, column.name))
    return out


def _aggregated(tree: exp.Select, tables: dict[str, Table]) -> frozenset[str] | None:
    """The tables the aggregates of ``tree`` read (a ``count(*)``: its first table's rows);
    None where one is unclear."""
    out: set[str] = set()
    for node in tree.find_all(exp.AggFunc):
        columns = list(node.find_all(exp.Column))
        if not columns:
            first = _first_table(tree, tables)
            if first is None:
                return None
            out.add(first.name)
            continue
        for c in columns:
            table = tables.get(c.table) if c.table else _owner(c.name, tables)
            if table is None:
                return None
            out.add(table.name)
    return frozenset(out)


def _owner(column: str, tables: dict[str, Table]) -> Table | None:
    owners = {t.name: t for t in tables.values() if t.column(column) is not None}
    return next(iter(owners.values())) if len(owners) == 1 else None


def _shown(node: exp.Expression, tables: dict[str, Table],
           named: set[tuple[str, str | None]]) -> Element | None:
    """The element a projection (or ORDER BY key) is, None when explained."""
    if isinstance(node, exp.Star) or node.find(exp.Count):
        return None
    if isinstance(node, exp.Filter):
        # ``sum(x) FILTER (WHERE <period>)``: its condition is one of the WHERE conditions
        # (:func:`_filter` says whether the question explains it), the rest the aggregate
        node = node.this
    summed = isinstance(node, exp.Sum)
    inner = node.this if isinstance(node, (exp.Sum, exp.Avg, exp.Max, exp.Min)) else node
    columns = list(inner.find_all(exp.Column))
    if not columns:
        if isinstance(inner, exp.Literal):
            return None
        raise _Unclear("an expression of no column")
    table = _one_owner(columns, tables)
    if isinstance(inner, exp.Column):
        column = _column(table, inner.name)
        if column is None:
            raise _Unclear("a column of no table")
        if (table.name, column.name) in named or column in shown_names(table) \
                or column is name_column(table) or column.name in table.primary_key:
            return None
        if summed:       # summed with no aggregate word said: "billed per hotel" sums it too
            return table, Measure(column.name, column.type, expr=_spelt(inner, table), additive=True), None
        return table, column, None
    if any(literal.is_string for literal in inner.find_all(exp.Literal)):
        # "what percent of the budget is personnel": the share of one value is the question's
        # own, no word's measure ("budget" is no ratio)
        raise _Unclear("an expression holding a constant")
    scaled = _scaled_sum(inner)
    if scaled is not None:
        # ``sum(net_kg) / 1000.0`` for "tonnes": the tonnes of a row, summed (kept as the
        # aggregate, "total tonnes" would sum a sum)
        inner, summed = scaled, True
    expr = _spelt(inner, table)
    if (table.name, expr) in named or (table.name, _read_key(expr)) in named:
        return None
    return table, Measure("taught", "numeric", expr=expr, additive=summed), None


def _scaled_sum(node: exp.Expression) -> exp.Expression | None:
    """``x / c`` (or ``x * c``) for ``sum(x) / c``: a sum scaled by a number is the sum of
    the scaled rows; None for any other expression holding an aggregate."""
    if isinstance(node, (exp.Div, exp.Mul)) and isinstance(node.this, exp.Sum) \
            and isinstance(node.expression, exp.Literal) and not node.expression.is_string \
            and not node.this.this.find(exp.AggFunc):
        scaled = node.copy()
        scaled.set("this", node.this.this.copy())
        return scaled
    return None


def _read_key(expr: str) -> str:
    """The columns an expression of one table reads, as one key: a measure the question names
    ("average *age*") explains an expression of the same columns however it is spelt
    (``date_part('year', age(birth_dt))`` for the reader's ``EXTRACT(YEAR FROM AGE(...))``)."""
    return "columns:" + ",".join(sorted({c.lower() for c in _COLUMNS_READ.findall(expr)}))


def _inferable(element: Element, p: _Parsed) -> bool:
    """Whether ``element`` is an aggregate of the one number of a table the question names
    (``sum(t_fee.amount)`` of "total fees"): what the reader reads from the aggregate word and
    the table's name alone."""
    table, column, condition = element
    if condition is not None or column is None or (table.name, None) not in _named(p.mentions, p.links):
        return False
    if isinstance(column, Measure):
        plain = re.fullmatch(r'"?[^".]+"?\."?([^".]+)"?', column.expr)
        own = _column(table, plain.group(1)) if plain is not None else None
        return own is not None and column.additive and _only_number(table, own)
    return False


def _only_number(table: Table, column: Column) -> bool:
    """Whether ``column`` is the one number of ``table`` that is no key: an aggregate over
    the table named ("total fees", "the average donation") can only be of it, as the reader
    reads it, so no word of the question is needed to say it."""
    keys = set(table.primary_key) | {c for fk in table.foreign_keys for c in fk.columns}
    numbers = [c for c in table.columns if c.name not in keys
               and short_type(c.type) in ("int", "num")]
    return numbers == [column]


def _spelt(node: exp.Expression, table: Table) -> str:
    """``node`` with every column qualified by its table's own name, quoted as the reader
    quotes (:func:`~ask.translate.sketch.spelling.ident`)."""
    def requalify(n: exp.Expression) -> exp.Expression:
        if not isinstance(n, exp.Column):
            return n
        column = _column(table, n.name)
        name = column.name if column is not None else n.name
        return exp.Column(this=exp.to_identifier(name, quoted=ident(name) != name),
                          table=exp.to_identifier(table.name, quoted=ident(table.name) != table.name))
    return node.copy().transform(requalify).sql(dialect="postgres")


def _column(table: Table, name: str) -> Column | None:
    """The column ``name`` spells, as PostgreSQL folds an unquoted one."""
    return table.column(name) or table.column(name.lower())


def _conjuncts(node: Any) -> list[exp.Expression]:
    if isinstance(node, exp.And):
        return _conjuncts(node.left) + _conjuncts(node.right)
    if isinstance(node, exp.Paren):
        return _conjuncts(node.this)
    return [node]


def _is_join(node: exp.Expression) -> bool:
    return isinstance(node, exp.EQ) and isinstance(node.left, exp.Column) and isinstance(node.right, exp.Column)


def _filter(node: exp.Expression, tables: dict[str, Table], words: list[str],
            links: Sequence[ValueMatch]) -> Element | None:
    """The element a WHERE conjunct is: None when the question explains it (a join, a value
    it names, a number it states, a period)."""
    if _is_join(node):
        return None
    if isinstance(node, exp.Or):
        raise _Unclear("either of two conditions")
    strings = [normalise(s.this) for s in node.find_all(exp.Literal) if s.is_string]
    numbers = [s.this for s in node.find_all(exp.Literal) if not s.is_string]
    said = set(words)
    linked = {tuple(normalise(m.value)) for m in links}
    if any(tuple(s) in linked or set(s) <= said or _said_in_part(s, words) for s in strings if s):
        return None
    if any(n in said for n in numbers):
        return None
    text = node.sql(dialect="postgres").lower()
    if any(f in text for f in _DATE_FUNCTIONS) and (period_words(words) or any(is_number(w) for w in words)):
        return None
    table = _one_owner(list(node.find_all(exp.Column)), tables)
    if _negative(node) and any(w in _SAID_NEGATIONS or w.endswith("n't") for w in words):
        # "invoices that haven't been paid": the negation said is the condition's, so the
        # word left ("paid") means its opposite; teach nothing rather than the inversion
        raise _Unclear("a negative condition of a negation said")
    columns = [table.column(c.name) for c in node.find_all(exp.Column)]
    if len(columns) == 1 and columns[0] is not None and any(
            _comment_pairs(columns[0], constant, said) for constant in [*numbers, *(" ".join(s) for s in strings)]):
        return None
    if len(columns) == 2 and all(c is not None and _column_said(c, said) for c in columns) \
            and isinstance(node, (exp.GT, exp.GTE, exp.LT, exp.LTE)):
        return None
    return table, None, _spelt(node, table)


_SAID_NEGATIONS = NEGATIONS | {"no", "never", "without", "none", "nothing", "yet"}


def _said_in_part(value: list[str], words: list[str]) -> bool:
    """Whether the question names a stored value in part: two or more of its words in a row
    ("Badger Dairy" for 'Badger Dairy Co-op', "Jefferson Middle" for 'Jefferson Middle
    School'). The condition is the value's, not one of another word's ("deliver" in "which
    restaurants does Badger Dairy deliver to" is no ``supplier_name = 'Badger Dairy Co-op'``)."""
    return any(value[j:j + 2] == words[i:i + 2] for j in range(len(value) - 1)
               for i in range(len(words) - 1))


def _negative(node: exp.Expression) -> bool:
    """Whether a condition is a negation: ``NOT x``, ``x IS NULL``, ``x <> c``."""
    if isinstance(node, exp.Not):
        inner = node.this.this if isinstance(node.this, exp.Paren) else node.this
        return not (isinstance(inner, exp.Is) and isinstance(inner.expression, exp.Null))
    if isinstance(node, exp.Is):
        return isinstance(node.expression, exp.Null) and not node.args.get("negate")
    return isinstance(node, exp.NEQ)


def _comment_pairs(column: Column, constant: str, said: set[str]) -> bool:
    """Whether the column's comment spells ``constant`` beside a word the question says
    ("1 emergency, 2 urgent" for ``priority = 1`` in "emergency work orders"): the question
    states the constant in the schema's own words."""
    words = normalise(column.comment or "")
    wanted = normalise(constant)
    n = len(wanted)
    return bool(wanted) and any(
        words[i:i + n] == wanted and any(sing(w) in said or w in said for w in words[max(0, i - 1):i] + words[i + n:i + n + 1]
                                         if w not in _CUES and not is_number(w))
        for i in range(len(words) - n + 1))


def _column_said(column: Column, said: set[str]) -> bool:
    """Whether the question says a word of the column's name (``paidOn``: "paid")."""
    return any(len(w) > 2 and w not in _CUES and (w in said or any(sing(x) == w for x in said))
               for w in identifier_words(column.name))


def _one_owner(columns: list[exp.Column], tables: dict[str, Table]) -> Table:
    owners = {id(t): t for t in (tables.get(c.table) if c.table else _owner(c.name, tables)
                                 for c in columns) if t is not None}
    if len(owners) != 1 or any((tables.get(c.table) if c.table else _owner(c.name, tables)) is None
                               for c in columns):
        raise _Unclear("columns of several tables")
    return next(iter(owners.values()))
