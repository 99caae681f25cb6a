"""What the question restricts the rows to: linked values (negated after "not"), number
comparisons ("more than 10 years experience", "not higher than 4"), relative periods from
``current_date`` (eval/CONVENTIONS.md), and the tables it names on their own."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ask.context.value_linking import ValueMatch, singular
from ask.schema import Column, SchemaContext, Table, short_type
from ask.translate.sketch.measures import Measure, event_dates
from ask.translate.sketch.names import Mention, age_of, mention_at, money_column, name_words, resolve
from ask.translate.prompt import quote_literal
from ask.translate.sketch.spelling import Parts, Unreadable, fk_edges, ident, qualified
from ask.translate.sketch.vocabulary import (AGE_WORDS, AGGREGATES, COMPARATORS, DATE_TYPES, FILLER, HARMLESS,
                                             MONEY_COMPARISONS,
                                             NEGATIONS, NUMERIC,
                                             PERIODS, find, is_number, stem, use)


def standalone_tables(mentions: list[Mention], used: list[bool]) -> list[Table]:
    """Tables the question names on their own ("names of poker players"): the answer keeps
    to their rows, so they are joined even when no column of theirs is shown."""
    spans = [(m.start, m.end) for m in mentions]
    return [m.table for m in mentions if m.column is None
            and not any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in spans)]


def period_words(words: list[str]) -> set[int]:
    """Where the question names a relative period ("this year", "the past 30 days"): those
    words are the period's, never a column's ("year" is not ``published_year``)."""
    out: set[int] = set()
    for i, w in enumerate(words):
        nxt = singular(words[i + 1]) if i + 1 < len(words) else ""
        if w in ("this", "last", "previous", "past") and nxt in PERIODS:
            out.update((i, i + 1))
        elif w in ("last", "past") and i + 2 < len(words) and is_number(words[i + 1]) \
                and singular(words[i + 2]) in PERIODS:
            out.update((i, i + 1, i + 2))
    return out


def date_filters(words: list[str], used: list[bool], mentions: list[Mention], table: Table,
                 parts: Parts, counted: Table | None = None, schema: SchemaContext | None = None) -> None:
    """Relative periods, from ``current_date`` (eval/CONVENTIONS.md): today, yesterday, this /
    last week|month|quarter|year, the past N days|weeks|months, in YEAR."""
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        condition: str | None = None
        span = 1
        if w == "today":
            condition = "{c} >= current_date"
        elif w == "yesterday":
            condition = "{c} >= current_date - 1 AND {c} < current_date"
        elif w == "this" and singular(nxt) in PERIODS and nxt != "day":
            condition = f"{{c}} >= date_trunc('{PERIODS[singular(nxt)]}', current_date)"
            span = 2
        elif w in ("last", "previous", "past") and singular(nxt) in PERIODS and nxt not in ("day", "days"):
            period = PERIODS[singular(nxt)]
            step = "3 months" if period == "quarter" else f"1 {period}"
            condition = (f"{{c}} >= date_trunc('{period}', current_date) - interval '{step}' "
                         f"AND {{c}} < date_trunc('{period}', current_date)")
            span = 2
        elif w in ("last", "past") and is_number(nxt) and i + 2 < len(words) and singular(words[i + 2]) in PERIODS:
            n, unit = int(nxt), singular(words[i + 2])
            condition = (f"{{c}} >= current_date - {n}" if unit == "day"
                         else f"{{c}} >= current_date - interval '{n} {unit}s'")
            span = 3
        elif w in ("in", "during") and is_number(nxt) and len(nxt) == 4 and 1900 <= int(nxt) <= 2100 \
                and not used[i + 1]:
            condition = f"extract(year FROM {{c}}) = {nxt}"
            span = 2
        if condition is None or used[i + span - 1]:
            continue
        column = date_column(words, mentions, table, i, counted, schema)
        if column is None and span == 2 and w in ("in", "during"):
            year = _year_column(mentions, table, counted)
            if year is not None:          # "concerts in 2014" over an integer ``year`` column
                other = words[i + 3] if words[i + 2:i + 3] == ["or"] and i + 3 < len(words) else ""
                if is_number(other):
                    parts.filters.append(f"{qualified(*year)} IN ({nxt}, {other})")
                    use(used, i, i + 4)
                else:
                    parts.filters.append(f"{qualified(*year)} = {nxt}")
                    use(used, i, i + 2)
                parts.filter_tables.append(year[0])
            continue            # else "in 2014" may be a plain number elsewhere
        if column is None:
            raise Unreadable("a period of which date")
        start = i - 1 if i > 0 and words[i - 1] in ("in", "during", "over", "for", "within") else i
        use(used, start, i + span)
        _use_said(words, used, column[1])
        parts.filters.append(condition.format(c=qualified(column[0], column[1])))
        parts.filter_tables.append(column[0])


def both_years(words: list[str], used: list[bool], mentions: list[Mention], table: Table | None,
               parts: Parts, counted: Table | None = None) -> None:
    """"concerts in both 2014 and 2015": the rows of each year, what they have in common
    (``table`` None: only when a table named holds the year, before the main table is known)."""
    at = find(words, ("both",))
    if at < 0 or at + 3 >= len(words) or words[at + 2] != "and" or used[at + 1]:
        return
    years = words[at + 1], words[at + 3]
    if not all(is_number(y) and len(y) == 4 and 1900 <= int(y) <= 2100 for y in years):
        return
    column = _year_column(mentions, table, counted)
    if column is None and table is None:
        return
    if column is None or parts.intersect is not None:
        raise Unreadable("both years of what")
    parts.intersect = tuple(f"{qualified(*column)} = {y}" for y in years)  # type: ignore[assignment]
    parts.filter_tables.append(column[0])
    start = at - 1 if at > 0 and words[at - 1] in ("in", "during", "of") else at
    said = [m for m in mentions if m.column is column[1] and start - 3 <= m.end <= start]
    use(used, min([m.start for m in said] + [start]), at + 4)     # "the years of both 2014 and 2015"


_CONTAINS = frozenset(("contain", "contains", "containing", "include", "includes", "including", "word",
                       "words", "letter", "letters", "phrase", "substring", "string", "character"))
_SPELT_BY = frozenset(("letter", "word", "character"))
# "names starting with 'A'", "titles that end with 's'"
_EDGES = {"start": "start", "starts": "start", "starting": "start", "begin": "start", "begins": "start",
          "beginning": "start", "end": "end", "ends": "end", "ending": "end"}


def contains_filters(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts,
                     quoted: Sequence[tuple[int, int, str]]) -> None:
    """"a song with the word 'Hey' in its name", "descriptions containing the letter w": a text
    column holding the quoted (or spelt-out) text somewhere (ILIKE); a text no cue says is
    contained is left to value linking."""
    spans = list(quoted) + [(i + 1, i + 2, words[i + 1]) for i, w in enumerate(words[:-1])
                            if w in _SPELT_BY and len(words[i + 1]) <= 2 and not any(q[0] == i + 1 for q in quoted)]
    for start, end, value in spans:
        if start >= len(words) or used[start] or not value:
            continue
        cue = [i for i in range(max(0, start - 4), start) if words[i] in _CONTAINS]
        edge = _EDGES.get(words[start - 2]) if start >= 2 and words[start - 1] == "with" else None
        cue += [start - 2, start - 1] if edge is not None else []
        inside = end + 1 < len(words) and words[end] == "in"
        if not cue and not inside:
            continue
        column = _text_column(words, mentions, min(cue + [start]), end)
        if column is None:
            raise Unreadable("contained in what")
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = escaped + "%" if edge == "start" else "%" + escaped if edge == "end" else "%" + escaped + "%"
        parts.filters.append(f"{qualified(column.table, column.column)} ILIKE {quote_literal(pattern)}")
        parts.filter_tables.append(column.table)
        use(used, min(cue + [start]), end)
        use(used, column.start, column.end)
        if inside:
            use(used, end, column.start)        # "in its name"


def _text_column(words: list[str], mentions: list[Mention], start: int, end: int) -> Mention | None:
    """The text column named after "in its / their / the" right after the text, else the
    nearest one named before it."""
    def text(m: Mention) -> bool:
        return m.column is not None and short_type(m.column.type) == "text"
    if end < len(words) and words[end] == "in":
        after = end + 1 + (1 if end + 1 < len(words) and words[end + 1] in ("its", "their", "the", "his", "her") else 0)
        found = [m for m in mentions if m.start == after and text(m)]
        owner = _owned(words, mentions, start, after)
        if owner is not None:
            return owner
        if found:
            return max(found, key=lambda m: m.end - m.start)
    before = [m for m in mentions if text(m) and m.end <= start and start - m.end <= 5]
    return max(before, key=lambda m: (m.end, m.end - m.start)) if before else None


def _owned(words: list[str], mentions: list[Mention], start: int, at: int) -> Mention | None:
    """"a song having 'Hey' in its name": the column named by the thing before the text and
    the word after "its" (``song_name``)."""
    if at >= len(words):
        return None
    nouns = {singular(words[i]): i for i in range(max(0, start - 4), start) if words[i] not in FILLER}
    for table in dict.fromkeys(m.table for m in mentions):
        for c in table.columns:
            spelt = name_words(c.name)
            if short_type(c.type) == "text" and len(spelt) == 2 and spelt[0] in nouns \
                    and spelt[1] == singular(words[at]):
                return Mention(table, c, nouns[spelt[0]], at + 1)    # the words from the noun on
    return None


def _year_column(mentions: list[Mention], table: Table | None,
                 counted: Table | None) -> tuple[Table, Column] | None:
    """An integer column that holds a year: one the question names, else the only one of the
    counted or main table."""
    def is_year(c: Column) -> bool:
        return short_type(c.type) == "int" and "year" in name_words(c.name)
    for m in mentions:
        if m.column is not None and is_year(m.column):
            return m.table, m.column
    named = [m.table for m in mentions if m.column is None]
    for owner in ([counted] if counted is not None else []) + ([table] if table is not None else []) + named:
        years = [c for c in owner.columns if is_year(c)]
        if len(years) == 1:
            return owner, years[0]
    return None


def date_column(words: list[str], mentions: list[Mention], table: Table, at: int,
                counted: Table | None = None, schema: SchemaContext | None = None
                ) -> tuple[Table, Column] | None:
    """The date a period at word ``at`` filters: one the question names; else, among the
    tables in play (what is counted, the main table, those named before the period, then the
    others named), a date whose name the question says ("opened tickets", "checked in"); a
    table's only date; a table's first event date (not a due or birth date)."""
    dated = [m for m in mentions if m.column is not None and short_type(m.column.type) in DATE_TYPES
             and not isinstance(m.column, Measure)]
    if dated:
        return dated[0].table, dated[0].column  # type: ignore[return-value]
    before = sorted((m for m in mentions if m.column is None and m.end <= at), key=lambda m: -m.end)
    named = [m.table for m in mentions if m.column is None]
    near = _neighbours(schema, [table] + named) if schema is not None else []
    # the table between two named ones ("members who borrowed books": the borrowings) holds the event
    bridges = [t for t in near if _references(schema, t, table) and any(
        o is not table and _references(schema, t, o) for o in named)] if schema is not None else []
    owners: list[Table] = []
    for owner in ([counted] if counted is not None else []) + bridges + [table] + [m.table for m in before] + named:
        if owner not in owners:
            owners.append(owner)
    for owner in owners + near:
        found = _said_date(words, owner)
        if found is not None:
            return owner, found
    for owner in owners:
        found = _only_date(words, owner) or _first_event_date(words, owner)
        if found is not None:
            return owner, found
    return None


def _neighbours(schema: SchemaContext, tables: list[Table]) -> list[Table]:
    edges = schema.derived("sketch.edges", fk_edges)
    out: list[Table] = []
    for t in tables:
        out.extend(other for other, _ in edges.get(id(t), ()) if other not in out and other not in tables)
    return out


def _references(schema: SchemaContext | None, table: Table, other: Table) -> bool:
    return schema is not None and any(schema.table(fk.ref_table, fk.ref_schema) is other
                                      for fk in table.foreign_keys)


def _use_said(words: list[str], used: list[bool], column: Column) -> None:
    """"opened tickets last month": "opened" named the date the period filters."""
    names = {stem(w) for w in name_words(column.name)} - FILLER - _DATE_WORDS
    for i, w in enumerate(words):
        if stem(singular(w)) in names:
            use(used, i, i + 1)


def _said_date(words: list[str], table: Table) -> Column | None:
    """The one date column whose name shares the most words with the question (at least one
    that is not a function word)."""
    said = {stem(singular(w)) for w in words} | {stem(w[:-1]) for w in words if w.endswith("s")}
    scored = []
    for c in table.columns:
        if short_type(c.type) not in DATE_TYPES:
            continue
        names = {stem(w) for w in name_words(c.name)}
        if names & said - FILLER - _DATE_WORDS:
            scored.append((len(names & said), c))
    scored.sort(key=lambda x: -x[0])
    if scored and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1]
    return None


_DATE_WORDS = frozenset(("date", "dt", "at", "on", "time", "timestamp", "day", "ts"))


def _only_date(words: list[str], table: Table) -> Column | None:
    dates = event_dates(table)
    return dates[0] if len(dates) == 1 else None


def _first_event_date(words: list[str], table: Table) -> Column | None:
    dates = event_dates(table)
    return dates[0] if dates else None


def link_filters(words: list[str], used: list[bool], mentions: list[Mention],
                  links: Sequence[ValueMatch], schema: SchemaContext, parts: Parts) -> None:
    by_span: dict[tuple[int, int], list[ValueMatch]] = {}
    for m in links:
        if m.exact:
            by_span.setdefault((m.start, m.end), []).append(m)
    chosen: dict[tuple[str, str], list[ValueMatch]] = {}
    for (start, end), found in sorted(by_span.items()):
        # the same value in a code table and the table that references it: the column the
        # question names beside it, else the first
        named = [m for m in found if named_near(mentions, m, start, end)]
        m = (named or found)[0]
        chosen.setdefault((m.table, m.column), []).append(m)
    for (ref, column_name), group in chosen.items():
        table = resolve(schema, ref)
        if table is None:
            raise Unreadable(ref)
        for m in group:
            for mention in named_near(mentions, m, m.start, m.end):
                use(used, mention.start, mention.end)
        negated = any(_negated(words, m.start, mentions) for m in group)
        column = f"{ident(table.name)}.{ident(column_name)}"
        values = [quote_literal(m.value) for m in group]
        if len(group) == 2 and not _negated(words, group[0].start, mentions) \
                and any(w in _BUT_NOT for w in words[group[0].end:group[1].start]) and parts.intersect is None:
            # "channels showing Ben Jones cartoons but not Michael Chang ones": rows of the one
            # EXCEPT rows of the other
            parts.intersect = (f"{column} = {values[0]}", f"{column} = {values[1]}")
            parts.setop = "EXCEPT"
            use(used, group[0].end, group[1].start)
            parts.filter_tables.append(table)
            continue
        if len(values) > 1 and not any("or" in words[a.end:b.start] for a, b in zip(group, group[1:])):
            if len(values) > 2 or negated or parts.intersect is not None:
                raise Unreadable("two values of one column, both at once")
            # "paragraphs 'Brazil' and 'Ireland'": what is shown for the rows of each, both
            parts.intersect = (f"{column} = {values[0]}", f"{column} = {values[1]}")
        elif len(values) > 1:
            parts.filters.append(f"{column} {'NOT IN' if negated else 'IN'} ({', '.join(values)})")
            use(used, group[0].end, group[-1].start)      # "France or Sweden": the "or" is the list's
        else:
            parts.filters.append(f"{column} {'<>' if negated else '='} {values[0]}")
            if negated:
                parts.negated.append((parts.filters[-1], table, f"{column} = {values[0]}"))
        if negated:
            for m in group:
                for i in range(max(0, m.start - 4), m.start):
                    if words[i] in NEGATIONS:
                        use(used, i, i + 1)
        parts.filter_tables.append(table)


_BUT_NOT = frozenset(("not", "except", "excluding", "without"))


def _negated(words: list[str], start: int, mentions: list[Mention]) -> bool:
    """A negation just before the value, or before "have the <column>" ("do not have the
    nationality 'USA'")."""
    if any(w in NEGATIONS for w in words[max(0, start - 2):start]):
        return True
    for i in range(max(0, start - 4), start - 2):
        if words[i] in NEGATIONS:
            between = range(i + 1, start)
            return all(words[j] in FILLER or words[j] in HARMLESS or any(m.start <= j < m.end for m in mentions)
                       for j in between)
    return False


def named_near(mentions: list[Mention], m: ValueMatch, start: int, end: int) -> list[Mention]:
    """Mentions of the linked column (or its table) just before or after the value."""
    table = m.table.rsplit(".", 1)[-1]
    return [x for x in mentions if x.table.name == table
            and (x.column is None or x.column.name == m.column)
            and (0 <= start - x.end <= 3 or 0 <= x.start - end <= 1)]


_NOT = frozenset(("no", "not", "without", "don't", "doesn't", "didn't", "never", "non"))


_YES = frozenset(("t", "y", "yes", "true", "1"))
_NO = frozenset(("f", "n", "no", "false", "0"))


def _text_flag(column: Column) -> tuple[str, str] | None:
    """(yes, no) as a text column stores them ('T'/'F', 'yes'/'no'), when it stores only those
    and is named as a yes/no ("is_male", "has_tv")."""
    if short_type(column.type) != "text" or len(column.values) != 2 or name_words(column.name)[0] not in _FLAG_WORDS:
        return None
    yes = next((v for v in column.values if v.lower() in _YES), None)
    no = next((v for v in column.values if v.lower() in _NO), None)
    return (yes, no) if yes is not None and no is not None else None


_FLAG_WORDS = frozenset(("is", "has", "have", "can", "was", "are", "does"))


def boolean_filters(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """A yes/no column named ("tenants with a pet" over ``has_pet``, "inactive"): rows where
    it holds, or where it does not after "no", "not", "without"."""
    for m in mentions:
        flag = _text_flag(m.column) if m.column is not None else None
        if m.column is None or (short_type(m.column.type) != "bool" and flag is None) or used[m.start]:
            continue
        negated = any(w in _NOT for w in words[max(0, m.start - 3):m.start])
        if flag is not None:        # is_male 'T' / 'F': the stored yes or no
            parts.filters.append(f"{qualified(m.table, m.column)} = {quote_literal(flag[1 if negated else 0])}")
        else:
            parts.filters.append(("NOT " if negated else "") + qualified(m.table, m.column))
        parts.filter_tables.append(m.table)
        use(used, m.start, m.end)
        for i in range(max(0, m.start - 3), m.start):
            if words[i] in _NOT:
                use(used, i, i + 1)


def number_filters(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """Numbers compared: "more than 10 years", "above age 20" (the column between), "between 5
    and 10", "2014 or later", "3 or more tickets" (a count per group), "year 2014 or 2015"."""
    _ranges(words, used, mentions, parts)
    _at_least_or(words, used, mentions, parts)
    for phrase, op in COMPARATORS:
        at = find(words, phrase)
        while at >= 0:
            after = at + len(phrase)
            first, this_op = at, op
            if at > 0 and words[at - 1] == "not":
                this_op = {">": "<=", "<": ">=", ">=": "<", "<=": ">"}.get(op, op)
                first = at - 1
            between = mention_at(mentions, after) if after < len(words) and not is_number(words[after]) else None
            if between is not None and between.column is not None and between.start == after \
                    and short_type(between.column.type) in NUMERIC and between.end < len(words) \
                    and is_number(words[between.end]) and not used[at] and not used[between.end]:
                # "above age 20": the column between the comparison and the number
                _compare(parts, between.table, between.column, this_op, words[between.end])
                use(used, first, between.end + 1)
            elif after + 1 < len(words) and words[after] == "a" and is_number(words[after + 1]) and not used[at]:
                if not _compared(words, used, mentions, parts, first, after + 1, this_op):   # "than a single"
                    raise Unreadable("a number compared with what")
            elif after < len(words) and is_number(words[after]) and not used[at] and not used[after]:
                if not _compared(words, used, mentions, parts, first, after, this_op):
                    raise Unreadable("a number compared with what")
            elif words[after:after + 2] == ["the", "year"] and after + 2 < len(words) \
                    and is_number(words[after + 2]) and not used[at]:
                if not _compared(words, used, mentions, parts, first, after + 2, this_op):   # "after the year 2008"
                    raise Unreadable("a year compared with what")
            elif after < len(words) and words[after] in _TIMES and not used[at] and parts.having is None:
                parts.having = (this_op, _TIMES[words[after]])      # "visited museums more than once"
                use(used, first, after + 1)
            at = find(words, phrase, at + 1)
    _column_equals(words, used, mentions, parts)


_BOUND = re.compile(r"^(.+) (>|>=|<|<=) (\d+)$")


def either_bound(words: list[str], used: list[bool], parts: Parts) -> None:
    """"opened after 2013 or before 2008": two comparisons joined by "or" hold either."""
    compared = [i for i, w in enumerate(words) if used[i] and any(w == p[0] for p, _ in COMPARATORS)]
    if len(compared) < 2 or "or" not in words[compared[0]:compared[-1]]:
        return
    bounds = [f for f in parts.filters if _BOUND.match(f)]
    if len(bounds) != 2 or len(compared) != 2:
        raise Unreadable("either of two comparisons")
    at = min(parts.filters.index(b) for b in bounds)
    parts.filters = [f for f in parts.filters if f not in bounds]
    parts.filters.insert(at, f"({bounds[0]} OR {bounds[1]})")
    use(used, compared[0], compared[-1])


def disjoint_bounds(parts: Parts) -> None:
    """"founded before 2003 and after 2003", "a singer above 40 and a singer below 30": two
    bounds of one column that no row meets at once ask for what rows of each have in common."""
    bounds = [(i, m) for i, m in ((i, _BOUND.match(f)) for i, f in enumerate(parts.filters)) if m]
    for (i, a), (j, b) in itertools.combinations(bounds, 2):
        if a.group(1) != b.group(1) or (a.group(2)[0] == b.group(2)[0]):
            continue
        low, high = (a, b) if a.group(2)[0] == ">" else (b, a)
        touching = low.group(2) == ">=" and high.group(2) == "<="
        if int(low.group(3)) > int(high.group(3)) or (int(low.group(3)) == int(high.group(3)) and not touching):
            if parts.intersect is not None:
                raise Unreadable("three things at once")
            parts.intersect = (parts.filters[i], parts.filters[j])
            del parts.filters[j], parts.filters[i]
            return


_TIMES = {"once": "1", "twice": "2", "thrice": "3"}


def _compare(parts: Parts, table: Table, column: Column, op: str, number: str) -> None:
    parts.filters.append(f"{qualified(table, column)} {op} {number}")
    parts.filter_tables.append(table)


def _compared(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts,
              first: int, at: int, op: str, span: int = 1) -> bool:
    """A comparison whose number is at ``at`` (``span`` words: "5 and 10", "2 or more"): with
    the count of the table named right after it (a count per group: "template types with fewer
    than 3 templates"), else with the numeric column named near it. False when it compares
    with nothing named."""
    column = numeric_near(mentions, first, at + 1, words)
    counted = mention_at(mentions, at + span)
    numbers = [w for w in words[at:at + span] if is_number(w)]
    number = " AND ".join(numbers) if op == "BETWEEN" else numbers[0]
    if counted is not None and counted.column is None and (column is None or column[2] < first):
        parts.having = (op, number)
        parts.filter_tables.append(counted.table)
        use(used, first, counted.end)
        return True
    if column is None:
        return False
    agg = _aggregated(words, column[2])
    between = words[column[3]:first]
    if agg is not None and parts.having is None and (not between or set(between) & {"is", "are", "was", "were"}):
        # ("the average age of singers above 30" is the average over the singers above 30)
        # "countries whose average age is above 30": the aggregate per group, compared
        parts.having = (op, number)
        parts.having_of = f"{AGGREGATES[words[agg]]}({qualified(column[0], column[1])})"
        parts.filter_tables.append(column[0])
        use(used, agg, agg + 1)
        use(used, first, at + span)
        use(used, column[2], column[3])
        return True
    _compare(parts, column[0], column[1], op, number)
    use(used, first, at + span)
    if agg is None:         # else the column is also what the aggregate is of
        use(used, column[2], column[3])
    if column[2] == column[3]:
        _use_said(words, used, column[1])     # "museums opened after 2010": open_year, implied
    return True


_OR_MORE = {"more": ">=", "greater": ">=", "higher": ">=", "above": ">=", "over": ">=", "after": ">=",
            "later": ">=", "larger": ">=", "older": ">=", "less": "<=", "fewer": "<=", "lower": "<=", "below": "<=",
            "under": "<=", "before": "<=", "earlier": "<=", "smaller": "<=", "younger": "<="}


def _aggregated(words: list[str], start: int) -> int | None:
    """Where an aggregate word stands right before a column named at ``start`` ("average age",
    "average singer age"), if one does."""
    for at in (start - 1, start - 2):
        if at >= 0 and words[at] in AGGREGATES and AGGREGATES[words[at]] != "sum" or (
                at >= 0 and words[at] in ("total", "sum") and at + 1 < len(words) and words[at + 1] != "number"):
            return at
    return None


def _at_least_or(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"2 or more paragraphs", "in 2014 or after": the number is a bound it includes."""
    for i in range(len(words) - 2):
        op = _OR_MORE.get(words[i + 2])
        if not is_number(words[i]) or words[i + 1] != "or" or op is None or used[i] \
                or (i + 3 < len(words) and (is_number(words[i + 3]) or words[i + 3] == "than")):
            # "after 2013 or before 2008", "younger than 30 or older than 60": a second comparison
            continue
        if not _compared(words, used, mentions, parts, i, i, op, span=3):
            raise Unreadable("a bound on what")
        use(used, i, i + 3)


def _ranges(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"capacity between 5000 and 10000", "between 1 and 2 paragraphs", "from 1 to 2
    paragraphs": both bounds included."""
    for i in range(len(words) - 3):
        if words[i] not in ("between", "from") or not is_number(words[i + 1]) or used[i + 1] \
                or words[i + 2] not in ("and", "to") or not is_number(words[i + 3]):
            continue
        if (words[i], words[i + 2]) == ("between", "to") or (words[i], words[i + 2]) == ("from", "and"):
            continue
        if not _compared(words, used, mentions, parts, i, i + 1, "BETWEEN", span=3):
            raise Unreadable("a range of what")
    for i in range(len(words) - 3):     # "documents with 1 to 2 paragraphs": a count's range
        counted = mention_at(mentions, i + 3)
        if is_number(words[i]) and words[i + 1] == "to" and is_number(words[i + 2]) and not used[i] \
                and counted is not None and counted.column is None and counted.start == i + 3:
            _compared(words, used, mentions, parts, i, i, "BETWEEN", span=3)


def _column_equals(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """"in year 2014", "with membership level 1", "year 2014 or 2015": a numeric column named
    right before a number it equals."""
    for m in mentions:
        if m.column is None or short_type(m.column.type) not in NUMERIC or m.end >= len(words):
            continue
        before = m.start - 1
        if before >= 0 and is_number(words[before]) and not used[before] and not used[m.start] \
                and (before == 0 or words[before - 1] not in ("top", "first", "last", "past")) \
                and any(t.column is None and t.start == m.end for t in mentions):
            _compare(parts, m.table, m.column, "=", words[before])    # "two bedroom flats"
            use(used, before, m.end)
            continue
        at = m.end + (1 if words[m.end] in ("is", "of", "=") and m.end + 1 < len(words) else 0)
        if not is_number(words[at]) or used[at] or used[m.start]:
            continue
        if at + 2 < len(words) and words[at + 1] == "or" and is_number(words[at + 2]) and not used[at + 2]:
            parts.filters.append(f"{qualified(m.table, m.column)} IN ({words[at]}, {words[at + 2]})")
            parts.filter_tables.append(m.table)
            use(used, m.start, at + 3)
        else:
            _compare(parts, m.table, m.column, "=", words[at])
            use(used, m.start, at + 1)


def numeric_near(mentions: list[Mention], start: int, end: int,
                  words: list[str]) -> tuple[Table, Column, int, int] | None:
    """The numeric column a comparison is about: the nearest one named before it (or just after
    the number); ``older than`` is about an age."""
    best: tuple[int, Mention] | None = None
    for m in mentions:
        if m.column is None or short_type(m.column.type) not in NUMERIC:
            continue
        distance = start - m.end if m.end <= start else m.start - end
        if -1 <= distance <= 4 and (best is None or distance < best[0]):
            best = (distance, m)
    year = _implied_year(mentions, start, end, words)
    if best is not None and not (year is not None and "year" not in name_words(best[1].column.name)):  # type: ignore[union-attr]
        return best[1].table, best[1].column, best[1].start, best[1].end  # type: ignore[return-value]
    if year is not None:        # "staff of museums opened before 2009": a year, not the staff
        return year
    if words[start] in AGE_WORDS:
        age = age_of(mentions)
        if age is not None:
            return age[0], age[1], start, start
    if any(w in MONEY_COMPARISONS for w in words[max(0, start - 2):end]):
        money = money_column(mentions)
        if money is not None:
            return money[0], money[1], start, start
    return None


def _implied_year(mentions: list[Mention], start: int, end: int,
                  words: list[str]) -> tuple[Table, Column, int, int] | None:
    """"museums opened before 2009": a year-like number after a word of time compares the one
    integer year column of the tables named (open_year)."""
    number = next((w for w in words[start:end] if is_number(w)), "")
    if not (len(number) == 4 and 1900 <= int(number) <= 2100 and words[start] in _YEAR_COMPARISONS):
        return None
    for named in ([m for m in mentions if m.column is None], mentions):   # the tables named first
        years = [(m.table, c) for m in named for c in m.table.columns
                 if short_type(c.type) == "int" and "year" in name_words(c.name)]
        if years and all(y == years[0] for y in years):
            return years[0][0], years[0][1], start, start
    return None


_YEAR_COMPARISONS = frozenset(("before", "after", "since", "until", "later", "earlier", "from", "between"))


