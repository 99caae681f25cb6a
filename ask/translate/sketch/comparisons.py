"""Numbers compared: "more than 10 years", "above age 20", "between 5 and 10", "2 or more
paragraphs" (a count per group), "in year 2014 or 2015", "after 2013 or before 2008" (either),
"above 40 and below 30" (no row at once: an intersection), "whose average age is above 30" (a
HAVING on the aggregate), and which column a number is about (one named near it, an age, a
price, an implied year)."""

from __future__ import annotations

import itertools
import re

from ask.schema import Column, SchemaContext, Table, short_type
from ask.translate.sketch.filters import use_said
from ask.translate.sketch.measures import additive
from ask.translate.sketch.money_units import scaled
from ask.translate.sketch.names import Mention, age_of, dimension_of, is_money, mention_at, money_column, name_words
from ask.translate.sketch.spelling import Parts, Unreadable, qualified
from ask.translate.sketch.vocabulary import (AGE_WORDS, AGGREGATES, COMPARATIVE_DIMENSIONS, COMPARATORS, CURRENCY_WORDS,
                                             MONEY_COMPARISONS, NUMERIC,
                                             find, is_number, use)


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
            elif _times_of(words, mentions, first, after) is not None and not used[at] and parts.having is None:
                # "trucks loaded more than 12 times": the rows the verb names, counted per row
                parts.having = (this_op, words[after])
                parts.filter_tables.append(_times_of(words, mentions, first, after))   # type: ignore[arg-type]
                use(used, first, after + 2)
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
    if counted is not None and counted.column is None and words[at + span:at + span + 1] == ["in"] \
            and counted.start == at + span + 1:
        # "patrons with more than 3000 in donations": an amount of those rows, not how many
        money = money_column([counted], only=True)
        if money is None or parts.having is not None:
            return False
        parts.having = (op, number)
        parts.having_of = f"sum({qualified(money[0], money[1])})"
        parts.filter_tables.append(counted.table)
        use(used, first, counted.end)
        return True
    if counted is not None and counted.column is not None and short_type(counted.column.type) == "text" \
            and not _identifies(counted) and column is None and parts.having is None \
            and any(m.column is None and m.end <= first and m.table is not counted.table for m in mentions):
        # "patrons who donated to more than one campaign": how many different values per row
        parts.having = (op, number)
        parts.having_of = f"count(DISTINCT {qualified(counted.table, counted.column)})"
        parts.filter_tables.append(counted.table)
        use(used, first, counted.end)
        return True
    if counted is not None and (counted.column is None or _identifies(counted)) \
            and (column is None or column[2] < first or column[2] >= counted.end):
        # "more than one employee under age 30": the age is the next comparison's
        parts.having = (op, number)
        parts.having_of = counted_rows(counted.table) if counted.column is None else "count(*)"
        parts.filter_tables.append(counted.table)
        use(used, first, counted.end)
        return True
    if (column is None or not is_money(column[1])) and words[at + span:at + span + 1] \
            and words[at + span] in CURRENCY_WORDS:
        # "menu items over 12 bucks", "plans under 30 quid a month": the price of the table it is
        # about (not the number "month" names)
        money = money_column([m for m in mentions if m.column is None])
        if money is None:
            return False
        _compare(parts, money[0], money[1], op, scaled(number, words, at + span, money[1]))
        end = at + span + 1
        if words[end:end + 1] in (["a"], ["an"], ["per"]) and words[end + 1:end + 2] \
                and words[end + 1] in _RATE_UNITS:
            end += 2        # "30 quid a month", "80 bucks an hour": what the price is per
        use(used, first, end)
        return True
    if column is None:
        return False
    number = scaled(number, words, at + span, column[1])     # "a rate over 80 dollars": rate_cents > 8000
    agg = _aggregated(words, column[2])
    averaging = first - 1 if first > 0 and words[first - 1] in _AVERAGING and not used[first - 1] else None
    if agg is None and averaging is not None and parts.having is None:
        # "flight numbers averaging more than 12 minutes of delay": the mean per group, compared
        of = next((m for m in mentions if m.column is not None and short_type(m.column.type) in NUMERIC
                   and at + span < m.start <= at + span + 3 and set(words[at + span:m.start]) & {"of", "in"}), None)
        if of is not None and of.column is not None:        # the column said after "of", not the unit's
            column = (of.table, of.column, of.start, of.end)
            use(used, at + span, of.start)
        _having(parts, op, number, "avg", column)
        use(used, averaging, at + span)
        use(used, column[2], column[3])
        return True
    between = words[column[3]:first]
    if agg is not None and parts.having is None and (not between or set(between) & {"is", "are", "was", "were"}):
        # ("the average age of singers above 30" is the average over the singers above 30)
        # "countries whose average age is above 30": the aggregate per group, compared
        _having(parts, op, number, AGGREGATES[words[agg]], column)
        use(used, agg, agg + 1)
        use(used, first, at + span)
        use(used, column[2], column[3])
        return True
    if agg is None and parts.having is None and _summed_per_owner(words, mentions, column, first, at):
        # "techs who have logged over 600 hours": the hours of their jobs, summed per tech
        _having(parts, op, number, "sum", column)
        use(used, first, at + span)
        use(used, column[2], column[3])
        return True
    _compare(parts, column[0], column[1], op, number)
    use(used, first, at + span)
    if agg is None:         # else the column is also what the aggregate is of
        use(used, column[2], column[3])
    if column[2] == column[3]:
        use_said(words, used, column[1])     # "museums opened after 2010": open_year, implied
    return True


_RELATIVE = frozenset(("who", "that", "which", "with", "having"))
# What a price is per: "30 quid a month", "80 bucks an hour".
_RATE_UNITS = frozenset(("hour", "day", "night", "week", "month", "year", "session", "lesson", "visit"))
# A verb saying a group's rows are compared by their mean: "courses averaging under 77".
_AVERAGING = frozenset(("averaging", "averaged", "averages", "average"))


def _having(parts: Parts, op: str, number: str, aggregate: str, column: tuple[Table, Column, int, int]) -> None:
    """The groups compared by an aggregate of ``column`` (a HAVING), its table among the filters'."""
    parts.having = (op, number)
    parts.having_of = f"{aggregate}({qualified(column[0], column[1])})"
    parts.filter_tables.append(column[0])


def _summed_per_owner(words: list[str], mentions: list[Mention], column: tuple[Table, Column, int, int],
                      first: int, at: int) -> bool:
    """An amount that adds up, kept on rows that refer to the table the question is about and
    are not named themselves ("techs who have logged over 600 hours", not "riders with trips
    over 10 km"): compared per owner, as its total."""
    table, col = column[0], column[1]
    owners = [m for m in mentions if m.column is None and m.end <= first]
    if not owners or owners[-1].table is table or not additive(table, col) \
            or any(m.table is table and m.column is None and m.start < at for m in mentions) \
            or not _RELATIVE & set(words[owners[-1].end:first]):
        return False
    owner = owners[-1].table
    return any((fk.ref_schema, fk.ref_table) == (owner.schema, owner.name) for fk in table.foreign_keys)


def counted_rows(table: Table) -> str:
    """How the rows of ``table`` a comparison counts are counted per group: each once, by its key
    ("patrons who bought tickets for more than 3 productions": a production is joined once per
    ticket); ``count(*)`` where it has no single key. The group's own rows, or rows that refer to
    it directly, are counted as ``count(*)`` (``direct_count``)."""
    key = table.column(table.primary_key[0]) if len(table.primary_key) == 1 else None
    return f"count(DISTINCT {qualified(table, key)})" if key is not None else "count(*)"


def direct_count(parts: Parts, group: Table, schema: SchemaContext) -> None:
    """A count of rows each joined once to its group needs no DISTINCT: ``count(*)`` where the
    counted rows are the group's own or reach it by foreign keys alone, each row referring to
    one row of the next ("members with more than 30 deliveries": delivery -> farm -> member)."""
    for table in parts.filter_tables:
        if parts.having_of == counted_rows(table) and parts.having_of != "count(*)" \
                and _refers_up(schema, table, group):
            parts.having_of = "count(*)"
            return


def _refers_up(schema: SchemaContext, table: Table, group: Table, hops: int = 3) -> bool:
    if table is group:
        return True
    if hops == 0:
        return False
    return any(ref is not None and ref is not table and _refers_up(schema, ref, group, hops - 1)
               for ref in (schema.table(fk.ref_table, fk.ref_schema) for fk in table.foreign_keys))


def _identifies(m: Mention) -> bool:
    """"more than 2 languages" where ``language`` is a text key of its table's rows: the rows
    are counted, as when the table itself is named."""
    c = m.column
    return c is not None and short_type(c.type) not in NUMERIC and c.name in m.table.primary_key


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
        at = m.end + (1 if words[m.end] in _EQUALS and m.end + 1 < len(words) else 0)
        if words[at] == "either" and at + 1 < len(words):      # "birth year is either 1948 or 1949"
            at += 1
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
    aged = start > 0 and words[start - 1] == "aged"
    if aged or _age_bound(words, start, end):
        # "donors aged 65 or older" (of any table named); "learners under 18", "drivers are over 50": of
        # the people named right before
        before = start - 1 if start > 0 and words[start - 1] in ("is", "are", "was", "were") else start
        age = age_of(mentions if aged else [m for m in mentions if m.column is None and m.end == before])
        if age is not None:
            return age[0], age[1], start - aged, start
    dimension = dimension_of(COMPARATIVE_DIMENSIONS.get(words[start], ""), mentions)
    if dimension is not None:   # "players taller than 200": their height
        return dimension[0], dimension[1], start, start
    if any(w in MONEY_COMPARISONS for w in words[max(0, start - 2):end]):
        money = money_column(mentions)
        if money is not None:
            return money[0], money[1], start, start
    return None


def _times_of(words: list[str], mentions: list[Mention], first: int, after: int) -> Table | None:
    """The table counted by "<verb> more than N times": one the verb right before the comparison
    names ("loaded" for loads, "donated" for donations), not the first table the question names."""
    if not (after + 1 < len(words) and is_number(words[after]) and words[after + 1] == "times"):
        return None
    tables = [m for m in mentions if m.column is None]
    verb = next((m for m in tables if m.end == first and m.start == first - 1), None)
    if verb is None or min(m.start for m in tables) == verb.start:
        return None
    return verb.table


# What may follow an age in years: the end, "years (old)", or the next part of the question.
_AFTER_AGE = frozenset(("years", "year", "yrs", "and", "or", "who", "that", "with", "in", "from", "at", "on"))


def _age_bound(words: list[str], start: int, end: int) -> bool:
    """"under 18", "over 65" said of people with no number named: a bound on their age (a
    number a person's age can be, followed by nothing that makes it another measure)."""
    number = words[end - 1] if 0 < end <= len(words) else ""
    return words[start] in ("under", "over", "above", "below") and number.isdigit() and int(number) < 120 \
        and (end == len(words) or words[end] in _AFTER_AGE)


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


# Words between a numeric column and the number it equals ("membership level is 1").
_EQUALS = frozenset(("is", "are", "was", "were", "of", "="))
_YEAR_COMPARISONS = frozenset(("before", "after", "since", "until", "later", "earlier", "from", "between"))
