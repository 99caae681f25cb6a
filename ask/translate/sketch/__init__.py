"""Reading a plain question straight onto the caller's schema, without the model.

Most analyst questions are one of a few shapes — a count, a list, an aggregate of a measure,
one of those per group, the row with the largest or smallest value — filtered by named values
and number comparisons. The shape is carried by English words that mean the same on any
schema ("how many", "average", "per", "more than", "the most"); what the question is about is
carried by the schema's own names and stored values, which :mod:`ask.context.subjects` and
value linking already find. So a question whose every content word is one of those can be
*read*: the SQL follows from where the words sit, with no training and no schema of ours in
it.

:func:`read_question` returns the reading and how much of the question it accounts for
(``coverage``); a question it cannot read (a word it has no place for, two readings it cannot
choose between) gets ``None``. The planner offers the reading as one more candidate, checked
like any other.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ask.context.value_codes import code_table
from ask.context.value_linking import EXACT_SCORE, ValueMatch, normalise, singular
from ask.schema import Column, SchemaContext, Table, short_type
from ask.translate.sketch.date_keys import date_keys
from ask.translate.sketch.fact_choice import measures_on_reached_tables
from ask.translate.sketch.comparisons import counted_rows, direct_count, disjoint_bounds, either_bound, number_filters
from ask.translate.sketch.filters import (boolean_filters, both_years, coded_links, date_column, date_filters, key_roles, link_filters, use_roles,
                                          periods_over_values,
                                          period_words, standalone_tables)
from ask.translate.sketch.money_units import as_measure, major_said, minor_refs
from ask.translate.sketch.measures import (ENDED, MONEY_VERBS, Measure, additive, amounts_done, closed_condition, not_revenue, ongoing,
                                           paid_by_us,
                                           event_dates, money_said, open_condition, summable, table_measures, time_to,
                                           unit_named)
from ask.translate.sketch.nested import (absent_table, aggregated_intersection, average_comparison, extreme_comparison,
                                         not_exists, rate_of_flag, rate_of_linked_value, rate_of_value, refers_to, share_cue, through_absent,
                                         top_row_condition)
from ask.context.related_words import is_verb_form
from ask.translate.sketch.names import (Mention, dated_verbs_over_values, find_mentions, money_column, money_mentions,
                                         group_names, name_column, name_words, person_behind, reading_people, resolve, taught_labels,
                                         shown_names,
                                         owners_named_by_what_they_own, table_words_over_values, flags_over_values)
from ask.translate.sketch.shapes import (average_count_per, count_frame, headcount, sign_ups, days_between, days_since_last, duration_asked, time_since_said,
                                         listed_names, ratio_of_amounts, row_label, dated, group_frame, grouped_by, main_table, ranked_aggregate,
                                         most_common, order_frame, period_frame, read_aggregates,
                                         people_asked, joined_table_words, ranked_by, read_listed, read_ranking, top_n)
from ask.translate.sketch.states import late_said_from, state_filters, still_in_use
from ask.translate.sketch.null_meaning import absent_values, null_filters, null_mentions, present_values
from ask.translate.sketch.semantic import Entry, unplaced_spellings
from ask.translate.sketch.taught import (TaughtLexicon, corrected_measures, drop_contradicted, implied_filters,
                                        idle_words, said_names, taught_filters, taught_modifiers)
from ask.translate.sketch.text_match import contains_filters
from ask.translate.sketch.spelling import (Group, Parts, Ranking, Select, Unreadable, fk_edges, fk_path, ident, order_direction,
                                           qualified, roles_said, spell)
from ask.translate.sketch.vocabulary import (AGGREGATES, ASC_WORDS, COUNT_LEADS, CURRENCY_WORDS, DESC_WORDS, FILLER, HARMLESS, NUMERIC,
                                             SCALE_WORDS, SUPERLATIVES, UNIT_NOUNS, digits, filler_contraction, find,
                                             is_number, sing, stem, use)


def qualified_name(table: Table) -> str:
    return ident(table.name)


@dataclass(frozen=True, slots=True)
class Reading:
    sql: str
    coverage: float         # share of the question's content words the reading accounts for
    uncovered: tuple[str, ...] = ()     # the content words it does not


def spelt_links(words: list[str], links: Sequence[ValueMatch]) -> list[ValueMatch]:
    """A near match whose stored value the question spells word for word inside its span ("at
    Alpine Rest" -> 'Alpine Rest') is exact on those words."""
    out = []
    for m in links:
        value = normalise(m.value)
        if not m.exact and value:
            at = find(words[m.start:m.end], tuple(value))
            if at >= 0:
                m = dataclasses.replace(m, start=m.start + at, end=m.start + at + len(value), score=EXACT_SCORE)
        out.append(m)
    return out


def schema_words(schema: SchemaContext) -> frozenset[str]:
    """Every word of the schema's table and column names, stemmed."""
    words = {w for t in schema.tables for name in (t.name, *(c.name for c in t.columns))
             for w in name_words(name)}
    return frozenset(stem(w) for w in words)       # each distinct word once: names repeat


def prepare(schema: SchemaContext) -> None:
    """Build the reader's per-schema structures (its index of names, the foreign-key graph)."""
    find_mentions([], schema)
    schema.derived("sketch.edges", fk_edges)
    schema.derived("sketch.words", schema_words)


def read_question(question: str, schema: SchemaContext,
                  links: Sequence[ValueMatch] = (), taught: TaughtLexicon | None = None,
                  by_sense: bool = False) -> Reading | None:
    """The SQL a plain question reads as on ``schema``, or None when it does not read plainly;
    ``taught``: what the role's taught examples say its words mean (:mod:`.taught`). With
    ``by_sense`` (``[ask] sense_placement``), words the schema's names do not spell are placed
    by sense (:mod:`.semantic`) when that reads more."""
    with taught_labels(taught.labels if taught else None), reading_people(schema):
        reading = _read_taught(question, schema, links, taught, by_sense)
        if major_said(question_words(question)):
            # "dollars invoiced last month": the currency word names the money, as "total" would
            in_money = _read_taught(question, schema, links, taught, by_sense, in_money=True)
            if in_money is not None and (reading is None or len(in_money.uncovered) <= len(reading.uncovered)):
                reading = in_money
    if reading is not None and set(reading.uncovered) & CURRENCY_WORDS:
        return None     # "plans under 30 quid a month" read without its amount: not read
    return reading


def _read_taught(question: str, schema: SchemaContext, links: Sequence[ValueMatch],
                 taught: TaughtLexicon | None, by_sense: bool, in_money: bool = False) -> Reading | None:
    reading = _read_question(question, schema, links, taught, in_money=in_money)
    if not by_sense or reading is not None and not reading.uncovered:
        return reading
    words = question_words(question, in_money)
    names = taught.names if taught else {}
    placed = unplaced_spellings(words, schema, spelt_links(words, links), names,
                                 reading.uncovered if reading is not None else None)
    if not placed:
        return reading
    return prefer_sensed(reading, _read_question(question, schema, links, taught, {**placed, **names}, in_money))


def prefer_sensed(lexical: Reading | None, sensed: Reading | None) -> Reading | None:
    """The reading with words placed by sense where it places every content word; a reading
    that still leaves one unplaced is no better evidence than the lexical one, and its
    placements are the guesses most often wrong (``[ask] sense_placement``)."""
    return sensed if sensed is not None and not sensed.uncovered else lexical


def question_words(question: str, in_money: bool = False) -> list[str]:
    """The question's words as the reader reads them; ``in_money``: its currency words read as
    the money they name (:func:`.money_units.as_measure`)."""
    words = [w[:-2] if w.endswith("'s") and len(w) > 2 else w for w in digits(normalise(question))]  # "series's"
    words = _number_of(words)
    return as_measure(words) if in_money else words


def _number_of(words: list[str]) -> list[str]:
    """"no. of farms", "nr of loads": the abbreviated "number of" a count says (never a "no"
    that negates: no English phrase puts "of" right after that)."""
    return ["number" if w in ("no", "nr", "num") and words[i + 1:i + 2] == ["of"] else w for i, w in enumerate(words)]


def _read_question(question: str, schema: SchemaContext, links: Sequence[ValueMatch],
                   taught: TaughtLexicon | None, names: Mapping[tuple[str, ...], Sequence[Entry]] | None = None,
                   in_money: bool = False) -> Reading | None:
    words = question_words(question, in_money)
    if not words or len(words) > 40:
        return None
    used = [False] * len(words)
    links = spelt_links(words, links)
    names = said_names(words, taught, names)
    mentions = taught_modifiers(words, find_mentions(words, schema, links, names), taught)
    mentions = null_mentions(words, corrected_measures(mentions, taught), schema)
    mentions = sign_ups(words, headcount(words, mentions, schema), schema)
    spans = [(m.start, m.end) for m in links if m.exact]
    mentions = present_values(words, absent_values(words, mentions, spans), spans)
    mentions = measures_on_reached_tables(words, mentions, links, schema)
    links = table_words_over_values(words, links, mentions)
    links = flags_over_values(words, links, mentions, schema)
    links = dated_verbs_over_values(words, links, period_words(words), schema)
    links = [*periods_over_values(words, links, mentions, schema), *coded_links(words, mentions, schema, links)]
    mentions, owned = owners_named_by_what_they_own(mentions)
    for a, b in owned:
        use(used, a, b)
    mentions = [m for m in mentions if m.column is not None and not isinstance(m.column, Measure) or not any(
        v.exact and v.start <= m.start and m.end <= v.end for v in links)]    # "Central Library", "Sales Support Agent"
    parts = Parts(taught_dates=dict(taught.dates) if taught else {},
                  taught_joins=taught.joins if taught else frozenset(), said=frozenset(words),
                  taught_paths=taught.paths if taught else {},
                  in_major=minor_refs(schema) if in_money or major_said(words) else frozenset())
    for m in links:
        if m.exact:
            use(used, m.start, m.end)
            if m.start > 0 and words[m.start - 1] in ("still", "currently"):
                use(used, m.start - 1, m.start)     # "offers still pending": the state it is in
    named = frozenset(i for m in mentions for i in range(m.start, m.end))
    for a, b in taught_filters(words, used, parts, taught, named):
        mentions = [m for m in mentions if m.end <= a or m.start >= b]
    try:
        read(words, used, mentions, links, schema, parts, _marks(question), _quoted(question))
        implied_filters(parts, taught)
        drop_contradicted(parts, taught)
        _not_revenue(parts, schema)
        _new_in_period(words, used, mentions, parts)
        _began_in_period(words, used, mentions, parts)
        parts.group_names = group_names(parts.group, [c for _, _, c in parts.selects])
        sql = spell(parts, schema)
    except Unreadable:
        return None
    if sql is None:
        return None
    for i in roles_said(words, sql, schema):
        used[i] = True          # "won" chose winner_team_id: it is read
    for i in joined_table_words(words, used, mentions, schema, sql):
        used[i] = True          # "downtime reasons": the reasons of the downtime events joined
    known = schema.derived("sketch.words", schema_words)
    content = [i for i, w in enumerate(words) if w not in FILLER and w not in HARMLESS and w not in SCALE_WORDS
               and not filler_contraction(w) and not _particle_of_read_verb(words, used, i)
               and (used[i] or not _relating_verb(w, known))]
    if not content:
        return None
    if not used[0] and 0 in content and not is_number(words[0]) and words[0] not in _LEADS \
            and words[0] not in COUNT_LEADS:
        return None     # "evict the tenants of …": a request the reader has no word for
    if any(m.exact and m.end in content and not used[m.end] and stem(sing(words[m.end])) not in known
           and not is_verb_form(words[m.end]) and _rows_after_value(words, m.start, m.end) for m in links):
        return None     # "parking spaces": a stored value naming something the schema does not hold
    if any(m.column is None and m.end in content and not used[m.end] and _plural_noun(words[m.end])
           and stem(sing(words[m.end])) not in known for m in mentions if used[m.start]):
        return None     # "customer complaints": a table's word before a thing the schema does not hold
    idle = idle_words(taught, sql)
    uncovered = [i for i in content if not used[i] and sing(words[i]) not in idle]
    return Reading(sql, (len(content) - len(uncovered)) / len(content), tuple(words[i] for i in uncovered))


def _not_revenue(parts: Parts, schema: SchemaContext) -> None:
    """A revenue summed or ranked by leaves out the rows the schema says are no sales
    (:func:`.measures.not_revenue`: a voided check's lines), unless the question filters that
    column itself ("sales on voided checks")."""
    summed = [t for _, t, c in parts.selects if isinstance(c, Measure) and c.name == "revenue"]
    if parts.order is not None:     # "top 3 dishes by sales": ranked by the sum of a table's revenue
        tables = [t for t in (parts.table, *(t for _, t, _ in parts.selects), *parts.filter_tables) if t is not None]
        summed += [t for t in tables for c, _ in table_measures(t)
                   if c.name == "revenue" and isinstance(c, Measure) and c.expr in parts.order[0]]
    for table in dict.fromkeys(summed):
        for owner, column, condition in not_revenue(schema, table):
            if not any(column in f for f in parts.filters):
                parts.filters.append(condition)
                parts.filter_tables.append(owner)


def _new_in_period(words: list[str], used: list[bool], mentions: Sequence[Mention], parts: Parts) -> None:
    """"new members in the last 90 days": "new" before a table whose rows a period dates says
    only what the period does (they began in it)."""
    for i, word in enumerate(words):
        if word in ("new", "newly") and not used[i] and any(
                m.start == i + 1 and m.column is None and _dated_by_period(m.table, parts) for m in mentions):
            used[i] = True


def _dated_by_period(table: Table, parts: Parts) -> bool:
    """Whether a period from today filters ``table``'s rows, or splits them into the periods
    compared ("new members this year vs last year")."""
    return table in parts.filter_tables and any("current_date" in f for f in parts.filters) \
        or any("current_date" in f and f"{ident(table.name)}." in f for f in parts.compared)


# Verbs saying a row came into being ("members who joined", "subscribers signed up"), with the
# particle each may take.
_BEGAN = {"joined": (), "signed": ("up", "on"), "registered": (), "enrolled": (), "enroled": (), "subscribed": (),
          "onboarded": ()}


def _began_in_period(words: list[str], used: list[bool], mentions: Sequence[Mention], parts: Parts) -> None:
    """"how many new members joined last month", "subscribers who signed up this year": a verb
    of rows coming into being, said of a table whose rows a period dates, says only what the
    period does (they began in it)."""
    for m in mentions:
        if m.column is None and _dated_by_period(m.table, parts):
            at = m.end
            while at < len(words) and words[at] in ("who", "that", "which", "have", "has", "had", "all"):
                at += 1
            if at < len(words) and words[at] in _BEGAN and not used[at]:
                end = at + 1 + (words[at + 1:at + 2] != [] and words[at + 1] in _BEGAN[words[at]])
                use(used, m.end, end)


def _plural_noun(word: str) -> bool:
    """"complaints", "applicants": a plural noun (not "speaks", "runs": a verb a name may make)."""
    return len(word) > 3 and word.endswith("s") and not word.endswith("ss") and sing(word) != word \
        and not is_verb_form(word) and word not in HARMLESS


def _rows_after_value(words: list[str], start: int, end: int) -> bool:
    """Whether the word after a stored value (``words[start:end]``), which the reading left
    unread, may name something it had to place: anything but a singular noun that ends the
    phrase, which after a value only says what kind of thing the value is ("the hybrid *fleet*",
    "a pest *problem*", "Jo Whitaker's *gang* had": the value's own rows, which the value
    already places). A plural noun names rows ("*parking* spaces", "NIH *grants*"); a noun the
    phrase goes on after is a thing of the value's ("contractor *license* expiration dates",
    "electricity *consumption* per machine"); after do/does/did the word is the question's
    verb, whose relation the reading did not read ("which building does Daniel Reyes *live*
    in"); "something", "anyone" stand for rows; a word of two letters is no noun ("fall 2025
    *vs* fall 2026")."""
    word, after = words[end], words[end + 1:end + 2]
    kind_of_value = word.isalpha() and len(word) > 2 and not _plural_noun(word) \
        and not _INDEFINITE.fullmatch(word) and (not after or after[0] in FILLER or after[0] in HARMLESS) \
        and not any(w in _ASKING_AUXILIARIES for w in words[:start])
    return not kind_of_value


def _particle_of_read_verb(words: list[str], used: list[bool], at: int) -> bool:
    """"comps we've given *out*", "cars we've handed *out*": the particle of a phrasal verb whose
    verb is read or needs no reading ("given", "made": ``HARMLESS``) is part of that verb."""
    return at > 0 and words[at] in _PARTICLES and is_verb_form(words[at - 1]) \
        and (used[at - 1] or words[at - 1] in HARMLESS)


_PARTICLES = frozenset(("out", "up", "off", "away", "back", "down"))

# "returned *something*", "anyone", "nowhere": a pronoun standing for rows, no noun of a kind.
_INDEFINITE = re.compile(r"(some|any|no|every)(thing|one|body|where)")

# The auxiliaries that ask a question whose verb follows its subject: "which clinic *does* Nina
# Ivanova work at", "how many dessert portions *did* Prairie Table sell".
_ASKING_AUXILIARIES = frozenset(("do", "does", "did"))


def _relating_verb(word: str, known: frozenset[str]) -> bool:
    """"conductors and the orchestras they *conducted*", "visitors who *visited*": a verb made
    from a name of the schema relates the things named, like "made" or "used"."""
    if not word.endswith(("ed", "ing")) or len(stem(word)) < 4:
        return False
    root = stem(word)
    return any(k.startswith(root) for k in known)


@dataclass(slots=True)
class Shape:
    """What the question's cue words say, before the decisions below reconcile them."""
    counting: int | None
    order: tuple[str, str] | None
    group: Group | None
    aggregates: list[Select]
    ranking: Ranking | None
    listed: list[Select]
    listed_at: list[int]
    absent: Mention | None = None       # "never ... <table>": rows of it must not exist
    share: bool = False                 # "what percent of ...": a ratio of counts
    period: str | None = None           # "by month", "weekly": one row per period
    asked: bool = False                 # the question names columns to show

    def keep_listed(self, keep: Callable[[Select, int], bool]) -> None:
        """Keep the listed columns (with the word positions they were said at) that ``keep``
        accepts: a decision that read their words as something else drops the rest."""
        kept = [(x, at) for x, at in zip(self.listed, self.listed_at) if keep(x, at)]
        self.listed, self.listed_at = [x for x, _ in kept], [at for _, at in kept]


def _marks(question: str) -> dict[str, int]:
    """Symbols that carry a shape but are not words: "what % of orders", "# of returns" (the
    value: how many words come before the symbol)."""
    question = _QUOTED.sub(lambda m: " " * len(m.group(0)), question)    # not inside a quoted text
    return {mark: len(normalise(question[:question.index(mark)])) for mark in "%#" if mark in question}


_QUOTED = re.compile(r"""(?:(?<=\s)|^)(['"])(.+?)\1(?=[\s?.,!;:]|$)""")


def _quoted(question: str) -> list[tuple[int, int, str]]:
    """Texts the question quotes ("the word 'Hey'"): (first word, end, the text as written)."""
    out = []
    for m in _QUOTED.finditer(question):
        start = len(normalise(question[:m.start()]))
        out.append((start, start + len(normalise(m.group(2))), m.group(2).strip()))
    return out


def read(words: list[str], used: list[bool], mentions: list[Mention], links: Sequence[ValueMatch],
         schema: SchemaContext, parts: Parts, marks: dict[str, int] | None = None,
         quoted: Sequence[tuple[int, int, str]] = ()) -> None:
    mentions = _head_nouns(words, mentions)
    periods = period_words(words)
    mentions = [m for m in mentions if not periods & set(range(m.start, m.end))]
    mentions = [m for m in mentions if not (isinstance(m.column, Measure) and words[m.start] == "times")]
    starts = {m.start for m in mentions}
    for m in mentions:          # "in the TV Channel table", "staff members": the word says what the name is
        if m.column is None and m.end < len(words) and (words[m.end] in ("table", "tables") or
                                                        words[m.end] in _PEOPLE_OF and m.end not in starts):
            use(used, m.end, m.end + 1)
    mentions = between_dates(words, mentions, schema)
    mentions = time_to(words, mentions, schema.tables, Mention, schema)
    mentions = units(words, used, mentions)
    linked = [t for t in (resolve(schema, m.table) for m in links if m.exact) if t is not None]
    mentions = unit_named(words, mentions, Mention, linked)
    mentions = money_mentions(words, mentions, schema)
    mentions = still_in_use(words, used, mentions, frozenset(i for m in links if m.exact for i in range(m.start, m.end)))
    people = people_asked(words, mentions, schema)
    if people is not None:      # "who logged the most overtime": the employees
        if not any(m.start <= 1 < m.end for m in mentions) and (words[2] == "the" or words[2] in SUPERLATIVES) \
                and is_verb_form(words[1]):
            use(used, 1, 2)     # "logged": what relates them to the rows ranked
        mentions = [people, *mentions]
    absent = absent_table(words, used, mentions, schema.tables, links)
    if absent is not None:      # its rows only matter inside NOT EXISTS, where what follows restricts them
        mentions = [m for m in mentions if (m.table is not absent.table or m.start >= absent.start)
                    and not (m.column is None and absent.start - 4 <= m.start and m.end <= absent.start
                             and used[m.start])]        # "did not *visit* any museum": a verb
    paid_by_us(words, used, mentions)
    shape = _gather(words, used, mentions, links, schema, parts, marks or {}, quoted)
    shape.absent = absent
    for m in mentions:      # "average csat score": the column's number, said twice
        if m.column is not None and used[m.start] and m.end < len(words) and not used[m.end] \
                and words[m.end] in UNIT_NOUNS and short_type(m.column.type) in ("int", "num"):
            use(used, m.end, m.end + 1)
    amounts_done(words, used, mentions)
    if not shape.aggregates and shape.ranking is None and shape.group is None:
        lasted = duration_asked(words, used, mentions, schema)     # before "open" is read as a state
        if lasted is not None:
            shape.aggregates, shape.counting, shape.listed, shape.listed_at = [lasted], None, [], []
    if len(parts.filters) > 1 and any(w == "or" and not used[i] for i, w in enumerate(words)):
        raise Unreadable("either of two conditions")     # "from France or older than 40": not both
    share, read = state_filters(words, used, mentions, parts, schema, absent)
    shape.share = shape.share or share
    shape.keep_listed(lambda _, k: k not in read)
    for decide in DECISIONS:
        decide(shape, words, used, mentions, parts)
    _place(shape, words, used, mentions, parts, schema)


# The people of a group a table names: "staff members", "crew members", when
# the word names nothing itself.
_PEOPLE_OF = frozenset(("member", "members"))


def _gather(words: list[str], used: list[bool], mentions: list[Mention], links: Sequence[ValueMatch],
            schema: SchemaContext, parts: Parts, marks: dict[str, int],
            quoted: Sequence[tuple[int, int, str]] = ()) -> Shape:
    """Every cue, in the order they claim words (a count frame before the filters' numbers,
    an explicit order before a superlative, …)."""
    share = (share_cue(words, used, mentions) or "%" in marks) and not _growth_said(words)
    period = period_frame(words, used, mentions)
    counting = count_frame(words, used, mentions)
    if counting is None and "#" in marks:
        counting = marks["#"] + 1         # "# of returned orders": the words after it
    link_filters(words, used, mentions, links, schema, parts)
    contains_filters(words, used, mentions, parts, quoted)
    average_comparison(words, used, mentions, parts)
    extreme_comparison(words, used, mentions, links, parts)
    number_filters(words, used, mentions, parts)
    either_bound(words, used, parts)
    disjoint_bounds(parts)
    boolean_filters(words, used, mentions, parts)
    null_filters(words, used, mentions, parts)
    by = ranked_by(words, used, mentions)
    ordered = order_frame(words, used, mentions)
    if ordered is not None and ordered[2] is not None:
        parts.filter_tables.append(ordered[2])
    group = group_frame(words, used, mentions)
    aggregates = read_aggregates(words, used, mentions)
    by = by or ranked_aggregate(words, used, aggregates)
    order = ordered[:2] if ordered is not None else None
    ranking = by or (None if aggregates or order is not None else read_ranking(words, used, mentions))
    both_years(words, used, mentions, None, parts)
    listed, listed_at = read_listed(words, used, mentions)
    summed = [x for x in listed if x[2] is not None and additive(x[1], x[2])]
    if period is not None and counting is None and not aggregates and summed:
        aggregates = [("sum", summed[0][1], summed[0][2])]      # "monthly revenue", "amount paid by quarter": its total
        listed_at = [i for x, i in zip(listed, listed_at) if x is not summed[0]]
        listed = [x for x in listed if x is not summed[0]]
    if period is not None and counting is None and not aggregates:
        counting = len(words)           # "weekly orders": how many per week
    if not share and (rate_of_value(words, used, mentions, parts) or rate_of_linked_value(words, used, links, parts)
                      or rate_of_flag(words, used, mentions, parts)):
        share = True        # "job cancellation rate": not another table's rate column
        listed_at, listed = [i for i in listed_at if words[i] != "rate"], [
            x for x, i in zip(listed, listed_at) if words[i] != "rate"]
    return Shape(counting, order, group, aggregates, ranking, listed, listed_at, None, share, period,
                 asked=bool(listed))


def _head_nouns(words: list[str], mentions: list[Mention]) -> list[Mention]:
    """"the least number of TV channels and how many channels use it": "channels" again is the
    table named before by its full name, not another table's ``channel`` column."""
    named = {id(m.table): m.table for m in mentions if m.column is None and m.end - m.start > 1}
    out = list(mentions)
    for i, w in enumerate(words):
        here = [m for m in mentions if m.start == i and m.end == i + 1]
        if not here or any(m.column is None for m in mentions if m.start <= i < m.end):
            continue
        table = next((t for t in named.values() if name_words(t.name)[-1] == sing(w)), None)
        if table is not None and not any(m.table is table for m in here):
            out = [m for m in out if m not in here] + [Mention(table, None, i, i + 1)]
    return out


def between_dates(words: list[str], mentions: list[Mention], schema: SchemaContext | None = None) -> list[Mention]:
    """"days between booking and check-in", "hours between opened and closed": the difference
    of two date columns of one table, later minus earlier, as one measure over the span; of a
    star schema's fact row, the dates its two date keys say (:func:`_between_keys`)."""
    at = next((i for i, w in enumerate(words) if w == "between"), -1)
    if at < 1 or words[at - 1] not in ("days", "hours", "time", "nights", "duration", "gap"):
        return mentions
    keyed = _between_keys(words, at, schema) if schema is not None else None
    if keyed is not None:
        return [m for m in mentions if not (at - 1 <= m.start < keyed.end)] + [keyed]
    first = _date_mention(mentions, at + 1)
    if first is None or first.end >= len(words) or words[first.end] != "and":
        return mentions
    second = _date_mention(mentions, first.end + 1)
    if second is None or second.table is not first.table or first.column is None or second.column is None:
        return mentions
    table, start, end = first.table, qualified(first.table, first.column), qualified(second.table, second.column)
    hours = words[at - 1] == "hours"
    if short_type(first.column.type) == "date" and short_type(second.column.type) == "date" and not hours:
        expr = f"({end} - {start})"
    else:
        expr = f"extract(epoch FROM {end} - {start}) / {3600 if hours else 86400}"
    measure = Mention(table, Measure("between", "numeric", expr=expr), at - 1, second.end)
    return [m for m in mentions if not (at - 1 <= m.start < second.end)] + [measure]


def _between_keys(words: list[str], at: int, schema: SchemaContext) -> Mention | None:
    """"days between order and ship" over a fact row of two date keys (``order_date_key``,
    ``ship_date_key``): each key's role said on one side of "and", the dimension's dates they
    refer to subtracted, later minus earlier."""
    try:
        end = words.index("and", at + 2)
    except ValueError:
        return None
    after = end + 1
    while after < len(words) and after <= end + 3 and words[after] not in ("for", "of", "per", "by", "in", "on"):
        after += 1
    sides = (words[at + 1:end], words[end + 1:after])
    for table in schema.tables:
        keys = date_keys(schema, table)
        if len(keys) < 2:
            continue
        said = [[k for k in keys if any(w.startswith(r) for r in key_roles(k[0]) for w in side)] for side in sides]
        if len(said[0]) != 1 or len(said[1]) != 1 or said[0][0] is said[1][0]:
            continue
        dated = []
        for column, dim, key in (said[1][0], said[0][0]):
            day = next((c for c in dim.columns if short_type(c.type) == "date"), None)
            if day is None:
                return None
            dated.append(f"(SELECT {qualified(dim, day)} FROM {ident(dim.name)} "
                         f"WHERE {qualified(dim, dim.column(key))} = {qualified(table, table.column(column))})")
        return Mention(table, Measure("between", "numeric", expr=f"({dated[0]} - {dated[1]})"), at - 1, after)
    return None


def _date_mention(mentions: list[Mention], at: int) -> Mention | None:
    for start in (at, at + 1):       # "between the booking and ..."
        found = [m for m in mentions if m.start == start and m.column is not None
                 and short_type(m.column.type) in ("date", "ts")]
        if found:
            return max(found, key=lambda m: m.end)
    return None


_UNITS = {"second": "seconds", "minute": "minutes", "hour": "hours", "day": "days", "night": "days",
          "week": "weeks", "month": "months", "year": "years"}


def units(words: list[str], used: list[bool], mentions: list[Mention]) -> list[Mention]:
    """"in days", "in hours" after a measure the schema implies say its unit: the words are
    the measure's, and pick its variant in that unit where it has one."""
    measures = [m for m in mentions if isinstance(m.column, Measure) and m.column.unit]
    if not measures:
        return mentions
    for i, w in enumerate(words[:-1]):
        unit = _UNITS.get(singular(words[i + 1]))
        if w != "in" or unit is None:
            continue
        use(used, i, i + 2)
        mentions = [m for m in mentions if not (i <= m.start < i + 2)]
        if any(getattr(m.column, "unit") == unit for m in measures):
            mentions = [m for m in mentions if not (isinstance(m.column, Measure) and m.column.unit
                                                    and m.column.unit != unit)]
    return mentions


_OPEN = frozenset(("still", "active", "current", "currently", "outstanding", "unresolved", "unreturned",
                   "ongoing", "open", "now", "unpaid", "unsettled", "unfixed"))


def _still_open(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"loans still out", "agents still employed", "active memberships", "moored right now":
    rows whose span has not ended (its end date is empty)."""
    at = next((i for i, w in enumerate(words) if w in _OPEN and not used[i]), None)
    if at is None:
        return
    for m in mentions:
        if m.column is None:
            condition = open_condition(m.table, qualified_name(m.table))
            if condition is not None:
                parts.filters.append(condition)
                parts.filter_tables.append(m.table)
                _to_today(s, m.table)
                use(used, at - (at > 0 and words[at - 1] == "right" and words[at] == "now"), at + 1)   # "right now"
                if at + 1 < len(words) and (words[at + 1] in _STATE_WORDS or words[at + 1] in _OPEN):
                    use(used, at + 1, at + 2)
                elif tuple(words[at + 1:at + 3]) in _STATE_PHRASES:
                    use(used, at + 1, at + 3)
                return


# Words that negate the participle after them ("not paid", "haven't been fixed yet").
_NEGATORS = frozenset(("not", "never", "haven't", "hasn't", "weren't", "wasn't", "isn't", "aren't"))
_AUXILIARY_FILL = frozenset(("been", "be", "being", "yet", "ever", "got"))


def _not_yet_done(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"invoices not paid", "repairs that haven't been fixed yet": a negated participle that
    names a table's nullable date (``paidOn``, ``fixed_at``) asks for the rows where that date
    is empty, as "unpaid" does."""
    for i, w in enumerate(words):
        if w not in _NEGATORS or used[i]:
            continue
        j = i + 1
        while j < len(words) and words[j] in _AUXILIARY_FILL:
            j += 1
        if j >= len(words) or used[j] or not words[j].endswith(("ed", "paid", "done", "left")):
            continue
        for m in mentions:
            dates = [c for c in m.table.columns if c.nullable and short_type(c.type) in ("date", "ts")
                     and words[j] in name_words(c.name)] if m.column is None and m.start < i else []
            if len(dates) == 1:
                parts.filters.append(f"{qualified(m.table, dates[0])} IS NULL")
                parts.filter_tables.append(m.table)
                end = j + 2 if words[j + 1:j + 2] == ["yet"] else j + 1
                use(used, i, end)
                s.keep_listed(lambda _, k: not i <= k < end)
                return


def _late_or_overdue(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"reports submitted late", "invoices paid late": rows done after they were due (their
    done date after their due date); "overdue invoices": rows not done whose due date has
    passed. The table is one the question names that keeps a due date and one nullable date of
    when the row was done (``dueOn`` and ``paidOn``)."""
    for i, w in enumerate(words):
        if w not in ("late", "overdue") or used[i] or (w == "late" and i > 0 and words[i - 1] in ("days", "day")):
            continue
        found = _due_table(mentions)
        if found is None:
            return
        table, due, done = found
        if w == "late":
            parts.filters.append(f"{qualified(table, done)} > {qualified(table, due)}")
        else:
            parts.filters.append(f"{qualified(table, done)} IS NULL AND {qualified(table, due)} < current_date")
        parts.filter_tables.append(table)
        first = late_said_from(words, used, i)      # "paid late", "sent in late"
        use(used, first, i + 1)
        s.keep_listed(lambda _, k: not first <= k <= i)
        return


def _days_late(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"how many days late on average", "average days late": the days from the due date to the
    done date (:func:`_due_and_done`) of the rows done late, aggregated as the question says."""
    at = next((i for i, w in enumerate(words[:-1]) if w in ("days", "day") and words[i + 1] == "late"
               and not used[i] and not used[i + 1]), None)
    if at is None or s.group is not None or s.ranking is not None or s.aggregates:
        return
    found = _due_table(mentions)
    said = [i for i, w in enumerate(words) if w in AGGREGATES and not used[i]]
    if found is None or not said:
        return
    table, due, done = found
    end, start = qualified(table, done), qualified(table, due)
    dates = short_type(due.type) == "date" and short_type(done.type) == "date"
    expr = f"({end} - {start})" if dates else f"extract(epoch FROM {end} - {start}) / 86400"
    late = f"{end} > {start}"
    if late not in parts.filters:
        parts.filters.append(late)
        parts.filter_tables.append(table)
    s.aggregates = [(AGGREGATES[words[said[0]]], table, Measure("days_late", "numeric", expr=expr, unit="days"))]
    if s.counting is not None and s.counting <= at:
        s.counting = None           # "how many days late": the days, not a count
        if words[at - 2:at] == ["how", "many"]:
            use(used, at - 2, at)
    use(used, at, at + 2)
    for i in said:
        use(used, i, i + 1)
    s.keep_listed(lambda _, k: not at <= k <= at + 1)


def _due_table(mentions: list[Mention]) -> tuple[Table, Column, Column] | None:
    """The one table the question names that keeps a due and a done date (:func:`_due_and_done`),
    with those dates."""
    found = {id(m.table): (m.table, *dates) for m in mentions if m.column is None
             and (dates := _due_and_done(m.table)) is not None}
    return next(iter(found.values())) if len(found) == 1 else None


def _due_and_done(table: Table) -> tuple[Column, Column] | None:
    """(due date, done date) of ``table``: its one date named as due (``due_date``,
    ``deadline``) and its one nullable date of an event (empty until the row is done)."""
    due = [c for c in table.columns if short_type(c.type) in ("date", "ts")
           and set(name_words(c.name)) & {"due", "deadline"}]
    done = [c for c in event_dates(table) if c.nullable and c.name not in table.primary_key]
    return (due[0], done[0]) if len(due) == 1 and len(done) == 1 else None


# Verbs a total of money is said by ("total billed", "total paid on claims").
_MONEY_DONE = MONEY_VERBS | {"paid"}


def _total_of_money_done(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"total billed to X", "total paid on claims": "total" before a verb of money names the sum
    of the amount the verb's table implies (its revenue), not a date (``paid_on``) or a count."""
    at = next((i for i, w in enumerate(words[:-1]) if w in ("total", "sum") and words[i + 1] in _MONEY_DONE), None)
    if at is None or s.aggregates or s.group is not None or s.ranking is not None:
        return
    for m in mentions:
        if not m.start <= at + 1 < m.end:
            continue
        revenue = next((c for c, _ in table_measures(m.table) if c.name == "revenue"), None)
        if revenue is not None:
            s.aggregates, s.counting = [("sum", m.table, revenue)], None     # "total": a word, not a column
            s.keep_listed(lambda _, k: not at <= k < m.end)
            use(used, at, m.end)
            return


def _to_today(s: Shape, table: Table) -> None:
    """The duration of rows still open runs to today (:func:`.measures.ongoing`)."""
    def today(x: Select) -> Select:
        return (x[0], x[1], ongoing(table, x[2])) if x[1] is table and isinstance(x[2], Measure) else x
    s.aggregates = [today(x) for x in s.aggregates]
    s.listed = [today(x) for x in s.listed]


# what "still" is followed by: the state the empty end date means
_STATE_WORDS = frozenset(("out", "open", "employed", "active", "running", "pending", "unpaid", "on",
                          "working", "here", "going", "valid", "live", "enrolled", "outstanding"))
_STATE_PHRASES = frozenset((("in", "use"), ("in", "service"), ("in", "place"), ("on", "loan"), ("in", "progress")))


_BEFORE_ENDED = frozenset(("who", "that", "which", "have", "has", "had", "were", "was", "been", "already"))


def _has_ended(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"musicians who left", "animals that have left", "hives that were removed": rows whose
    span is over (its nullable end date is set)."""
    def before(m: Mention, at: int) -> bool:      # "retired bikes", "retired e-bikes": said of the rows after it
        return m.column is None and m.start in (at + 1, at + 2) and all(used[at + 1:m.start])

    at = next((i for i, w in enumerate(words) if w in ENDED and not used[i] and (
        i > 0 and words[i - 1] in _BEFORE_ENDED or any(before(m, i) for m in mentions))), None)
    if at is None:
        return
    for m in mentions:
        condition = closed_condition(m.table, qualified_name(m.table)) \
            if m.column is None and (m.start < at or before(m, at)) else None
        if condition is not None:
            parts.filters.append(condition)
            parts.filter_tables.append(m.table)
            use(used, at, at + 1)
            s.keep_listed(lambda _, k: k != at)
            return


def _additive(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"spa revenue", "revenue by hotel": an additive measure with no aggregate named is summed.
    So is an amount an analyst's noun phrase names alone ("litres of fuel bought by X", "hours
    worked by grade"): the total, not one row per event."""
    if s.aggregates or s.counting is not None:
        return
    for x in list(s.listed):
        if isinstance(x[2], Measure) and x[2].additive:
            s.listed.remove(x)
            s.aggregates.append(("sum", x[1], x[2]))
    if s.aggregates or len(s.listed) != 1 or s.ranking is not None or s.order is not None or not terse(words):
        return
    _, table, column = s.listed[0]
    if column is not None and summable(table, column):
        s.listed, s.listed_at = [], []
        s.aggregates.append(("sum", table, column))


def _average_per_group(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"average ascents per member": one number, the mean of the per-member counts
    (:func:`.shapes.average_count_per`)."""
    if s.aggregates or s.counting is not None or s.ranking is not None:
        return
    before = list(used)
    found = average_count_per(words, used, mentions, s.group)
    if found is not None:
        table, measure = found
        new = [i for i, (was, now) in enumerate(zip(before, used)) if now and not was]
        read_here = set(range(min(new), max(new) + 1)) if new else set()
        group = s.group[0] if s.group is not None else None
        s.keep_listed(lambda x, at: x[1] is not table and at not in read_here
                      and (group is None or x[1] is not group))     # "number" in "average number of": no column
        s.aggregates = [("", table, measure)]
        s.group = None


def _counted_per_group_on_average(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                                  parts: Parts) -> None:
    """"how many tickets per performance on average": the mean of the per-group counts, as
    "average tickets per performance" (:func:`.shapes.average_count_per`), the average said
    after the count."""
    avg = next((i for i, w in enumerate(words) if AGGREGATES.get(w) == "avg" and not used[i]), None)
    if avg is None or s.counting is None or s.group is None or s.aggregates or s.ranking is not None \
            or (avg < s.counting and not (avg > 0 and words[avg - 1] == "on")):
        return      # "average" before the count is its own shape ("average tickets per ...")
    rows = next((m for m in mentions if m.start == s.counting and m.column is None), None)
    group = s.group[0]
    if rows is None or rows.table is group:
        return
    fks = [fk for fk in rows.table.foreign_keys if (fk.ref_schema, fk.ref_table) == (group.schema, group.name)
           and len(fk.columns) == 1]
    key = rows.table.column(fks[0].columns[0]) if len(fks) == 1 else None
    if key is None:
        return
    expr = f"count(*)::numeric / nullif(count(DISTINCT {qualified(rows.table, key)}), 0)"
    s.aggregates = [("", rows.table, Measure("per_group", "numeric", expr=expr))]
    s.keep_listed(lambda x, _: x[1] is not rows.table and x[1] is not group)
    s.counting = None
    s.group = None
    use(used, avg - (avg > 0 and words[avg - 1] == "on"), avg + 1)


def _days_since(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"days since the last delivery": one number (:func:`.shapes.days_since_last`)."""
    if s.aggregates or s.ranking is not None or s.group is not None:
        return
    found = days_since_last(words, used, mentions)
    if found is not None:
        table, measure = found
        s.aggregates = [("", table, measure)]
        s.listed, s.listed_at, s.counting = [], [], None


def _time_since(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"how many years since Copper Foxes were founded": the time from a row's date the
    question says (``founded_on``) to today (:func:`.shapes.time_since_said`)."""
    if s.aggregates or s.ranking is not None:
        return
    group = s.group
    # "each superintendent": each row the value picks (role = 'SUPT'), not one group of the value
    each_valued = group is not None and group[1] is not None and any(
        f.startswith(f"{qualified(group[0], group[1])} = ") for f in parts.filters)
    if group is not None and not each_valued and not (len(group[0].primary_key) == 1 and group[2][:1]
                                                      and group[2][0].name == group[0].primary_key[0]):
        return
    before = list(used)
    found = time_since_said(words, used, mentions, parts.filter_tables)
    if found is not None and group is not None and found[0] is not group[0]:
        used[:] = before        # "each X": only the time of X's own rows is one per X
        return
    if found is not None:
        table, measure = found
        s.aggregates = [("", table, measure)]
        s.listed, s.listed_at, s.counting = [], [], None
        if group is not None:   # "how many years has each engineer been with us": one row each, shown by name
            shown: list[Select] = [("", group[0], c) for c in listed_names(group[0]) or [group[1]]]
            s.aggregates = shown + s.aggregates
            s.group = None
        elif "each" in words:   # "each sales support agent" (a value linked): each row it picks, by name
            s.aggregates = [("", table, c) for c in listed_names(table)] + s.aggregates


def _days_between(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"avg days from delivery to payment": the days between two related tables' dates, averaged
    unless another aggregate is said (:func:`.shapes.days_between`)."""
    if s.ranking is not None or s.group is not None or any(a[2] is not None for a in s.aggregates):
        return
    found = days_between(words, used, mentions)
    if found is not None:
        later, earlier, measure = found
        agg = next((AGGREGATES[w] for i, w in enumerate(words) if w in AGGREGATES), "avg")
        for i, w in enumerate(words):
            if w in AGGREGATES:
                use(used, i, i + 1)
        s.aggregates = [(agg, later, measure)]
        s.listed, s.listed_at, s.counting = [], [], None
        parts.filter_tables.append(earlier)


def _per_amount(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"day pass revenue per visitor": the ratio of two amounts' totals (:func:`.shapes.ratio_of_amounts`)."""
    ratio = ratio_of_amounts(s.aggregates, s.group, words, mentions)
    if ratio is not None and s.group is not None:
        table, by = s.group[0], s.group[1]
        s.aggregates = [("", table, ratio)]
        s.listed = [x for x in s.listed if x[2] is not by]
        s.group = None


def _how_many_of_an_amount(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                           parts: Parts) -> None:
    """"how many tonnes did we get", "how much revenue": an amount counted is summed."""
    at = s.counting
    if at is not None and not s.aggregates and s.group is None and s.ranking is None:
        amount = next((m for m in mentions if m.start == at and m.column is not None), None)
        if amount is not None and amount.column is not None and not any(
                m.start == at and m.column is None for m in mentions) and additive(amount.table, amount.column):
            s.aggregates = [("sum", amount.table, amount.column)]
            s.counting = None
            s.listed = [x for x in s.listed if x[2] is not amount.column]
            s.listed_at = [i for i in s.listed_at if i != at]
    much = find(words, ("how", "much"))
    if much >= 0 and not s.aggregates and at is None and s.group is None and s.ranking is None and not s.listed:
        money = _money_of_much(words, much, mentions)
        if money is not None:
            s.aggregates = [("sum", money[0], money[1])]
    if much >= 0 and not s.aggregates and at is None and s.group is None and s.ranking is None and s.listed:
        money = _money_of_event(s.listed, mentions)
        if money is not None:       # "how much was topped up": the top-ups' amount, not when
            s.aggregates, s.listed, s.listed_at = [("sum", money[0], money[1])], [], []
    if much >= 0 and any(a == "sum" for a, _, _ in s.aggregates):
        use(used, much, much + 2)


def _money_of_much(words: list[str], much: int, mentions: list[Mention]) -> tuple[Table, Column] | None:
    """What "how much" adds up: the one money column of the first table named ("how much is
    outstanding on invoices"), else what its rows came to ("how much did we invoice": the
    revenue the table implies, :func:`.measures.table_measures`); past a first table with
    neither, the one other table named that has one ("how much did clients *pay*": the
    payments' amount, not the clients')."""
    tables = [m for m in mentions if m.column is None]
    if not tables:
        return None
    first = money_column(tables[:1], only=True) or (_revenue_of(tables[0].table) if tables[0].start > much else None)
    if first is not None:
        return first
    found = {money for money in (money_column([m], only=True) or _revenue_of(m.table)
                                 for m in tables[1:] if m.start > much) if money is not None}
    return found.pop() if len(found) == 1 else None


def _money_of_event(listed: list[Select], mentions: list[Mention]) -> tuple[Table, Column] | None:
    """"how much was topped up last month", "how much got refunded": where the question names
    no table, only a verb that is one table's date (``topped_up_at``), "how much" adds up that
    table's one money column; the date says when, it is not what is asked."""
    tables = {id(t): t for _, t, _ in listed}
    if len(tables) != 1 or any(m.column is None for m in mentions):
        return None
    table = next(iter(tables.values()))
    money = money_column([Mention(table, None, 0, 0)], only=True)
    if money is None or any(c is None or (short_type(c.type) not in ("date", "ts") and c is not money[1])
                            for _, _, c in listed):
        return None     # "how much was paid last month": ``amount_paid`` said by its verb, summed too
    return money


def _revenue_of(table: Table) -> tuple[Table, Column] | None:
    revenue = next((c for c, _ in table_measures(table) if c.name == "revenue"), None)
    return (table, revenue) if revenue is not None else None


def _per_own_row(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"average seats per sale" over the sales' own column: one value per row, so the mean of
    them all, not a group per row."""
    group = s.group
    if group is None or not s.aggregates or s.counting is not None:
        return
    table, _, keys = group
    if all(t is table for _, t, _ in s.aggregates) and [c.name for c in keys][:1] == list(table.primary_key) \
            and len(table.primary_key) == 1:
        s.group = None
        s.listed = [x for x in s.listed if x[1] is not table or x[2] not in keys]


def _total_of_rows(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"total payments received by card": the sum of the one money column of the rows named
    right after "total", not their count; "the average donation" its mean."""
    at = next((i for i, w in enumerate(words) if w in ("total", "sum") and not used[i]), None)
    if at is None:
        at = next((i for i, w in enumerate(words) if AGGREGATES.get(w) == "avg" and not used[i]), None)
    if at is None or s.aggregates or s.ranking is not None or (s.group is not None and words[at] not in ("total", "sum")):
        return      # "average ticket price per seat": a mean per group is another shape's
    target = next((m for m in mentions if m.column is None and at < m.start <= at + 2), None) \
        or next((m for m in mentions if m.column is None and m.end == at), None)     # "the donation total"
    if target is None:
        return
    money = money_column([target], only=True)
    if money is None:
        return
    use(used, at, at + 1)
    s.aggregates = [(AGGREGATES.get(words[at], "sum"), money[0], money[1])]
    s.counting = None


def _single_extreme(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"largest single gift", "heaviest single harvest": the one number a row reached at most,
    ``max`` of what the rows are ranked by, not the row."""
    at = next((i for i, w in enumerate(words) if w == "single" and 0 < i and words[i - 1] in SUPERLATIVES
               and not used[i]), None)
    if at is None or s.ranking is None or s.ranking[2] or s.group is not None or s.aggregates \
            or s.counting is not None or top_n(words, [False] * len(words)) is not None:
        return
    expr, direction, _, _ = s.ranking
    rows = next((m for m in mentions if m.column is None and m.start > at), None)
    if rows is None:
        return
    s.aggregates = [("max" if direction == "DESC" else "min", rows.table, Measure("extreme", "numeric", expr=expr))]
    s.ranking, s.listed, s.listed_at = None, [], []
    use(used, at, at + 1)


def _keys(table: Table, shown: Column) -> tuple[Column, ...]:
    """Grouping keys for a group shown by ``shown``: a row's name groups by the row (its key
    too: two conductors may share a name), any other column by itself."""
    key = table.column(table.primary_key[0]) if len(table.primary_key) == 1 else None
    if key is None or shown is not name_column(table) or key is shown:
        return (shown,)
    return (key, shown)


def _top_row(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"the smallest version number and its type code": the row, not the aggregate; the
    column is shown when the question names it first ("... of the shop with the largest
    number of products" only ranks by it)."""
    if not (s.aggregates and s.listed and s.group is None
            and all(a in ("max", "min") for a, _, _ in s.aggregates)):
        return
    agg, table, column = s.aggregates[0]
    s.order = (qualified(table, column), "DESC" if agg == "max" else "ASC")
    parts.filter_tables.append(table)
    cue = min(i for i, w in enumerate(words) if AGGREGATES.get(w) in ("max", "min") or w in SUPERLATIVES)
    if cue < min(s.listed_at):
        s.listed = [("", t, c) for _, t, c in s.aggregates] + s.listed
    s.aggregates = []
    parts.limit = 1


def _most_common_value(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                       parts: Parts) -> None:
    common = most_common(words, used, mentions)
    if common is None or common.column is None or s.group is not None or s.counting is not None \
            or s.aggregates:
        return
    s.group = (common.table, common.column, (common.column,))
    s.ranking = ("count(*)", "DESC", True, None)
    s.listed = [x for x in s.listed if x[2] is not common.column]


_EVERYTHING = ("information", "info", "details", "everything")


def _everything(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"all the information about hiring": every column."""
    if s.listed or s.counting is not None or s.aggregates or not any(w in _EVERYTHING for w in words):
        return
    said = {singular(w) for w in words if w in _EVERYTHING}
    if any(said & set(name_words(c.name)) for m in mentions for c in m.table.columns):
        return      # "paragraph details" where a column is named other_details: that column's
    parts.star = True
    for i, w in enumerate(words):
        if w in _EVERYTHING:
            about = i + 1 < len(words) and words[i + 1] in ("about", "on", "regarding")
            use(used, i, i + 1 + about)


def _how_many_having(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"how many patrons made more than 4 donations": how many rows of the counted table have a
    count (or total) of the rows referring to them compared, not that count per row; the rows
    referring to each one are counted in a subquery."""
    if parts.having is None or s.group is not None or s.counting is None or s.aggregates or s.ranking is not None:
        return
    entity = next((m for m in mentions if m.start == s.counting and m.column is None), None)
    if entity is None or len(entity.table.primary_key) != 1:
        return
    owner = entity.table
    referring = [(t, fk.columns[0]) for t in parts.filter_tables if t is not owner for fk in t.foreign_keys
                 if (fk.ref_schema, fk.ref_table) == (owner.schema, owner.name) and len(fk.columns) == 1]
    if len(referring) != 1 or any(refers_to(f, referring[0][0]) for f in parts.filters):
        return
    table, column = referring[0]
    key = f"{ident(owner.name)}.{ident(owner.primary_key[0])}"
    having_of = "count(*)" if parts.having_of == counted_rows(table) else parts.having_of
    parts.filters.append(f"(SELECT {having_of} FROM {ident(table.name)} WHERE {ident(table.name)}.{ident(column)} = {key}) "
                         f"{parts.having[0]} {parts.having[1]}")
    parts.having, parts.having_of = None, "count(*)"
    parts.filter_tables = [t for t in parts.filter_tables if t is not table]
    s.listed, s.listed_at = [], []


def _having_group(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """A count compared ("with more than 2 languages") groups by what is listed, else by the
    table the question is about."""
    if parts.having is None or s.group is not None:
        return
    entity = next((m for m in mentions if m.column is None and m.table not in parts.filter_tables), None)
    first = s.listed[0][2] if s.listed else None
    if first is not None:
        owner = s.listed[0][1]
        keys = _keys(owner, first)
        if parts.filter_tables and owner not in parts.filter_tables and len(owner.primary_key) == 1 \
                and owner.column(owner.primary_key[0]) not in keys \
                and any(m.table is owner and m.column is None for m in mentions):
            # "years of founding of orchestras with more than one performance": other rows are
            # counted per orchestra, not per year; "grades with more than 400 ascents", where
            # no row of the grades' table is named, per grade
            keys = (owner.column(owner.primary_key[0]),) + keys     # type: ignore[assignment]
        if parts.filter_tables and all(t is owner for t in parts.filter_tables) and len(owner.primary_key) == 1 \
                and first.name != owner.primary_key[0]:
            # "tails with more than 25 defects" over the defects' own tail_no, "flight numbers
            # averaging more than 12 minutes": a group per row would count (or average) one row
            # each; the column alone is the group
            keys = tuple(c for c in keys if c.name != owner.primary_key[0]) or keys
        s.group = (owner, first, keys)
    elif entity is not None and (name_column(entity.table) is not None or len(entity.table.primary_key) == 1):
        keys = tuple(c for c in (entity.table.column(k) for k in entity.table.primary_key) if c is not None)
        label = row_label(entity.table)
        # a table with no name is shown by its key ("which templates are used by 2 documents")
        s.group = (entity.table, label or keys[0], keys + ((label,) if label is not None else ()))
        s.listed = _rest_of_name(entity.table, label) + s.listed
    else:
        raise Unreadable("a count per what")
    group = s.group
    s.listed = [x for x in s.listed if x[2] is not group[1]]


def _order_by_listed(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                     parts: Parts) -> None:
    """"in descending order" with nothing named after it: by the first column shown."""
    first = s.listed[0][2] if s.listed else None
    if s.order is None and s.ranking is None and first is not None and any(
            w in DESC_WORDS or w in ASC_WORDS for w in words):
        s.order = (qualified(s.listed[0][1], first), "DESC" if any(w in DESC_WORDS for w in words) else "ASC")


def _aggregate_per_listed(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                          parts: Parts) -> None:
    """"the names of singers and the total sales of their songs": per name; but "the average
    share of TV series episodes" names the rows after "of", not a group, and so do "total good
    parts from completed work orders", "total scrap in kg": a column said after the aggregate
    with nothing that asks for one row each ("and", "per", "each", "by") only says which rows."""
    first = s.listed[0][2] if s.listed else None
    if not (s.aggregates and first is not None and s.group is None and s.counting is None):
        return
    cue = next((i for i, w in enumerate(words) if w in AGGREGATES), len(words))
    if all(at > cue and not (set(words[cue:at]) & _AND_ALSO) for at in s.listed_at):
        if len(s.aggregates) == 1 and len(s.listed) == 1:
            s.aggregates = [_in_unit_said(s.aggregates[0], s.listed[0], words)]
        s.listed, s.listed_at = [], []
        return
    s.group = (s.listed[0][1], first, tuple(c for _, _, c in s.listed if c is not None))


def _in_unit_said(aggregate: Select, listed: Select, words: list[str]) -> Select:
    """"total scrap in kg" over ``scrap_qty`` and ``scrap_kg``: the same thing counted two ways,
    the one whose other name word the question says (the unit) is aggregated."""
    agg, table, column = aggregate
    other = listed[2]
    if other is None or column is None or listed[1] is not table or isinstance(other, Measure) \
            or short_type(other.type) not in ("int", "num"):
        return aggregate
    mine, theirs = name_words(column.name), name_words(other.name)
    if mine[0] != theirs[0] or set(mine) & set(words) - {mine[0]} or not set(theirs) - {theirs[0]} <= set(words):
        return aggregate
    return agg, table, other


_AND_ALSO = frozenset(("and", "each", "per", "by", "every", "for", "with"))


def _both_and_distinct(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                       parts: Parts) -> None:
    if "both" in words and len(parts.filters) > 1 and parts.intersect is None:
        raise Unreadable("both (an intersection)")
    if any(w in ("distinct", "different", "unique") for w in words):
        parts.distinct = True


def _which_values(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"which inspectors graded Priya Raman's loads": a text column (not a table) named in the
    plural right after "which" asks for the values it holds, each once."""
    if words[0] not in ("which", "what") or len(s.listed) != 1 or len(s.listed_at) != 1 or s.listed_at[0] != 1 \
            or s.aggregates or s.counting is not None or s.group is not None or s.ranking is not None:
        return
    _, table, column = s.listed[0]
    named = any(m.start == 1 and m.column is column for m in mentions)
    owned = any(m.start == 2 for m in mentions) and not is_verb_form(words[2])   # "countries' tv channels"
    if column is not None and named and not owned and short_type(column.type) == "text" and sing(words[1]) != words[1] \
            and column.name not in table.primary_key:
        parts.distinct = True


def _count_per_listed(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                      parts: Parts) -> None:
    """"the template type codes and how many templates for each", "the year with the most
    concerts": per the first column shown."""
    first = s.listed[0][2] if s.listed else None
    counted_ranking = s.ranking is not None and s.ranking[2]
    per_row = any(w in ("each", "corresponding", "respective", "every") for w in words)
    if s.group is None and first is not None and (
            counted_ranking or (per_row and (s.counting is not None or s.aggregates))):
        s.group = (s.listed[0][1], first, _keys(s.listed[0][1], first))
        s.listed = s.listed[1:]
    elif s.group is None and first is None and counted_ranking and s.ranking is not None and s.period is None:
        # "the customer with the most orders": per customer, counting orders
        counted = s.ranking[3]
        subject = next((m.table for m in mentions if m.column is None and m.table is not counted), None)
        label = row_label(subject) if subject is not None else None
        if subject is None or (label is None and len(subject.primary_key) != 1):
            raise Unreadable("the most of what, per what")
        keys = tuple(c for c in (subject.column(k) for k in subject.primary_key) if c is not None)
        s.group = (subject, label or keys[0], keys + ((label,) if label is not None else ()))
        s.listed = _rest_of_name(subject, label)


def _rest_of_name(table: Table, label: Column | None) -> list[Select]:
    """A row shown by its first name is shown by its last name too ("donors with the most
    donations": both names, as a listing of them shows)."""
    names = listed_names(table)
    return [("", table, c) for c in names[1:]] if label is not None and names[:1] == (label,) else []


def _order_by_count(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                    parts: Parts) -> None:
    """"the record formats in ascending order of count": per the first column shown."""
    first = s.listed[0][2] if s.listed else None
    if s.order is None or s.order[0] != "count(*)" or s.group is not None:
        return
    if first is None or s.counting is not None or s.aggregates:
        raise Unreadable("ordered by the count of what")
    s.group = (s.listed[0][1], first, _keys(s.listed[0][1], first))
    s.listed = s.listed[1:]


def _group_or_list(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                   parts: Parts) -> None:
    """A group with nothing measured is a count ("customers by region") when a table stands
    right before ``by``; otherwise a listing ("the name of each battle"). A share of the rows a
    condition picks is measured: "share of tickets refunded per venue" is one share per venue,
    whatever stands before ``per``."""
    if s.group is None or s.counting is not None or s.aggregates or (s.ranking and s.ranking[2]) \
            or (s.share and parts.filters) \
            or parts.having is not None or (s.order is not None and s.order[0] == "count(*)"):
        return
    if grouped_by(words, mentions) and not s.listed and not parts.star:
        s.counting = len(words)
    else:
        s.group = None


def _whole_name_of_group(s: Shape, words: list[str], used: list[bool], mentions: list[Mention],
                        parts: Parts) -> None:
    """A group of rows shown by a first name is shown by the last name too ("tickets per
    patron": each patron's first and last name, then the count), as a ranking of them shows."""
    if s.group is None or s.group[0] is None or (s.counting is None and not s.aggregates):
        return
    rest = [x for x in _rest_of_name(s.group[0], s.group[1]) if not any(y[2] is x[2] for y in s.listed)]
    if rest:
        s.listed = rest + s.listed
        s.listed_at = [len(words)] * len(rest) + s.listed_at


# The decisions, in order: each reconciles two cues that could read two ways.
DECISIONS = (_single_extreme, _still_open, _not_yet_done, _late_or_overdue, _days_late, _total_of_money_done, _has_ended, _days_since, _time_since, _days_between,
             _average_per_group, _counted_per_group_on_average, _additive, _per_amount, _how_many_of_an_amount, _total_of_rows, _top_row,
             _most_common_value, _everything, _how_many_having, _having_group, _order_by_listed, _aggregate_per_listed, _per_own_row,
             _both_and_distinct, _which_values, _count_per_listed, _order_by_count, _group_or_list,
             _whole_name_of_group)


_VERSUS = frozenset(("vs", "versus", "compared", "against"))


# Words that ask how much a measure changed from one period to the next, as a percentage
# (eval/CONVENTIONS.md, "Growth").
_GROWTH = frozenset(("growth", "grew", "change", "changed"))
_PERCENT_WORDS = frozenset(("percent", "percentage", "pct"))


def _growth_said(words: list[str]) -> bool:
    return any(w in _GROWTH for w in words) and any(w in _VERSUS for w in words)


def _growth(s: Shape, words: list[str], used: list[bool], table: Table, parts: Parts) -> None:
    """"donation growth this year vs last year", "% change in orders this month vs last month":
    ``100.0 * (later - earlier) / earlier`` of the measure, one column; the later period is the
    one whose range starts nearer today, whichever the question names first."""
    if s.group is not None or len(parts.compared) != 2 or (s.counting is None and len(s.aggregates) != 1):
        raise Unreadable("growth of what")
    if s.counting is not None:
        value = "count(*)"
    else:
        agg, t, c = s.aggregates[0]
        if agg not in ("sum", "avg", "count") or c is None:
            raise Unreadable("growth of what")
        value = f"{agg}({qualified(t, c)})"
    later, earlier = sorted(parts.compared, key=_period_age)
    if _period_age(later) == _period_age(earlier):
        raise Unreadable("growth between which periods")
    a, b = f"{value} FILTER (WHERE {later})", f"{value} FILTER (WHERE {earlier})"
    s.aggregates = [("", table, Measure("growth", "numeric", expr=f"100.0 * ({a} - {b}) / nullif({b}, 0)"))]
    s.counting, s.listed, s.listed_at = None, [], []
    parts.compared = []
    for i, w in enumerate(words):
        if w in _GROWTH or w in _PERCENT_WORDS or (w == "in" and words[i + 1:i + 2] in (["percent"], ["%"])):
            use(used, i, i + 1)


_INTERVAL = re.compile(r"- interval '(\d+) (day|week|month|year)s?'")
_ROLLING = re.compile(r"current_date - (\d+)")
_DAYS_OF = {"day": 1, "week": 7, "month": 30, "year": 365}


def _period_age(condition: str) -> int:
    """How far back a period's range starts, in days, from its lower bound ("date_trunc('month',
    current_date) - interval '1 month'": about 30 more than this month's start)."""
    lower = condition.split(" AND ")[0]
    found = _INTERVAL.search(lower)
    rolling = _ROLLING.search(lower)
    return (int(found.group(1)) * _DAYS_OF[found.group(2)] if found else 0) + (int(rolling.group(1)) if rolling else 0)


def _share(s: Shape, parts: Parts) -> None:
    """The last filter is what the share is of, the others bound the whole ("what percent of
    orders are online"); with no filter, each group's share of all ("share of tickets by
    channel"). A share of a summed measure ("online share of revenue") sums it, else counts."""
    if not s.aggregates and len(s.listed) == 1 and s.listed[0][2] is not None \
            and additive(s.listed[0][1], s.listed[0][2]):
        s.aggregates = [("sum", s.listed[0][1], s.listed[0][2])]     # "what share of tonnes came from ..."
    summed = [a for a in s.aggregates if a[0] == "sum"]
    if len(summed) != len(s.aggregates) or len(summed) > 1:
        raise Unreadable("a share of what")
    if parts.filters:
        parts.share = parts.filters.pop()
    elif s.group is not None:
        parts.share = ""
    else:
        raise Unreadable("a share of what")
    s.aggregates = [("share", summed[0][1], summed[0][2])] if summed else []
    s.counting = None
    s.listed = []


def _place(s: Shape, words: list[str], used: list[bool], mentions: list[Mention], parts: Parts,
           schema: SchemaContext) -> None:
    """The main table, the targets, the order and the limit."""
    absent = s.absent.table if s.absent is not None else None
    subjects = [m for m in mentions if m.table is not absent]
    table = main_table(subjects, s.listed, s.aggregates, s.group, parts, s.counting)
    table = _rows_coded(table, s, mentions, parts, schema)
    parts.table = table
    parts.filter_tables.extend(t for t in standalone_tables(mentions, used) if t is not absent)
    if s.share:
        _share(s, parts)
    if s.period is not None:
        keys: list[str] = []
        dated = date_column(words, mentions, table, len(words), None, schema, parts.taught_dates, keys)
        parts.said |= frozenset(r for k in keys for r in key_roles(k))
        use_roles(words, used, [r for k in keys for r in key_roles(k)])
        if dated is None or s.group is not None:
            raise Unreadable("per period of which date")
        parts.period = (s.period, dated[0], dated[1])
        s.listed = []
    counted = s.ranking[3] if s.ranking is not None and s.ranking[2] else None
    if s.ranking is not None and s.ranking[2] and counted is None and s.group is not None and s.group[0] is table \
            and [c.name for c in s.group[2]][:1] == list(table.primary_key)[:1]:
        counted = _referring(schema, table)     # "the most popular venue": by the one table referring to it
        parts.filter_tables.append(counted)
    if counted is None and absent is not None:
        counted = absent        # "stadiums that had no concert in 2014": the absent rows' year
    before = len(parts.filters)
    both_years(words, used, mentions, table, parts, counted)
    date_filters(words, used, mentions, table, parts, counted, schema)
    if len(parts.filters) - before == 2 and any(w in _VERSUS for w in words):
        # "orders this month vs last month": one column per period
        parts.compared = parts.filters[before:]
        del parts.filters[before:]
        for i, w in enumerate(words):
            if w in _VERSUS:
                use(used, i, i + 1 + (words[i + 1:i + 2] in (["with"], ["to"])))     # "compared with"
        money = money_said(words, table)
        if s.counting is None and not s.aggregates and s.group is None and money is not None:
            s.aggregates, s.listed, s.listed_at = [("sum", table, money)], [], []    # "invoiced this year vs last"
        elif s.counting is None and not s.aggregates and s.group is None:
            s.counting, s.listed, s.listed_at = len(words), [], []     # "concerts this year vs last": how many
            table = parts.table = _dated_rows(table, mentions, parts, schema)
        if _growth_said(words):
            _growth(s, words, used, table, parts)
    parts.group = s.group
    if parts.having is not None and s.group is not None:
        direct_count(parts, s.group[0], schema)     # each counted row once per group, plainly where it can
    if s.ranking is not None and not s.ranking[2] and s.group is None:
        _of_the_top_row(s, words, parts, schema, table)
    # A question that names what to show ("the name of the singer with ...") gets that; one
    # that names only the entity ("the customer with the most orders") gets its name and the
    # measure it was ranked or filtered by (eval/CONVENTIONS.md, "Shape of results").
    shows_measure = (not s.asked or terse(words)) and s.counting is None and not s.aggregates
    parts.selects = _targets(s, words, table, parts, used, mentions)
    if s.ranking is not None:
        expr, direction, count_of, ranked = s.ranking
        if count_of and s.group is None and s.period is None:
            raise Unreadable("the most of what, per what")
        if any(f.startswith(f"{expr} = ") for f in parts.filters):
            raise Unreadable("ranked by a value the question fixes")    # "longest C check": by its code
        parts.order = (expr, direction)
        if shows_measure:
            parts.measure = expr
        parts.limit = top_n(words, used) or 1
        if ranked is not None:
            parts.filter_tables.append(ranked)
    elif s.order is not None:
        parts.order = s.order
        parts.limit = top_n(words, used) or parts.limit
    if parts.having is not None and parts.group is None:
        raise Unreadable("a count compared, per what")
    if parts.having is not None and shows_measure:
        parts.measure = parts.having_of
    if absent is not None:
        _absent_rows(parts, schema, table, absent)
    _negated_many(parts, schema, table)
    aggregated_intersection(parts, schema, table)
    if parts.intersect is not None and parts.setop == "INTERSECT" and _identity_shown(parts, schema):
        raise Unreadable("one row's value both at once")
    if _only_what_is_given(parts):
        _where_located(words, used, parts)
    if _only_what_is_given(parts):
        # "who is the manager of the Shanghai Pudong store" read as the store's name: the
        # answer would only repeat the question, so what it asks for is not in the schema
        raise Unreadable("the answer only repeats a value the question gives")


def _dated_rows(table: Table, mentions: list[Mention], parts: Parts, schema: SchemaContext) -> Table:
    """"tickets last month compared with the month before": the rows counted per period are the
    named table's that a date key dates (:mod:`.date_keys`), never the date dimension's own days
    (which "month" named)."""
    named = [m.table for m in sorted(mentions, key=lambda m: m.start) if m.column is None and m.table is not table
             and any(dim is table for _, dim, _ in date_keys(schema, m.table))]
    if not named or not any(dim is table for t in schema.tables for _, dim, _ in date_keys(schema, t)):
        return table
    parts.filter_tables.append(table)
    return named[0]


def _rows_coded(table: Table, s: Shape, mentions: list[Mention], parts: Parts, schema: SchemaContext) -> Table:
    """"how many no-shows", "how many bunnies are registered": a value found only in a table of
    codes (a key and its description, 'NSH' = 'No Show') names the rows that carry the code, not
    the one row of the code table: those rows are counted, the code table joined for the
    filter. A question that names the code table itself ("how many statuses") keeps it (set21's
    rule, 0c4eb83)."""
    if table not in parts.filter_tables or s.listed or s.group is not None or s.absent is not None \
            or code_table(schema, table) is None or any(m.table is table for m in mentions):
        return table
    coded = [t for t in schema.tables if t is not table and any(
        schema.table(fk.ref_table, fk.ref_schema) is table for fk in t.foreign_keys)]
    return coded[0] if len(coded) == 1 else table


def _referring(schema: SchemaContext, table: Table) -> Table:
    """The one table whose foreign keys point to ``table``: what "popular", "busiest" count."""
    found = [t for t in schema.tables if t is not table and any(
        schema.table(fk.ref_table, fk.ref_schema) is table for fk in t.foreign_keys)]
    if len(found) != 1:
        raise Unreadable("popular by which rows")
    return found[0]


def _of_the_top_row(s: Shape, words: list[str], parts: Parts, schema: SchemaContext, table: Table) -> None:
    """"the number of concerts in the stadium with the highest capacity", "visitors who visited
    the museum with the most staff": counted, measured or listed over the rows joined to the
    top row of another table, found in a subquery (not the one top row of the join)."""
    expr, direction, _, ranked = s.ranking or ("", "", False, None)
    listing = s.counting is None and not s.aggregates
    if ranked is None or ranked is table or (listing and (any(t is ranked for _, t, _ in s.listed)
                                                          or _limited(words))):
        return
    condition = top_row_condition(schema, table, ranked, expr, direction)
    if condition is not None:
        parts.filter_tables = [t for t in parts.filter_tables if t is not ranked]
    elif listing and len(ranked.primary_key) == 1:
        key = f"{ident(ranked.name)}.{ident(ranked.primary_key[0])}"     # joined: the key is the top row's
        condition = (f"{key} = (SELECT {key} FROM {ident(ranked.name)} ORDER BY {expr} "
                     f"{order_direction(direction, expr)} LIMIT 1)")
        parts.filter_tables.append(ranked)
    elif listing:
        return      # a top row without a single key ("the employee with the biggest bonus"): the joined rows ranked
    else:
        raise Unreadable("a count of the top row of what")
    parts.filters.append(condition)
    s.ranking = None


def _limited(words: list[str]) -> bool:
    """"the 3 largest", "top 5": more than one top row."""
    return any(is_number(w) and ((i > 0 and words[i - 1] in ("top", "first")) or
                                 (i + 1 < len(words) and words[i + 1] in SUPERLATIVES))
               for i, w in enumerate(words))


def _negated_many(parts: Parts, schema: SchemaContext, table: Table) -> None:
    """"countries that do not speak English": a value negated on rows that reference the main
    table (many per row) means none of them holds it (NOT EXISTS), not that some row does not."""
    for condition, owner, held in parts.negated:
        if owner is table or condition not in parts.filters:
            continue
        path = fk_path(schema, table, owner, {id(table)})
        if path is None or not any(schema.table(fk.ref_table, fk.ref_schema) is table
                                   for fk in path[0][0].foreign_keys):
            continue        # "employees not in the Sales department": one department each
        parts.filters = [f if f != condition else not_exists(schema, table, owner, [held]) for f in parts.filters]
        if not any(refers_to(f, owner) for f in parts.filters if not f.startswith("NOT EXISTS")) and not any(
                t is owner for _, t, _ in parts.selects):
            parts.filter_tables = [t for t in parts.filter_tables if t is not owner]


def _absent_rows(parts: Parts, schema: SchemaContext, table: Table, absent: Table) -> None:
    """The conditions on the absent table's rows move inside its NOT EXISTS ("channels not
    playing any cartoon directed by X"); nothing else of the answer may be about those rows."""
    if table is absent or any(t is absent for _, t, _ in parts.selects) or (
            parts.group is not None and parts.group[0] is absent) or any(
            x is not None and refers_to(x, absent) for x in (parts.order and parts.order[0], parts.measure)):
        raise Unreadable("the answer is about the absent rows")
    shown = {id(t) for _, t, _ in parts.selects} | ({id(parts.group[0])} if parts.group is not None else set())
    beside = [t for t in through_absent(schema, table, absent, parts.filter_tables) if id(t) not in shown]
    inner = [f for f in parts.filters if refers_to(f, absent) or any(refers_to(f, t) for t in beside)]
    parts.filters = [f for f in parts.filters if f not in inner]
    parts.filter_tables = [t for t in parts.filter_tables if t is not absent and t not in beside]
    parts.filters.append(not_exists(schema, table, absent, inner, beside))


def _identity_shown(parts: Parts, schema: SchemaContext) -> bool:
    """"clinics in both Austin and Dallas": the rows shown are those the two conditions are
    about (their key or name), so both cannot hold; an attribute of them ("countries where a
    singer above 40 and a singer below 30 are from") or a row joined to them can."""
    for _, t, c in parts.selects:
        if c is None or not any(refers_to(x, t) for x in parts.intersect or ()):
            continue
        if c.name in t.primary_key or c is name_column(t):
            return True
    return False


def _a_value_of_rows(table: Table, column: Column | None) -> bool:
    """A text column that is neither the rows' key nor their name: what "how many continents"
    counts are its values, not the rows."""
    return column is not None and short_type(column.type) == "text" \
        and column.name not in table.primary_key and column is not name_column(table)


def _where_located(words: list[str], used: list[bool], parts: Parts) -> None:
    """"where are the Copper Foxes based", "where is Tan Flats": a row named by its value asked
    "where" is asked for its place, the one column of its table that names a place."""
    if "where" not in words[:2] or len(parts.selects) != 1:
        return
    _, table, _ = parts.selects[0]
    places = [c for c in table.columns if short_type(c.type) == "text" and set(name_words(c.name)) & _PLACES]
    if len(places) == 1:
        parts.selects = [("", table, places[0])]
        use(used, words.index("where"), words.index("where") + 1)
        for i, w in enumerate(words):
            if w in ("based", "located", "situated", "from"):
                use(used, i, i + 1)


_PLACES = frozenset(("city", "town", "location", "address", "suburb", "village", "place", "district", "region", "county",
                     "neighborhood", "neighbourhood"))


def _only_what_is_given(parts: Parts) -> bool:
    shown = [(t, c) for agg, t, c in parts.selects if not agg and c is not None]
    if not shown or len(shown) != len(parts.selects) or parts.measure is not None:
        return False
    return all(any(f.startswith(f"{qualified(t, c)} = ") for f in parts.filters) for t, c in shown)


# How a full question or a request starts; a question that starts otherwise is an analyst's terse
# noun phrase ("countries with more than 3 accounts", "the genre with the most loans"), which
# asks for the ranking or the count as well as the names (eval/CONVENTIONS.md, "Shape of results").
_LEADS = frozenset("""what whats which who whom whose where when how show list give find return display get tell
name names count please is are was were does do did can could would i we provide compute calculate
select sort order report""".split())


def _own_number_compared(parts: Parts, table: Table) -> bool:
    """Whether the rows are picked by comparing a number of their own ("work orders that cost
    more than the average job", "deliveries with brix below average"): rows described by what
    they measure are asked for as a list, not counted as events in a period are."""
    own = [qualified(table, c) for c in table.columns if short_type(c.type) in NUMERIC]
    return any(f.startswith(f"{c} {op} ") for f in parts.filters for c in own for op in ("<", ">", "<=", ">=", "BETWEEN"))


def terse(words: list[str]) -> bool:
    return bool(words) and words[0] not in _LEADS


def _targets(s: Shape, words: list[str], table: Table, parts: Parts, used: list[bool],
             mentions: list[Mention]) -> list[Select]:
    if parts.share is not None:
        return s.aggregates or [("share", table, None)]
    if s.counting is not None:
        if s.ranking is not None and not s.ranking[2]:
            raise Unreadable("a count of the top row")
        group = s.group
        if parts.distinct and s.listed and group is None:
            parts.distinct = False
            return [("count_distinct", t, c) for _, t, c in s.listed]    # "different names and contents"
        parts.distinct = False
        if group is None and len(s.listed) == 1 and s.listed_at[:1] == [s.counting] \
                and _a_value_of_rows(s.listed[0][1], s.listed[0][2]):
            return [("count_distinct", s.listed[0][1], s.listed[0][2])]   # "how many continents": values
        shown = [] if group is None else [x for x in s.listed if x[1] is group[0]]
        key = next((c for _, _, c in shown if group is not None and c in group[2]), None)
        if group is not None and key is not None and all(c is not group[1] for _, _, c in shown):
            parts.group = (group[0], key, group[2])     # "document ids ... in each document": the ids
        return shown + [("count", table, None)]
    if s.aggregates:
        group = s.group
        return [x for x in s.listed if group is not None and x[2] is not group[1]] + s.aggregates
    if s.group is not None:
        return s.listed
    if s.listed and "their" in words and not parts.distinct:
        label = name_column(table)
        seen = [c for _, _, c in s.listed]
        return ([("", table, label)] if label is not None and label not in seen else []) + s.listed
    if s.listed:
        return s.listed
    if words[0] == "when" and not s.aggregates:
        found = dated(words, used, mentions, table, len(words))     # "when did the episode X air"
        if found is not None:
            return [("", found[0], found[1])]
    if parts.star:
        return []       # "all the information about hiring": every column, named or not
    names = listed_names(table)
    person = person_behind(table) if not names else None
    if person is not None:      # "tutors based in evanston": accounts_tutor's rows are named in auth_user
        return [("", person, c) for c in shown_names(person)]
    if not names and terse(words) and s.ranking is None and s.order is None and not _own_number_compared(parts, table):
        return [("count", table, None)]     # "tickets closed last month": rows without names are counted
    if not names and len(table.primary_key) == 1 and s.ranking is None and s.order is None \
            and _own_number_compared(parts, table):
        key = table.column(table.primary_key[0])    # "deliveries with brix below average": which rows, by their key
        if key is not None:
            return [("", table, key)]
    if not names and s.ranking is not None and not s.ranking[2] and len(table.primary_key) == 1:
        key = table.column(table.primary_key[0])       # "top 5 deliveries by price": which rows, by their key
        if key is not None:
            return [("", table, key)]
    if not names:
        raise Unreadable("which of its columns to show")
    return [("", table, c) for c in names]
