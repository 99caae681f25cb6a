"""The shape of the answer: a count, aggregates of numeric columns, one row per group, the top
row by a value or a count, an order, the columns the question asks to see."""

from __future__ import annotations
from dataclasses import replace

from ask.schema import Column, SchemaContext, Table, short_type
from ask.translate.sketch.filters import date_column, said_date
from ask.context.related_words import IDENTIFIER_SUFFIXES, is_verb_form, spelt_out
from ask.translate.sketch.measures import (Measure, additive, counted_amount, event_dates, key_measures, key_span, span,
                                           start_date, table_measures)
from ask.translate.sketch.names import (Mention, age_of, dimension_of, mention_at, money_column, name_column, name_words,
                                        shown_names)
from ask.translate.sketch.spelling import ident, qualified, Group, Parts, Ranking, Unreadable
from ask.translate.sketch.vocabulary import (ABBREVIATIONS, PERIOD_ADVERBS, AGE_WORDS, AGGREGATES, ASC_WORDS, COUNT_FRAMES, sing, stem,
                                             MONEY_SUPERLATIVES,
                                             COUNT_LEADS, DESC_WORDS, FILLER, GROUP_FRAMES,
                                             HIGH_WORDS, HOW_USUAL, NUMERIC, ORDER_FRAMES, SUPERLATIVES, find,
                                             is_number, use)


def grouped_by(words: list[str], mentions: list[Mention]) -> bool:
    """``orders by status``: a breakdown of a table the question names right before ``by`` /
    ``per`` (not ``each``), counted when nothing else is measured."""
    if any(w in ("sort", "sorted", "order", "ordered", "ranked") for w in words):
        return False
    at = next((i for i, w in enumerate(words) if w in ("by", "per")), -1)
    return at > 0 and any(m.column is None and m.end == at for m in mentions)


def most_common(words: list[str], used: list[bool], mentions: list[Mention]) -> Mention | None:
    """``the most common nationality``: the value with the most rows."""
    for i, w in enumerate(words[:-1]):
        if w in ("most", "least") and words[i + 1] in HOW_USUAL:
            target = mention_at(mentions, i + 2)
            if target is not None and target.column is not None:
                use(used, i, target.end)
                return target
    return None


def count_frame(words: list[str], used: list[bool], mentions: list[Mention]) -> int | None:
    for frame in COUNT_FRAMES:
        at = find(words, frame)
        while at >= 0:
            # "the number of products" may be a column (number_products); "staff number of
            # the museum" names one (a noun before it)
            named = any(m.start == at and m.column is not None and m.end > at + 1 for m in mentions) \
                or any(m.start < at < m.end and m.column is not None for m in mentions) \
                or (frame[0] == "numbers" and _numbers_of_rows(words, mentions, at))   # "matter numbers of"
            after_noun = at > 0 and words[at - 1] not in FILLER and words[at - 1] not in COUNT_LEADS
            # "in ascending order of count", "sorted by count": what orders, not what is asked
            before = at - 2 if at > 1 and words[at - 1] == "the" else at - 1
            ordering = before >= 0 and words[before] in ("of", "by") and any(w in _ORDER_CUES for w in words[:at])
            if not named and not (frame[0] in ("number", "numbers") and after_noun) and not ordering:
                use(used, at, at + len(frame))
                lead = at - 2 if at > 1 and words[at - 1] == "the" else at - 1
                if lead >= 0 and words[lead] in ("count", "total"):
                    use(used, lead, lead + 1)   # "count the number of", "the total number of"
                _in_total(words, used)
                return at + len(frame)
            at = find(words, frame, at + 1)
    return None


def _numbers_of_rows(words: list[str], mentions: list[Mention], at: int) -> bool:
    """"numbers of the active lines": the plural "numbers" the name of a number column of the
    rows named right after "of the" (``lines.phone_number``) lists those numbers; "the number of
    lines" counts, and so do "numbers of languages" (no number column of theirs) and "the
    numbers of employees in each department" (a count per group)."""
    rows = next((m for m in mentions if m.column is None and at + 3 <= m.start <= at + 4), None)
    if rows is None or words[at + 2] != "the" or any(w in ("each", "per", "every") for w in words):
        return False    # "the numbers of employees in each department": how many in each
    return any(m.start == at and m.column is not None and m.table is rows.table
               and ABBREVIATIONS.get(name_words(m.column.name)[-1], name_words(m.column.name)[-1]) in ("number", "no")
               for m in mentions)


def _in_total(words: list[str], used: list[bool]) -> None:
    """"how many paragraphs in total": all of them, which a count is anyway."""
    at = find(words, ("in", "total"))
    if at >= 0 and (at + 2 == len(words) or words[at + 2] in ("?", ".")):
        use(used, at, at + 2)


def group_frame(words: list[str], used: list[bool], mentions: list[Mention]) -> Group | None:
    for frame in GROUP_FRAMES:
        at = find(words, frame)
        while at >= 0 and any(m.start < at < m.end for m in mentions):
            at = find(words, frame, at + 1)     # "price per tonne": the words of one column's name
        if at < 0 or used[at]:
            continue
        after = at + len(frame)
        target = mention_at(mentions, after)
        if target is None or any(w in SUPERLATIVES for w in words[after:target.start + 1]):
            continue        # "used by most number of documents": a ranking, not a group
        if frame == ("by",) and target.start > after and all(used[after:target.start]) and at > 0 \
                and target.column is None:
            # "delivered by Barossa growers", "ascents on the Overhang by student members": the
            # rows a stored value picks out did it, a filter, not a group
            use(used, at, at + 1)
            continue
        if frame == ("by",) and target.start == after and target.column is not None and at > 0 \
                and all(used[after:target.end]):
            # "total taken by direct debit": a stored value of the column (read already) says
            # how the rows came about, a filter, not a group
            use(used, at, at + 1)
            continue
        target = _column_after_table(target, mentions, used)
        use(used, at, target.end)
        if target.column is not None:
            described = code_description(target.table) if target.column is _text_key(target.table) else None
            if described is not None:       # "vacancies by job type": what each type code stands for
                return target.table, described, (target.column, described)
            return target.table, target.column, (target.column,)
        shown = row_label(target.table)
        keys = tuple(c for c in (target.table.column(k) for k in target.table.primary_key) if c is not None)
        if shown is None and not keys:
            raise Unreadable("group by a table without a name or a key")
        return target.table, shown or keys[0], keys + ((shown,) if shown is not None else ())
    return None


def _column_after_table(target: Mention, mentions: list[Mention], used: list[bool]) -> Mention:
    """"by payment method": a table's name before a text column of its own that is not what
    names its rows is that column said in full (group by the method, not by each payment)."""
    if target.column is not None:
        return target
    column = next((m for m in mentions if m.start == target.end and m.table is target.table
                   and isinstance(m.column, Column) and not isinstance(m.column, Measure)
                   and short_type(m.column.type) == "text" and m.column is not row_label(target.table)
                   and not used[m.start]), None)
    return target if column is None else replace(column, start=target.start)


def row_label(table: Table) -> Column | None:
    """What shows a row of ``table``: its name (:func:`.names.name_column`), or for a table of
    codes (a text code for its key, a handful of columns) the text that describes each code
    (``job_types.descr``, ``ref_reason_code.reason_desc``): a code alone says nothing to a
    reader, and its description is what the code stands for."""
    return name_column(table) or code_description(table)


def code_description(table: Table) -> Column | None:
    """The description column of a table of codes: a one-column text key, at most four columns
    in all, and exactly one text column named as a description (``descr``, ``reason_desc``)."""
    key = _text_key(table)
    if key is None or len(table.columns) > 4:
        return None
    found = [c for c in table.columns if c is not key and short_type(c.type) == "text"
             and set(name_words(c.name)) & _DESCRIPTION_WORDS]
    return found[0] if len(found) == 1 else None


_DESCRIPTION_WORDS = frozenset(("desc", "descr", "description", "descriptions", "label"))


def _text_key(table: Table) -> Column | None:
    """The table's one-column text primary key (``sku``, ``tail_no``, ``reason_cd``): a natural
    key, the identifier people use for its rows, where no name column says what a row is."""
    if len(table.primary_key) != 1:
        return None
    key = table.column(table.primary_key[0])
    return key if key is not None and short_type(key.type) == "text" else None


def group_key(table: Table) -> Column | None:
    return name_column(table) or (table.column(table.primary_key[0]) if table.primary_key else None)


def read_aggregates(words: list[str], used: list[bool], mentions: list[Mention]) -> list[tuple[str, Table, Column | None]]:
    """``average age``, ``the maximum and minimum weight``: aggregates of numeric columns."""
    found: list[tuple[str, Table, Column | None]] = []
    pending: list[tuple[int, str]] = []
    for i, w in enumerate(words):
        if used[i]:
            continue
        agg = AGGREGATES.get(w)
        if agg is None and w in ("highest", "lowest", "largest", "smallest") and not ranking_context(words, i):
            agg = "max" if SUPERLATIVES[w] == "DESC" else "min"
        if agg is not None:
            if agg == "sum" and i + 1 < len(words) and words[i + 1] == "number":
                continue        # "total number of" is a count
            pending.append((i, agg))
            continue
        target = next((m for m in mentions if m.start == i and m.column is not None
                       and (short_type(m.column.type) in NUMERIC
                            or all(agg in ("max", "min") and words[at] in AGGREGATES for at, agg in pending))
                       and not (pending and _adds_up_keys(m, pending))),
                      None)     # "the maximum share" of a text or date column: its largest value
        if target is not None and pending:
            for at, agg in pending:
                found.append((agg, target.table, target.column))
                use(used, at, at + 1)
            use(used, target.start, target.end)
            for key in mentions:    # "average map duration": "map" said whose duration, no key to list
                if key.end == target.start and key.table is target.table and _adds_up_keys(key, pending):
                    use(used, key.start, key.end)
            pending = []
    return found


def _adds_up_keys(m: Mention, pending: list[tuple[int, str]]) -> bool:
    """"average map duration" over ``map_results (map_number, duration_min)``: "map" spells the
    key ``map_number`` too, and no one averages or adds up a key; the next word says what."""
    return any(agg in ("avg", "sum") for _, agg in pending) and _is_key(m)


def _is_key(m: Mention) -> bool:
    """A key or an identifier (``map_number``, ``plate_no``): no amount to add up or rank by
    ("the team with the most map wins" counts the wins)."""
    column = m.column
    if column is None:
        return False
    keys = set(m.table.primary_key) | {c for fk in m.table.foreign_keys for c in fk.columns}
    return column.name in keys or name_words(column.name)[-1] in IDENTIFIER_SUFFIXES | {"id"}


def ranked_aggregate(words: list[str], used: list[bool],
                     aggregates: list[tuple[str, Table, Column | None]]) -> Ranking | None:
    """"the country with the highest average age": per group, ranked by the aggregate (which
    is taken out of what is shown)."""
    for i, w in enumerate(words[:-1]):
        agg = AGGREGATES.get(words[i + 1])
        if w not in SUPERLATIVES or w in AGGREGATES or agg is None:
            continue
        found = next((a for a in aggregates if a[0] == agg), None)
        if found is None:
            return None
        aggregates.remove(found)
        use(used, i, i + 1)
        return f"{agg}({qualified(found[1], found[2])})", SUPERLATIVES[w], True, found[1]
    return None


def ranking_context(words: list[str], i: int) -> bool:
    """``the singer with the highest age``: a ranking, not an aggregate."""
    before = words[max(0, i - 3):i]
    return any(w in ("with", "whose", "has", "have", "had", "which", "who") for w in before) or (
        bool(words) and words[0] in ("which", "who"))


def read_ranking(words: list[str], used: list[bool],
             mentions: list[Mention]) -> tuple[str, str, bool, Table | None] | None:
    """``the singer with the highest age`` (ORDER BY age DESC LIMIT 1); ``which year has the
    most concerts`` (ORDER BY count(*) DESC, per group)."""
    for i, w in enumerate(words):
        direction = SUPERLATIVES.get(w)
        popular = _popular(words, i)
        if popular is not None and not used[i]:
            use(used, i, i + popular[0])        # "the most popular venue": the one most rows refer to
            return "count(*)", popular[1], True, None
        if w in ("most", "least") and words[i + 1:i + 2] in (["recent"], ["recently"]) and not used[i]:
            return _most_recent(words, used, mentions, i, "DESC" if w == "most" else "ASC")
        if w in _RECENT and not used[i] and not any(m.column is not None and i < m.start <= i + 2 for m in mentions):
            return _latest(words, used, mentions, i, _RECENT[w])
        if w in _PAID_RANKS and words[i + 1:i + 2] == ["paid"] and not used[i]:
            money = money_column(mentions)      # "the highest paid musician": by what they are paid
            if money is not None:
                use(used, i, i + 2)
                return qualified(*money), _PAID_RANKS[w], False, money[0]
        if w in MONEY_SUPERLATIVES and (w != "expensive" or (i > 0 and words[i - 1] in ("most", "least"))):
            money = money_column(mentions)
            if money is None:
                raise Unreadable("the price of what")
            flip = w == "expensive" and words[i - 1] == "least"
            use(used, i - 1 if w == "expensive" else i, i + 1)
            return qualified(*money), "ASC" if flip else MONEY_SUPERLATIVES[w], False, money[0]
        if direction is None or used[i]:
            continue
        if w in ("top", "first") and i + 1 < len(words) and is_number(words[i + 1]) and any(
                _superlative(x) for x in words[i + 2:i + 4]):
            continue        # "top 3 highest rating": the superlative after the limit ranks
        if w in ("most", "least") and i + 1 < len(words) and words[i + 1] in MONEY_SUPERLATIVES:
            continue        # "the most expensive": read at "expensive"
        if w in AGE_WORDS:
            age = age_of(mentions)
            if age is not None:
                use(used, i, i + 1)
                return qualified(*age), direction, False, age[0]
            continue
        if words[i + 1:i + 3] == ["number", "of"] and w in ("most", "least", "fewest", "greatest",
                                                             "largest", "highest", "smallest", "lowest"):
            counted = mention_at(mentions, i + 3)
            measured = _numeric_named(words, mentions, i + 3) if counted is None else None
            if measured is not None:       # "worked the greatest number of years": year_of_work
                use(used, i, i + 4)
                for m in mentions:
                    if m.column is measured[1]:
                        use(used, m.start, m.end)     # "worked" said it too
                return qualified(*measured), direction, False, measured[0]
            if counted is None or counted.column is None:
                use(used, i, counted.end if counted is not None else i + 3)
                return "count(*)", direction, True, counted.table if counted is not None else None
            if short_type(counted.column.type) in NUMERIC:     # "the greatest number of years": a column
                use(used, i, counted.end)
                return qualified(counted.table, counted.column), direction, False, counted.table
            use(used, i, counted.end)                           # "the largest number of languages"
            return "count(*)", direction, True, counted.table
        target = mention_at(mentions, i + 1) or mention_at(mentions, i + 2)
        if target is not None and target.column is not None and short_type(target.column.type) == "bool":
            ranked = next((m for m in mentions if m.start == target.end and m.table is target.table
                           and m.column is not None and short_type(m.column.type) in NUMERIC), None)
            target = ranked or target   # "the most billable hours": the hours ranked, the flag a filter
        use(used, i, i + 1)
        if target is not None and target.column is not None and not (w in ("most", "least", "fewest") and _is_key(target)) \
                and (short_type(target.column.type) in NUMERIC or (target.start == i + 1 and w not in ("most", "least"))):
            # a column named right after the superlative ranks even as text ("highest rating")
            use(used, target.start, target.end)
            subject = next((m for m in mentions if m.column is None and m.end <= i), None) \
                or _category(mentions, -1, i)
            total = summed_elsewhere(target, subject) if subject is not None else None
            if total is not None:
                return total, direction, True, target.table
            return qualified(target.table, target.column), direction, False, target.table
        if w in ("most", "least", "fewest"):
            if target is not None:
                use(used, target.start, target.end)
            return "count(*)", direction, True, target.table if target is not None else None
        before = [m for m in mentions if m.column is not None and short_type(m.column.type) in NUMERIC
                  and i - 5 <= m.start and m.end <= i and not used[m.start]]
        if before and words[i - 1:i] in (["the"], ["is"]) or before and words[i - 2:i] == ["is", "the"]:
            ranked = max(before, key=lambda m: (m.end, m.end - m.start))  # "whose number of products is the largest"
            use(used, ranked.start, ranked.end)
            return qualified(ranked.table, ranked.column), direction, False, ranked.table
        implied = dimension_of(w, mentions)         # "the heaviest animal": by its weight
        if implied is not None:
            return qualified(*implied), direction, False, implied[0]
        raise Unreadable(f"{w} what")
    return None


def _popular(words: list[str], i: int) -> tuple[int, str] | None:
    """"most popular", "least used", "busiest": (how many words, direction) of a ranking by how
    many rows of another table refer to each row."""
    if words[i] in ("busiest",):
        return 1, "DESC"
    if words[i] in ("most", "least") and words[i + 1:i + 2] in (["popular"], ["used"], ["visited"], ["booked"]):
        return 2, "DESC" if words[i] == "most" else "ASC"
    return None


_PAID_RANKS = {"highest": "DESC", "best": "DESC", "top": "DESC", "most": "DESC", "lowest": "ASC", "worst": "ASC",
               "least": "ASC"}


def _numeric_named(words: list[str], mentions: list[Mention], at: int) -> tuple[Table, Column] | None:
    """The one numeric column of a table the question names whose name has the word at ``at``."""
    if at >= len(words):
        return None
    word = sing(words[at])
    found = {(m.table.name, c.name): (m.table, c) for m in mentions if m.column is None for c in m.table.columns
             if short_type(c.type) in NUMERIC and word in name_words(c.name) and c.name not in m.table.primary_key}
    return next(iter(found.values())) if len(found) == 1 else None


def dated(words: list[str], used: list[bool], mentions: list[Mention], table: Table,
          at: int) -> tuple[Table, Column] | None:
    """The date of ``table``'s rows the question means (:func:`date_column`), else its one
    column named a date though kept as text ("original_air_date"); the words that name it
    ("aired") are placed."""
    found = date_column(words, mentions, table, at)
    if found is None:
        named = [c for c in table.columns if "date" in name_words(c.name)]
        found = (table, named[0]) if len(named) == 1 else None
    if found is not None:
        spelt = {stem(w) for w in name_words(found[1].name)} - {"date"}
        for i, w in enumerate(words):
            if stem(sing(w)) in spelt:
                use(used, i, i + 1)
    return found


def _most_recent(words: list[str], used: list[bool], mentions: list[Mention], at: int,
                 direction: str) -> Ranking:
    """"the most recently aired cartoon", "the most recent order": by the row's date (the one
    the question says, else its event date)."""
    found = _subject_date(words, used, mentions, at, "most recent")
    use(used, at, at + 2)
    if at + 2 < len(words) and words[at + 2].endswith("ed") and words[at + 2] not in FILLER:
        use(used, at + 2, at + 3)      # "most recently aired": the date the verb names
    return qualified(*found), direction, False, found[0]


def _subject_date(words: list[str], used: list[bool], mentions: list[Mention], at: int,
                  said: str) -> tuple[Table, Column]:
    """The date that ranks the rows a time superlative at ``at`` is about (the first table
    named after it, else the first named): the one the question says, else their event date."""
    tables = [m for m in mentions if m.column is None]
    subject = next((m for m in tables if m.start > at), tables[0] if tables else None)
    if subject is None:
        raise Unreadable(f"{said} what")
    found = dated(words, used, mentions, subject.table, at)
    if found is None:
        raise Unreadable(f"{said} by which date")
    return found


# Superlatives of time that rank rows by their date when no column is named after them.
_RECENT = {"latest": "DESC", "newest": "DESC", "earliest": "ASC"}


def _latest(words: list[str], used: list[bool], mentions: list[Mention], at: int, direction: str) -> Ranking:
    """"the latest donation", "the 3 earliest bookings": by the row's date, as "the most
    recent" (:func:`_most_recent`)."""
    found = _subject_date(words, used, mentions, at, "latest")
    use(used, at, at + 1)
    return qualified(*found), direction, False, found[0]


def ranked_by(words: list[str], used: list[bool], mentions: list[Mention]) -> Ranking | None:
    """"the 5 largest accounts by seats", "top 3 customers by number of orders": a superlative
    or "top", the table ranked, then ``by`` and what ranks it (a numeric column, or a count)."""
    for i, w in enumerate(words):
        if (w not in SUPERLATIVES and w not in ("top", "bottom")) or used[i]:
            continue
        for j in range(i + 1, min(len(words), i + 5)):
            if words[j] != "by":
                continue
            ranked = next((m for m in mentions if m.column is None and i < m.start and m.end <= j), None) \
                or _category(mentions, i, j)    # "top 3 conductors by ...": a column's values ranked
            if ranked is None:
                break
            direction = "ASC" if w == "bottom" else SUPERLATIVES.get(w, "DESC")
            if words[j + 1:j + 3] in (["number", "of"], ["count", "of"]):
                counted = mention_at(mentions, j + 3)
                if counted is not None and counted.column is None:
                    use(used, i, i + 1)
                    use(used, j, counted.end)
                    return "count(*)", direction, True, counted.table
            target = _measure_after(mentions, j + 1)
            money = money_column([target], only=True) if target is not None and target.column is None \
                and target.start == j + 2 and AGGREGATES.get(words[j + 1]) in ("sum", "avg") else None
            if target is not None and money is not None:
                use(used, i, i + 1)         # "top 3 patrons by total donations": their money summed
                use(used, j, target.end)
                return f"{AGGREGATES[words[j + 1]]}({qualified(*money)})", direction, True, target.table
            if target is not None and target.column is not None and short_type(target.column.type) in NUMERIC:
                use(used, i, i + 1)
                use(used, j, target.end)
                total = summed_elsewhere(target, ranked) or summed_per_owner(target, ranked)
                if total is not None:       # "top 5 concerts by ticket revenue": per concert, summed
                    return total, direction, True, target.table
                return qualified(target.table, target.column), direction, False, target.table
            if target is not None and target.column is None and (target.table is not ranked.table
                                                                  or ranked.column is not None):
                use(used, i, i + 1)         # "top 3 musicians by concerts played": how many of them
                use(used, j, target.end)
                after = target.end
                if after < len(words) and words[after].endswith("ed") and is_verb_form(words[after]):
                    use(used, after, after + 1)     # "played", "attended": the verb relating the two
                    mentions[:] = [m for m in mentions if m.start != after]
                return "count(*)", direction, True, target.table
            break
    return None


def _measure_after(mentions: list[Mention], at: int) -> Mention | None:
    """What ``by`` ranks by: the mention at ``at``; a table named before one of its own columns
    ("by ticket revenue") is that column, spanning both."""
    target = mention_at(mentions, at)
    if target is None or target.column is not None:
        return target
    measure = next((m for m in mentions if (m.start, m.end) == (target.start, target.end)
                    and m.table is target.table and isinstance(m.column, Measure)), None)
    if measure is not None:
        return measure          # "by billing": the amount the word names, not how many invoices
    column = next((m for m in mentions if m.start == target.end and m.column is not None
                   and m.table is target.table), None)
    return target if column is None else Mention(column.table, column.column, target.start, column.end)


def summed_elsewhere(target: Mention, ranked: Mention) -> str | None:
    """An amount of another table's rows ranking ``ranked`` ("the venue that sold the most
    seats", "top grower by tonnes"), or of the rows of each value of a column ranked ("the
    channel that brought the most revenue"), is their sum, not one row's value."""
    column = target.column
    if column is None or (target.table is ranked.table and ranked.column is None) \
            or not additive(target.table, column):
        return None
    return f"sum({qualified(target.table, column)})"


def summed_per_owner(target: Mention, ranked: Mention) -> str | None:
    """"top 3 agents by premium": a number on the rows of a table that refers to the one ranked
    (each agent sold many policies) ranks each of its owners by their sum; one row's value
    would list an owner once per row. Not a price or a rate of one unit, nor a key."""
    column = target.column
    if column is None or ranked.column is not None or target.table is ranked.table \
            or isinstance(column, Measure) or short_type(column.type) not in NUMERIC:
        return None
    if not any((fk.ref_schema, fk.ref_table) == (ranked.table.schema, ranked.table.name)
               for fk in target.table.foreign_keys):
        return None
    keys = set(target.table.primary_key) | {c for fk in target.table.foreign_keys for c in fk.columns}
    words = set(spelt_out(tuple(ABBREVIATIONS.get(w, w) for w in name_words(column.name))))
    if column.name in keys or words & _PER_UNIT:
        return None
    return f"sum({qualified(target.table, column)})"


# Name words of a value of one unit, which adds up to nothing.
_PER_UNIT = frozenset(("per", "price", "rate", "avg", "average", "pct", "percent", "ratio", "age", "year", "score",
                       "rating", "rank", "level", "latitude", "longitude"))


def _category(mentions: list[Mention], start: int, end: int) -> Mention | None:
    """A text column named between ``start`` and ``end`` that is no row's name: its values are
    what is ranked ("which channel ...", "top 3 conductors by ...")."""
    return next((m for m in mentions if m.column is not None and start < m.start and m.end <= end
                 and short_type(m.column.type) == "text" and m.column is not name_column(m.table)
                 and not isinstance(m.column, Measure)), None)



def period_frame(words: list[str], used: list[bool], mentions: list[Mention]) -> str | None:
    """"by month", "per week", "each year", "monthly": one row per calendar period (unless a
    column is called so: "weekly rank")."""
    for i, w in enumerate(words):
        if any(m.start <= i < m.end and m.column is not None for m in mentions):
            continue
        if w in PERIOD_ADVERBS and not used[i]:      # "the annual plan": a stored value
            use(used, i, i + 1)
            return PERIOD_ADVERBS[w]
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w in ("by", "per", "each", "every") and nxt in ("day", "week", "month", "quarter", "year"):
            use(used, i, i + 2)
            return nxt
        if w in ("which", "what") and nxt in ("day", "week", "month", "quarter", "year") and not used[i] \
                and any(x in SUPERLATIVES for x in words[i + 2:]) \
                and not any(m.start == i + 1 and m.column is not None for m in mentions):
            use(used, i, i + 2)         # "which month had the most donations": the months ranked
            return nxt
    return None


def order_frame(words: list[str], used: list[bool], mentions: list[Mention]) -> tuple[str, str, Table | None] | None:
    direction = "DESC" if any(w in DESC_WORDS for w in words) else "ASC"
    at = find(words, ("from",))
    while at >= 0:
        if at + 3 < len(words) + 1 and "to" in words[at + 2:at + 5]:
            if words[at + 1] in HIGH_WORDS or (words[at + 1] == "the" and words[at + 2] in HIGH_WORDS):
                direction = "DESC"
                to = words.index("to", at + 2)
                use(used, at, min(len(words), to + 3 if words[to + 1:to + 2] == ["the"] else to + 2))
        at = find(words, ("from",), at + 1)
    for i, w in enumerate(words):
        if w in DESC_WORDS or w in ASC_WORDS or w == "order":
            use(used, i, i + 1)
    for at, after in _order_frames(words):
        while after < len(words) and (words[after] in DESC_WORDS or words[after] in ASC_WORDS
                                      or words[after] in ("the", "their", "its")):
            after += 1
        back = _said_before(words, mentions, at, after) if words[after - 1] == "the" else None
        target = back or mention_at(mentions, after) or _said_later(words, mentions, after)
        measured = _numeric_named(words, mentions, after + 2) if words[after:after + 2] == ["number", "of"] \
            and (target is None or target.column is None) else None
        if measured is not None:        # "sorted by the number of years they have worked": year_of_work
            use(used, at, after + 3)
            for m in mentions:
                if m.column is measured[1]:
                    use(used, m.start, m.end)     # "worked" said it too
            return qualified(*measured), direction, measured[0]
        use(used, at, after)
        if after < len(words) and words[after] in _BY_COUNT and (target is None or target.column is None):
            use(used, after, after + 1)       # "in ascending order of count": per value shown
            return "count(*)", direction, None
        if target is None and after < len(words) and words[after] in ("value", "values") \
                and any(w in DESC_WORDS or w in ASC_WORDS for w in words):
            use(used, after, after + 1)       # "earnings, ordered descending by value": what is shown
            return None
        if target is None or target.column is None:
            raise Unreadable("ordered by what")
        use(used, min(after, target.start), target.end)     # "years in which they were founded"
        return qualified(target.table, target.column), direction, target.table
    if any(w in DESC_WORDS or w in ASC_WORDS or w in ("sort", "sorted", "order", "ordered") for w in words):
        at = find(words, ("by",))
        while at >= 0:
            after = at + 1
            while after < len(words) and words[after] in ("the", "their", "its", "his", "her"):
                after += 1
            target = mention_at(mentions, after)
            if target is not None and target.column is not None:
                use(used, at, target.end)
                for i, w in enumerate(words):
                    if w in ("sort", "sorted", "ordered"):
                        use(used, i, i + 1)
                return qualified(target.table, target.column), direction, target.table
            at = find(words, ("by",), at + 1)
    return None


_BY_COUNT = frozenset(("count", "frequency", "frequencies", "number", "popularity", "occurrences"))
_ORDER_CUES = frozenset(("ordered", "sorted", "order", "sort", "ranked", "arranged", "rank", "arrange"))
# what may stand between "sort" and "by": "sorted descending by", "order the results by"
_ORDER_BETWEEN = frozenset(("the", "results", "result", "them", "it", "list", "rows", "in", "order", "this"))


def _order_frames(words: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each ordering frame: ``ORDER_FRAMES`` as written, or a sorting verb and
    "by" / "of" with directions and function words between."""
    found = [(at, at + len(frame)) for frame in ORDER_FRAMES for at in [find(words, frame)] if at >= 0]
    for i, w in enumerate(words):
        if w not in _ORDER_CUES:
            continue
        j = i + 1
        while j < min(len(words), i + 6) and (words[j] in DESC_WORDS or words[j] in ASC_WORDS
                                                or words[j] in _ORDER_BETWEEN):
            j += 1
        if j > i + 1 and j < len(words) and words[j] in ("by", "of"):
            found.append((i, j + 1))
    return sorted(set(found), key=lambda x: (x[0], -x[1]))[:1] if found else []


_TIME_NOUNS = frozenset(("year", "years", "date", "dates", "time", "times", "day", "days"))


def _said_later(words: list[str], mentions: list[Mention], at: int) -> Mention | None:
    """"in descending order of years in which they were founded": the column the clause names
    (``year_of_founded``), past a time noun and function words."""
    if at >= len(words) or words[at] not in _TIME_NOUNS:
        return None
    for j in range(at + 1, min(len(words), at + 6)):
        found = [m for m in mentions if m.start == j and m.column is not None]
        if found:
            return max(found, key=lambda m: m.end - m.start)
        if words[j] not in FILLER:
            return None
    return None


def _said_before(words: list[str], mentions: list[Mention], at: int, after: int) -> Mention | None:
    """"visitors whose membership level is above 4, ordered by the level": a word of a column
    named earlier in the question stands for that column (its one mention)."""
    if after >= len(words):
        return None
    word = sing(words[after])
    earlier = {id(m.column): m for m in mentions if m.column is not None and m.end <= at
               and word in name_words(m.column.name) and m.end - m.start > 1}
    if len(earlier) != 1:
        return None
    m = next(iter(earlier.values()))
    return Mention(m.table, m.column, after, after + 1)


def _superlative(word: str) -> bool:
    """A superlative adjective, of any measure or of price ("largest", "priciest"): a number
    right before one is how many rows ("the 5 priciest sections")."""
    return word in SUPERLATIVES or word in MONEY_SUPERLATIVES


def top_n(words: list[str], used: list[bool]) -> int | None:
    for i, w in enumerate(words[:-1]):
        if is_number(w) and (i == 0 or words[i - 1] == "the") and int(w) < 1000 and not used[i] \
                and any(x in SUPERLATIVES and used[j + 1:j + 2] == [True] for j, x in enumerate(words) if j > i + 1):
            use(used, i, i + 1)
            return int(w)         # "the 3 donors with the most donations", "3 clients with the most vacancies"
        if w in ("top", "first", "bottom") and is_number(words[i + 1]):
            use(used, i, i + 2)
            return int(words[i + 1])
        if i > 0 and is_number(w) and int(w) < 1000 and not used[i] and _superlative(words[i - 1]) \
                and words[i - 1] not in ("most", "least", "top", "max", "min", "maximum", "minimum") \
                and i + 1 < len(words) and not is_number(words[i + 1]):
            use(used, i, i + 1)
            return int(w)         # "the biggest 3 donations": the number after the superlative
        if is_number(w) and int(w) < 1000 and (_superlative(words[i + 1]) or (
                words[i + 1] in _PAID_RANKS and words[i + 2:i + 3] == ["paid"])):
            use(used, i, i + 1)
            return int(w)         # "the 5 largest countries"
    return None


def read_listed(words: list[str], used: list[bool], mentions: list[Mention]
            ) -> tuple[list[tuple[str, Table, Column | None]], list[int]]:
    """Columns the question asks to see, in its order (the longest mention at each place), and
    where each starts."""
    out: list[tuple[str, Table, Column | None]] = []
    starts: list[int] = []
    by_start: dict[int, list[Mention]] = {}
    for m in mentions:
        by_start.setdefault(m.start, []).append(m)
    i = last_end = 0
    while i < len(words):
        here = by_start.get(i)
        if not here or used[i]:
            i += 1
            continue
        longest = max(m.end for m in here)
        best = [m for m in here if m.end == longest]
        single = longest - i == 1
        columns = [m for m in best if m.column is not None
                   and not (single and (words[i] in SUPERLATIVES or words[i] in AGGREGATES))]
        if any(m.column is None for m in best):
            columns = []        # "battles" names the table, not battle.lost_in_battle
            table = next(m.table for m in best if m.column is None)
            label = name_column(table)
            joiners = words[last_end:i]
            if out and label is not None and joiners and set(joiners) <= _LIST_JOINERS \
                    and ("and" in joiners or "well" in joiners) and all(t is not table for _, t, _ in out):
                out.append(("", table, label))  # "the names of conductors and the orchestras they conducted"
                starts.append(i)
        compound = _compound(words, used, mentions, i, longest) if columns else None
        if compound is not None:
            columns = [compound]
        if columns:
            owner = _owner(words, mentions, i, longest)
            # mentions come ordered by their table's focus, unless the question says whose
            chosen = next((m for m in columns if m.table is owner), None) or next(
                (m for m in columns if owner is not None and m.column is not None
                 and set(name_words(owner.name)) & set(name_words(m.column.name))), columns[0])
            # "descriptions for templates": template_type_description when templates has none
            item = ("", chosen.table, chosen.column)
            label = name_column(owner) if owner is not None and words[i] in ("name", "names") else None
            if owner is not None and chosen.table is not owner and label is not None:
                item = ("", owner, label)      # "names of orchestras": what names an orchestra
            if item not in out:
                out.append(item)
                starts.append(i)
        last_end = longest
        use(used, i, longest)
        i = longest
    return out, starts


_LIST_JOINERS = frozenset(("and", "the", "as", "well", "their", "its", "corresponding", "respective", "also"))


_BETWEEN_OWNER = frozenset(("and", "of", "for", "the", "all", "each", "every", "their", "its", "different",
                            "distinct", "unique", "various", "those", "these"))


def _compound(words: list[str], used: list[bool], mentions: list[Mention], start: int, end: int) -> Mention | None:
    """"the name ... of the song" where a table has ``song_name``: the thing named after "of"
    and the column word spell one column (the word "song" names no table of its own)."""
    i = end
    while i < len(words) and (words[i] in _BETWEEN_OWNER or any(m.start == i for m in mentions)):
        i = max([m.end for m in mentions if m.start == i] + [i + 1])
    if i >= len(words) or not any(words[j] in ("of", "for") for j in range(end, i)) or used[i]:
        return None
    spelt = (sing(words[i]),) + tuple(sing(w) for w in words[start:end])
    for table in dict.fromkeys(m.table for m in mentions):
        column = next((c for c in table.columns if name_words(c.name) == spelt), None)
        if column is not None:
            use(used, i, i + 1)
            return Mention(table, column, start, end)
    return None


def _owner(words: list[str], mentions: list[Mention], start: int, end: int) -> Table | None:
    """Whose column a name shown is: the table named right before it ("document ids"), else
    the one it is "of" ("the name and location of the stadiums", "ids for all templates"),
    past other columns shown and function words."""
    before = next((m for m in mentions if m.column is None and (m.end == start or start <= m.start < end)), None)
    if before is not None:
        return before.table
    i = end
    while i < len(words):
        if words[i] in AGGREGATES or words[i] in SUPERLATIVES or words[i] in ("number", "count", "how"):
            return None         # "ids and the number of paragraphs": what follows is counted
        here = [m for m in mentions if m.start == i]
        table = next((m for m in here if m.column is None), None)
        if table is not None and any(words[j] in ("of", "for") for j in range(end, i)):
            return table.table
        if here:
            i = max(m.end for m in here)
        elif words[i] in _BETWEEN_OWNER:
            i += 1
        else:
            return None
    return None


def main_table(mentions: list[Mention], listed: list[tuple[str, Table, Column | None]],
                aggregates: list[tuple[str, Table, Column | None]], group: Group | None,
                parts: Parts, counting: int | None, used: list[bool] | None = None) -> Table:
    tables = [m for m in mentions if m.column is None]
    # the table named first, unless it only qualifies a value ("agents in the Billing team"); a
    # yes/no of its own said right before it ("active teachers") qualifies nothing else
    free = sorted((m for m in tables if m.table not in parts.filter_tables or _flagged(m, mentions)),
                  key=lambda m: m.start)
    tables = free + [m for m in tables if m not in free]
    if counting is not None:
        after = [m for m in tables if m.start >= counting - 1]
        if after:
            return min(after, key=lambda m: m.start).table
    for _, table, _ in aggregates + listed:
        return table
    if tables:
        return tables[0].table
    if group is not None:
        return group[0]
    if parts.filter_tables:
        return parts.filter_tables[0]
    raise Unreadable("about which table")


def _flagged(table: Mention, mentions: list[Mention]) -> bool:
    """Whether a yes/no column of the table is said right before its name ("active teachers")."""
    return any(m.table is table.table and m.column is not None and m.end == table.start
               and short_type(m.column.type) == "bool" for m in mentions)


def listed_names(table: Table) -> tuple[Column, ...]:
    """What shows a row when a question names only the rows: its names (:func:`.names.shown_names`),
    and for a titled event that refers to another table and has one date ("cancelled concerts",
    "lessons next week") its date too: a title is played or taught again, so alone it would not
    say which row each is (a person's or a place's name is its own)."""
    names = shown_names(table)
    if len(names) == 1 and _code_of_another_thing(table, names[0]):
        return ()           # wo_hdr.prio_cd: a priority's code, not what the jobs are called
    if not names:
        label = row_label(table) or _text_key(table)
        return (label,) if label is not None else ()
    dates = event_dates(table)
    if len(names) == 1 and "title" in name_words(names[0].name) and table.foreign_keys and len(dates) == 1:
        return names + (dates[0],)
    return names


def _code_of_another_thing(table: Table, column: Column) -> bool:
    """A code or number column that names a row only if it is the row's own (``room_num`` of
    rooms, ``berth_cd`` of berths), not another thing's (``prio_cd``: a priority)."""
    words = spelt_out(name_words(column.name))
    if len(words) < 2 or ABBREVIATIONS.get(words[-1], words[-1]) not in ("code", "number"):
        return False
    own = set(name_words(table.name)) | set(spelt_out(name_words(table.name)))
    return not (set(words[:-1]) & own or {sing(w) for w in words[:-1]} & {sing(w) for w in own})


def ratio_of_amounts(aggregates: list[tuple[str, Table, Column | None]], group: Group | None,
                     words: list[str], mentions: list[Mention]) -> Measure | None:
    """"revenue per visitor", "fees per seat": an amount per another amount of the same rows is
    the ratio of their totals, not a group per value of the second."""
    if group is None or len(aggregates) != 1 or aggregates[0][0] not in ("sum", "avg"):
        return None
    _, table, over = aggregates[0]
    by = group[1]
    if over is None or by is None or group[0] is not table or group[2] != (by,) or not counted_amount(table, by):
        return None
    if not any(m.column is by and m.start > 0 and words[m.start - 1] == "per" for m in mentions):
        return None
    if not (additive(table, over) or set(name_words(over.name)) & _MONEY):
        return None
    return Measure("ratio", "numeric", expr=f"sum({qualified(table, over)}) / nullif(sum({qualified(table, by)}), 0)")


_MONEY = frozenset(("price", "amount", "cost", "fee", "paid", "total", "revenue"))


def average_count_per(words: list[str], used: list[bool], mentions: list[Mention],
                      group: Group | None) -> tuple[Table, Measure] | None:
    """"average ascents per member", "avg number of loans per member": the mean of each group's
    count of rows, over the groups that have any: the rows counted over the distinct keys they
    refer to the group's table by."""
    if group is None:
        return None
    for i, w in enumerate(words):
        if used[i] or AGGREGATES.get(w) != "avg":
            continue
        at = i + 1 + 2 * (words[i + 1:i + 3] == ["number", "of"])
        rows = next((m for m in mentions if m.start == at and m.column is None and m.table is not group[0]), None)
        if rows is None:
            return None
        fks = [fk for fk in rows.table.foreign_keys if fk.ref_table == group[0].name and len(fk.columns) == 1]
        key = rows.table.column(fks[0].columns[0]) if len(fks) == 1 else None
        if key is None:
            return None
        use(used, i, rows.end)
        expr = f"count(*)::numeric / nullif(count(DISTINCT {qualified(rows.table, key)}), 0)"
        return rows.table, Measure("per_group", "numeric", expr=expr)
    return None


_LATEST = (("the", "last"), ("the", "latest"), ("the", "most", "recent"), ("our", "last"), ("last",))


def time_since_said(words: list[str], used: list[bool], mentions: list[Mention], tables: list[Table]
                    ) -> tuple[Table, Measure] | None:
    """"how many years since Copper Foxes were founded", "days since the club opened": today
    minus the date the words after "since" name (``founded_on``, ``opened_on``) of a table the
    question names or picks rows of; years and months as whole ones (``age``)."""
    at = next((i for i, w in enumerate(words[:-1]) if w in _SINCE_UNITS and words[i + 1] == "since"), -1)
    if at < 0:
        return _time_as(words, used, mentions, tables)
    if used[at] or used[at + 1]:
        return None
    named = [m.table for m in mentions if m.column is None] + tables
    for table in dict.fromkeys(named):
        column = said_date(words[at + 2:], table)
        if column is not None:
            break
    else:
        return None
    return _time_from(words, used, at, at + 2, table, column)


def _time_as(words: list[str], used: list[bool], mentions: list[Mention], tables: list[Table]
             ) -> tuple[Table, Measure] | None:
    """"how many days has Grace Okafor been renting from us", "how many years have we been
    open": the time from the date the span began (the date the words after "been" name, else
    the one start date of a table the question names) to today, not a count of rows."""
    at = next((i for i, w in enumerate(words[:-3]) if w in _SINCE_UNITS and words[i - 2:i] == ["how", "many"]
               and words[i + 1] in ("has", "have")), -1)
    been = words.index("been", at) if at > 0 and "been" in words[at:] else -1
    if been < 0 or been > at + 6:
        return None
    # whose span: the rows named between "has" and "been" (or picked there by a value), then
    # the rows the words after it name ("renting": a lease's)
    named = [m.table for m in mentions if m.column is None and at + 2 <= m.start < been] + tables + [m.table for m in mentions if m.start > been]
    for table in dict.fromkeys(named):
        column = said_date(words[been + 1:], table) or start_date(table)
        if column is not None:
            break
    else:
        return None
    found = _time_from(words, used, at, at + 2, table, column)
    use(used, at - 2, at)
    use(used, been, been + 1)
    if words[been + 1:been + 3] == ["with", "the"] and been + 4 == len(words) \
            and not any(m.start == been + 3 for m in mentions):
        use(used, been + 1, been + 4)       # "been with the network": the organisation asking, as "with us"
    for m in mentions:
        if m.table is table and m.start > been:
            use(used, m.start, m.end)      # "renting": the lease's rent, said as what the span is
    return found


def _time_from(words: list[str], used: list[bool], at: int, after: int, table: Table, column: Column
               ) -> tuple[Table, Measure]:
    date = qualified(table, column)
    unit = _SINCE_UNITS[words[at]]
    expr = (f"current_date - {date}::date" if unit == "day" else f"date_part('year', age({date}))" if unit == "year"
            else f"date_part('year', age({date})) * 12 + date_part('month', age({date}))")
    use(used, at, after)
    for i in range(after, len(words)):
        if words[i] in name_words(column.name):
            use(used, i, i + 1)
    return table, Measure(f"{unit}s_since", "numeric", expr=expr, unit=f"{unit}s")


_SINCE_UNITS = {"days": "day", "months": "month", "years": "year"}


def days_between(words: list[str], used: list[bool], mentions: list[Mention]) -> tuple[Table, Table, Measure] | None:
    """"avg days from delivery to payment", "days between a load arriving and being graded":
    two tables named in that order, one referencing the other, each dated by its event date (or
    the one the words after it name); the days from the first's date to the second's, over the
    second's rows (joined to the first: (later, earlier, measure))."""
    at = next((i for i, w in enumerate(words[:-1]) if w == "days" and words[i + 1] in ("from", "between")), -1)
    if at < 0 or used[at]:
        return None
    tables = [m for m in mentions if m.column is None and m.start > at + 1]
    if len(tables) < 2 or tables[0].table is tables[1].table:
        return None
    first, second = sorted(tables[:2], key=lambda m: m.start)
    if not _references(second.table, first.table) and not _references(first.table, second.table):
        return None
    dates = [_event_date(words, m, end) for m, end in ((first, second.start), (second, len(words)))]
    if dates[0] is None or dates[1] is None:
        return None
    expr = f"{qualified(second.table, dates[1])}::date - {qualified(first.table, dates[0])}::date"
    use(used, at, at + 2)
    for m in (first, second):
        use(used, m.start, m.end)
    for i, w in enumerate(words[at + 2:], at + 2):
        if w in ("to", "and", "until") or any(stem(w) == stem(n) for c in dates if c is not None for n in name_words(c.name)):
            use(used, i, i + 1)
    return second.table, first.table, Measure("days_between", "numeric", expr=expr, unit="days")


def _references(table: Table, other: Table) -> bool:
    return any((fk.ref_schema, fk.ref_table) == (other.schema, other.name) for fk in table.foreign_keys)


def _event_date(words: list[str], m: Mention, end: int) -> Column | None:
    """The date the words between a table's mention and ``end`` name ("arriving" is no date of
    its own: then its first event date)."""
    return said_date(words[m.end:end], m.table) or next(iter(event_dates(m.table)), None)


def days_since_last(words: list[str], used: list[bool], mentions: list[Mention]) -> tuple[Table, Measure] | None:
    """"days since the last delivery", "how many days since the last cancelled lesson": today
    minus the latest date of the rows named after it (their conditions stay filters)."""
    at = find(words, ("days", "since"))
    if at < 0 or used[at] or used[at + 1]:
        return None
    after = at + 2
    lead = next((f for f in _LATEST if tuple(words[after:after + len(f)]) == f), None)
    if lead is None:
        return None
    rows = next((m for m in mentions if m.column is None and after + len(lead) <= m.start <= after + len(lead) + 3), None)
    if rows is None:
        return None
    found = dated(words, used, mentions, rows.table, len(words))
    if found is None:
        return None
    use(used, at, after + len(lead))
    expr = f"current_date - max({qualified(found[0], found[1])})::date"
    return found[0], Measure("days_since", "numeric", expr=expr, unit="days")


# The unit a duration is asked in, as the measures spell it (:func:`.measures.table_measures`).
_DURATION_UNITS = {"day": "days", "hour": "hours", "minute": "minutes"}
# What a duration asked by its unit is aggregated by: "on average how many days", "longest".
_DURATION_AGGREGATES = {"average": "avg", "avg": "avg", "mean": "avg", "typical": "avg", "typically": "avg",
                        "longest": "max", "shortest": "min", "total": "sum"}
# Verbs (and their words) that say a row's span lasted: "were matters open", "did subscriptions
# last", "hives were in use", "children stayed".
_LASTING = frozenset(("open", "opened", "last", "lasted", "lasts", "stay", "stayed", "stays", "run", "ran", "runs",
                      "active", "remain", "remained", "remains", "in", "use", "service", "around", "take", "takes", "took"))


# Words after a unit that make it some other time than a row's span.
_NOT_A_SPAN = frozenset(("late", "overdue", "early", "before", "after", "between", "from", "since", "to", "until",
                         "till", "ago", "left", "remaining", "per", "each", "a", "an", "of", "in", "on", "off", "worked",
                         "logged", "billed", "spent"))


def duration_asked(words: list[str], used: list[bool], mentions: list[Mention],
                   schema: SchemaContext | None = None) -> tuple[str, Table, Measure] | None:
    """"on average how many days were closed matters open", "average number of days children
    stayed", "how long do matters stay open": the span between a row's two dates (its start and
    its end, :func:`.measures.span`) in the unit said, aggregated as said, where one table named
    has such a span. The verb after the rows ("open", "last", "stayed", "in use") says the span
    lasted: no state of the rows. None when nothing asks for a duration that way."""
    def dated(i: int) -> bool:      # "days children": a date's description ("the day the child left")
        return any(m.start <= i < m.end and m.column is not None and short_type(m.column.type) in ("date", "ts")
                   for m in mentions)
    unit_at = next((i for i, w in enumerate(words) if sing(w) in _DURATION_UNITS and (dated(i) or not used[i] and not any(
        m.start <= i < m.end for m in mentions))), None)
    long_at = next((i for i in range(len(words) - 2) if words[i:i + 2] == ["how", "long"]
                    and words[i + 2] in ("do", "does")), None)     # "how long do matters stay open"
    if unit_at is None and long_at is None:
        return None
    said = [i for i, w in enumerate(words) if w in _DURATION_AGGREGATES and not used[i]]
    if unit_at is not None and not said:
        return None
    if unit_at is not None and not (any(0 < unit_at - i <= 3 for i in said) or words[unit_at - 2:unit_at] == ["how", "many"]):
        return None         # "average days" / "on average how many days", not a unit far from its aggregate
    if unit_at is not None and unit_at + 1 < len(words) and words[unit_at + 1] in _NOT_A_SPAN:
        return None         # "days late", "days before the concert", "days since": another measure's
    begin = unit_at if unit_at is not None else long_at
    assert begin is not None
    unit = _DURATION_UNITS[sing(words[unit_at])] if unit_at is not None else ""
    rows = [m for m in mentions if m.column is None and m.start > begin]
    found: list[tuple[Mention, Measure]] = []
    for m in rows:
        measures = [*table_measures(m.table), *(key_measures(schema, m.table) if schema is not None else ())]
        measure = next((c for c, names in measures if isinstance(c, Measure) and c.name == "duration"
                        and (c.unit == unit if unit_at is not None else ("how", "long") in names)
                        and span_of(m.table, schema)), None)     # "how long": hours of a span in time
        if measure is not None and all(t.table is not m.table for t, _ in found):
            found.append((m, measure))
    if len(found) != 1:
        return None
    target, measure = found[0]
    after = target.end
    while after < len(words) and (words[after] in _LASTING or words[after] in ("for", "before", "leaving")) \
            and not used[after]:
        after += 1
    if after == target.end and long_at is not None:
        return None         # "how long do matters ..." with no verb of lasting after them
    agg = _DURATION_AGGREGATES[words[said[0]]] if said else "avg"
    for i in said[:1]:
        use(used, i - (i > 0 and words[i - 1] == "on"), i + 1)
    start = begin - 2 if words[begin - 2:begin] in (["how", "many"], ["number", "of"]) else begin
    use(used, start, begin + (2 if long_at is not None and unit_at is None else 1))
    if long_at is not None and unit_at is None:
        use(used, long_at, long_at + 3)
    use(used, target.end, after)
    return agg, target.table, measure


def span_of(table: Table, schema: SchemaContext | None) -> bool:
    """Whether ``table``'s rows span two dates of their own, or two date keys (a star schema)."""
    return span(table) is not None or (schema is not None and key_span(schema, table) is not None)


def people_asked(words: list[str], mentions: list[Mention], schema: SchemaContext) -> Mention | None:
    """"who logged the most overtime": "who" opening a question that ranks by how much (the
    most, least or fewest of something it names) asks for people: the one table of people
    (rows shown by a first and a last name) that the tables the question names refer to, read
    as if named at "who" ("which employee logged ..."). Nothing where the question names a
    table of people itself, or where several could answer (lessons: a customer's, a teacher's).
    "who has the highest salary": the people whose own number is ranked (:func:`_own_number_ranked`);
    a column of another table spelt by the same words (``jobs.min_salary``) is dropped from
    ``mentions``."""
    if len(words) < 3 or words[0] != "who":
        return None
    own = _own_number_ranked(words, mentions)
    if own is not None:     # its column read as the people's, not another table's of the same words
        mentions[:] = [m for m in mentions if m.column is None or m.table is own.table or not any(
            o.table is own.table and o.column is not None and o.start < m.end and m.start < o.end for o in mentions)]
        return own
    top = next((i for i, w in enumerate(words) if i > 0 and w in ("most", "least", "fewest")), None)
    if top is None or not any(m.start > top for m in mentions):
        return None     # "who paid the most": the most of what is not said
    named = {id(m.table): m.table for m in mentions}
    if not named or any(_of_people(t) for t in named.values()):
        return None
    found: dict[int, Table] = {}
    for table in named.values():
        for fk in table.foreign_keys:
            other = schema.table(fk.ref_table, fk.ref_schema)
            if other is not None and _of_people(other):
                found[id(other)] = other
    if len(found) != 1:
        return None
    return Mention(next(iter(found.values())), None, 0, 1)


def _own_number_ranked(words: list[str], mentions: list[Mention]) -> Mention | None:
    """"who has the highest salary": a superlative, then a number column of one table of people
    and no table named: those people, ranked by their own column (as "which employee has ...")."""
    top = next((i for i, w in enumerate(words) if i > 0 and w in SUPERLATIVES), None)
    if top is None or any(m.column is None for m in mentions):
        return None
    ranked = {id(m.table): m.table for m in mentions if top < m.start <= top + 2 and m.column is not None
              and short_type(m.column.type) in ("int", "num") and _of_people(m.table)}
    if len(ranked) != 1:
        return None
    return Mention(next(iter(ranked.values())), None, 0, 1)


def _of_people(table: Table) -> bool:
    """Rows shown by a first and a last name: people."""
    return len(shown_names(table)) == 2


def joined_table_words(words: list[str], used: list[bool], mentions: list[Mention], schema: SchemaContext,
                       sql: str) -> list[int]:
    """"top 3 downtime reasons by total minutes": a word of one table's name (``mes_downtime_event``)
    said right before another table named (the reasons), where the two refer to each other and
    the reading joins both: it says which rows of the second are meant (those the first's rows
    refer to), which the join says already. Only where one such table has the word."""
    out = []
    for m in mentions:
        at = m.start - 1
        if m.column is not None or at < 0 or used[at] or not used[m.start] or len(words[at]) < 4:
            continue
        word = sing(words[at])
        found = [t for t in schema.tables if t is not m.table and word in {sing(w) for w in name_words(t.name)}
                 and (_references(t, m.table) or _references(m.table, t)) and f"{ident(t.name)}." in sql]
        if len(found) == 1:
            out.append(at)
    return out


# A count of people, as analysts say it.
HEADCOUNT = frozenset(("headcount", "headcounts"))


def headcount(words: list[str], mentions: list[Mention], schema: SchemaContext) -> list[Mention]:
    """"headcount per role", "headcount by department": a count of the one table of people
    (rows shown by a first and a last name) the question is about: one it names, whose column
    it names, or that refers to a table it names (naming none, the schema's one). The word is read as "count" (``words`` is
    changed in place) and the people's table named there where no column of it is; where no one
    table of people is found the word stays unread."""
    at = next((i for i, w in enumerate(words) if w in HEADCOUNT), None)
    if at is None:
        return mentions
    people = {id(m.table): m.table for m in mentions if _of_people(m.table)}
    if not people:
        named = {id(m.table) for m in mentions if m.column is None}
        people = {id(t): t for t in schema.tables if _of_people(t) and any(
            id(o) in named for o in (schema.table(fk.ref_table, fk.ref_schema) for fk in t.foreign_keys))}
    if not mentions:        # "what is our headcount": the schema's one table of people
        people = {id(t): t for t in schema.tables if _of_people(t)}
    if len(people) != 1:
        return mentions
    table = next(iter(people.values()))
    words[at] = "count"
    if any(m.table is table for m in mentions):
        return mentions
    return [*mentions, Mention(table, None, at, at + 1)]


# Words that say a person's row is staff: hired, not signed up.
_HIRED = frozenset(("hire", "hired", "employed", "employment"))


def sign_ups(words: list[str], mentions: list[Mention], schema: SchemaContext) -> list[Mention]:
    """"new sign-ups this year", "signups last month": where nothing the schema names is so
    spelt, the rows of the one table of people (rows shown by a first and a last name) that
    keeps a date and no hire date (customers, members; not staff), as if named there."""
    spans = [(i, i + 2) for i in range(len(words) - 1) if words[i] == "sign" and words[i + 1] == "ups"]
    spans += [(i, i + 1) for i, w in enumerate(words) if w in ("signups", "signup")]
    spans = [(a, b) for a, b in spans if not any(m.start < b and a < m.end for m in mentions)]
    if not spans:
        return mentions
    people = [t for t in schema.tables if _of_people(t) and any(short_type(c.type) in ("date", "ts") for c in t.columns)
              and not any(set(name_words(c.name)) & _HIRED for c in t.columns)]
    if len(people) != 1:
        return mentions
    return [*mentions, *(Mention(people[0], None, a, b) for a, b in spans)]
