"""What the question restricts the rows to: linked values (negated after "not"; two of one
column at once an intersection, "A but not B" an exception), yes/no columns, relative periods
from ``current_date`` (eval/CONVENTIONS.md), years, and the tables it names on their own.
Numbers compared are :mod:`.comparisons`', text contained :mod:`.text_match`'s."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ask.context.value_codes import column_codes
from ask.context.value_linking import EXACT_SCORE, ValueMatch, normalise, singular
from ask.schema import Column, SchemaContext, Table, short_type
from ask.translate.sketch.date_keys import KEY_WORDS, date_keys
from ask.translate.sketch.measures import Measure, closed_condition, event_dates, is_date, span, words_of
from ask.translate.sketch.names import Mention, name_words, resolve, yes_no
from ask.translate.prompt import quote_literal
from ask.translate.sketch.spelling import Parts, Unreadable, fk_edges, ident, qualified
from ask.context.refusal import english
from ask.context.related_words import is_verb_form
from ask.translate.sketch.vocabulary import (COUNT_FRAMES, PERIOD_ADVERBS, DATE_TYPES, FILLER, HARMLESS, NEGATIONS, PERIODS, find,
                                             is_number, sing, stem, use)


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
        if w in ("this", "last", "previous", "past", "next", "coming") and nxt in PERIODS:
            out.update((i, i + 1))
        elif w in ("last", "past", "next") and i + 2 < len(words) and is_number(words[i + 1]) \
                and singular(words[i + 2]) in PERIODS:
            out.update((i, i + 1, i + 2))
    return out


def date_filters(words: list[str], used: list[bool], mentions: list[Mention], table: Table,
                 parts: Parts, counted: Table | None = None, schema: SchemaContext | None = None) -> None:
    """Relative periods, from ``current_date`` (eval/CONVENTIONS.md): today, yesterday, this /
    last week|month|quarter|year, the past N days|weeks|months, in YEAR; after one of those,
    "the previous month", "the month before" is the period before it."""
    said: tuple[str, int] | None = None         # the last period named: its unit, how far back
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        condition: str | None = None
        span = 1
        before = _period_before(words, i, said)
        if before is not None and said is not None:
            said = (said[0], said[1] + 1)
            condition, span = _periods_back(*said), before
        elif w == "same" and singular(nxt) in ("week", "month", "quarter") and words[i + 2:i + 4] == ["last", "year"]:
            period = PERIODS[singular(nxt)]     # "the same month last year": this month, a year back
            condition = (f"{{c}} >= date_trunc('{period}', current_date) - interval '1 year' AND {{c}} < "
                         f"date_trunc('{period}', current_date) - interval '1 year' + interval '{_STEP[period]}'")
            span = 4
        elif w == "today":
            condition = "{c} >= current_date"
        elif w == "yesterday":
            condition = "{c} >= current_date - 1 AND {c} < current_date"
        elif w == "upcoming" and not used[i]:
            condition = "{c} >= current_date"       # "upcoming court dates": from today on
        elif w in ("next", "coming") and singular(nxt) in PERIODS and nxt != "day" and not used[i + 1]:
            condition, span = _period_ahead(PERIODS[singular(nxt)]), 2     # "next week": the calendar week after this one
            said = None
        elif w == "this" and singular(nxt) in PERIODS and nxt != "day":
            condition = f"{{c}} >= date_trunc('{PERIODS[singular(nxt)]}', current_date)"
            span = 2
            said = (PERIODS[singular(nxt)], 0)
        elif w in ("last", "previous", "past") and singular(nxt) in PERIODS and nxt not in ("day", "days"):
            said = (PERIODS[singular(nxt)], 1)
            condition, span = _periods_back(*said), 2
        elif w in ("last", "past") and is_number(nxt) and i + 2 < len(words) and singular(words[i + 2]) in PERIODS:
            n, unit = int(nxt), singular(words[i + 2])
            condition = (f"{{c}} >= current_date - {n}" if unit == "day"
                         else f"{{c}} >= current_date - interval '{n} {unit}s'")
            span = 3
        elif w == "next" and is_number(nxt) and i + 2 < len(words) and singular(words[i + 2]) in PERIODS:
            n, unit = int(nxt), singular(words[i + 2])
            condition = ("{c} >= current_date AND {c} < current_date + " +
                         (f"{n}" if unit == "day" else f"interval '{n} {unit}s'"))
            span = 3
        elif w in ("in", "during") and is_number(nxt) and len(nxt) == 4 and 1900 <= int(nxt) <= 2100 \
                and not used[i + 1]:
            condition = f"extract(year FROM {{c}}) = {nxt}"
            span = 2
        if condition is None or used[i + span - 1]:
            continue
        keys: list[str] = []
        column = date_column(words, mentions, table, i, counted, schema, parts.taught_dates, keys)
        roles = [r for k in keys for r in key_roles(k)]
        parts.said |= frozenset(roles)     # which key joins the dimension; "shipped" said it
        use_roles(words, used, roles)
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
        use(used, _period_start(words, i), i + span)
        use_said(words, used, column[1])
        parts.filters.append(condition.format(c=qualified(column[0], column[1])))
        parts.filter_tables.append(column[0])


_STEP = {"week": "1 week", "month": "1 month", "quarter": "3 months"}


def _period_start(words: list[str], i: int) -> int:
    """Where the words of the period at ``i`` begin: "in", "during the", "coming up in the"."""
    start = i - 1 if i > 0 and words[i - 1] == "the" and (_follows_the(words, i) or words[i] == "same") else i
    if start > 0 and words[start - 1] in ("in", "during", "over", "for", "within"):
        start -= 1
    elif start != i:
        return i        # "the" alone stays unplaced as it always was
    return start - 2 if words[max(0, start - 2):start] == ["coming", "up"] else start


def _follows_the(words: list[str], i: int) -> bool:
    """"the next 30 days", "the past 2 weeks": a period that may follow "the"."""
    return words[i] in ("next", "past", "last", "coming")


def _period_before(words: list[str], i: int, said: tuple[str, int] | None) -> int | None:
    """How many words say "the period before the one just named" at ``i`` ("the previous
    month", "the prior year", "the month before"), or None."""
    if said is None or said[0] == "day":
        return None
    nxt = singular(words[i + 1]) if i + 1 < len(words) else ""
    if words[i] in ("previous", "prior", "preceding") and PERIODS.get(nxt) == said[0]:
        return 2
    if words[i] == "the" and PERIODS.get(nxt) == said[0] and words[i + 2:i + 3] == ["before"]:
        return 3
    return None


def _period_ahead(period: str) -> str:
    """The calendar ``period`` after the current one ("next week", "the coming month")."""
    def step(n: int) -> str:
        return f"{3 * n} months" if period == "quarter" else f"{n} {period}{'s' if n > 1 else ''}"
    start = f"date_trunc('{period}', current_date)"
    return f"{{c}} >= {start} + interval '{step(1)}' AND {{c}} < {start} + interval '{step(2)}'"


def _periods_back(period: str, back: int) -> str:
    """The calendar ``period`` ``back`` periods before the current one."""
    def start(n: int) -> str:
        step = f"{3 * n} months" if period == "quarter" else f"{n} {period}{'s' if n > 1 else ''}"
        return f"date_trunc('{period}', current_date)" + (f" - interval '{step}'" if n else "")
    return f"{{c}} >= {start(back)} AND {{c}} < {start(back - 1)}"


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
                counted: Table | None = None, schema: SchemaContext | None = None,
                taught: Mapping[str, str] | None = None, keys: list[str] | None = None
                ) -> tuple[Table, Column] | None:
    """The date a period at word ``at`` filters: one the question names; else, among the
    tables in play (what is counted, the main table, those named before the period, then the
    others named), a date whose name the question says ("opened tickets", "checked in"); a
    table's only date; a table's first event date (not a due or birth date); a dateless
    table's date dimension (:func:`dimension_date`; the key joined along goes to ``keys``)."""
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
    # a table of the main one's events named before the period ("students who had a lesson last month")
    events = [m.table for m in before if _references(schema, m.table, table) or _references_through(schema, m.table, table)]
    if schema is not None:      # "growers who delivered last month": the deliveries
        events += [t for t in (table_of_verb(w, schema.tables) for w in words[:at]) if t is not None and t is not table]
        events += [r for e in events if not event_dates(e) for r in _referenced(schema, e) if r is not table]
    owners: list[Table] = []
    for owner in ([counted] if counted is not None else []) + bridges + events + [table] + [m.table for m in before] + named:
        if owner not in owners:
            owners.append(owner)
    for owner in owners + near:
        found = _received_date(words, owner) or _said_date(words, owner)
        if found is not None:
            return owner, found
    found_taught = _taught_date(owners[0], schema, taught) if taught else None
    if found_taught is not None:
        return found_taught
    if _unplaced_verb(words[:at], mentions):
        return None         # "customers did we service last month": not when they joined
    for owner in owners:
        found = _only_date(words, owner) or _first_event_date(words, owner)
        if found is not None:
            return owner, found
    for owner in owners[:1]:
        found = _only_planned_date(owner)
        if found is not None:
            return owner, found
    for owner in owners if schema is not None else []:
        dimension = dimension_date(schema, owner, words)    # type: ignore[arg-type]
        if dimension is not None:
            if keys is not None:
                keys.append(dimension[2])
            return dimension[0], dimension[1]
    header = _header_date(schema, owners[0]) if schema is not None else None
    if header is not None:
        return header
    if schema is None or not _counted_by_use(words[:at]):
        return None
    return _referring_date(schema, table, near)


def dimension_date(schema: SchemaContext, owner: Table, words: list[str]) -> tuple[Table, Column, str] | None:
    """A star schema's fact row, which has no date of its own: the date column of the date
    dimension that a key named a date (``order_date_key``, ``ship_date_sk``: :mod:`.date_keys`) refers to; of
    several such keys (role-playing: ordered, shipped), the one whose words the question says,
    else the first. (dimension table, its date, the key column)"""
    if any(is_date(c) for c in owner.columns):
        return None
    keys: list[tuple[Table, Column, str]] = []
    for column, dim, _ in date_keys(schema, owner):
        dates = [c for c in dim.columns if is_date(c) and not isinstance(c, Measure)]
        dates = dates if len(dates) == 1 else [c for c in dates if short_type(c.type) == "date"]
        if len(dates) == 1:
            keys.append((dim, dates[0], column))
    own = {sing(w) for w in name_words(owner.name)}     # "order" of ``orders.order_date_key`` says no role
    said = [k for k in keys if any(q.startswith(r) for r in key_roles(k[2]) if r not in own for q in words)]
    return (said[0] if len(said) == 1 else keys[0]) if keys else None


def use_roles(words: list[str], used: list[bool], roles: list[str]) -> None:
    for i, w in enumerate(words):
        if any(w.startswith(r) for r in roles):
            use(used, i, i + 1)


def key_roles(key: str) -> list[str]:
    """The words of a date key that say its role ("ship" of ``ship_date_key``)."""
    return [w for w in name_words(key) if len(w) >= 3 and w not in _DATE_WORDS and w not in KEY_WORDS]


_ASKED = (("did", "we"), ("do", "we"), ("have", "we"), ("did", "they"), ("did", "you"))


def _unplaced_verb(words: list[str], mentions: list[Mention]) -> bool:
    """A verb the question asks about ("did we *service*") that names no table or column: the
    period is when that was done, which no date of the rows themselves says."""
    for frame in _ASKED:
        at = find(words, frame)
        verb = at + len(frame)
        if at >= 0 and verb < len(words) and words[verb] not in FILLER and words[verb] not in HARMLESS \
                and not any(m.start <= verb < m.end for m in mentions):
            return True
    return False


def _counted_by_use(words: list[str]) -> bool:
    """"how many parts have we used", "how many brands sold": rows counted by what was done
    with them (a past verb), not by when they were added."""
    return any(find(words, frame) >= 0 for frame in COUNT_FRAMES) and any(
        (w.endswith("ed") and len(w) >= 4 or is_verb_form(w)) and w not in _AUXILIARIES for w in words)


_AUXILIARIES = frozenset(("did", "had", "was", "were", "been", "got", "does", "done"))


def _referring_date(schema: SchemaContext, table: Table, near: list[Table]) -> tuple[Table, Column] | None:
    """"parts used this year" where parts have no date: the one table of events that refers to
    them, or that a dateless table referring to them belongs to (the job a part was used on)."""
    referring = [t for t in near if _references(schema, t, table)]
    found = [(t, event_dates(t)[0]) for t in referring if event_dates(t)]
    if not found:
        found = [(r, event_dates(r)[0]) for t in referring for r in _referenced(schema, t)
                 if r is not table and event_dates(r)]
    return found[0] if len(found) == 1 else None


def _referenced(schema: SchemaContext, table: Table) -> list[Table]:
    """The tables ``table``'s foreign keys point to ("who played": the concerts a line of the
    bridge belongs to hold its date)."""
    return [t for t in (schema.table(fk.ref_table, fk.ref_schema) for fk in table.foreign_keys) if t is not None]


def table_of_verb(word: str, tables: Sequence[Table], base: bool = False) -> Table | None:
    """"delivered", "ordered" (with ``base``, "deliver" too): the one table named after what the
    verb does (deliveries, orders)."""
    root = stem(word)
    if not (word.endswith("ed") or base) or len(root) < 4:
        return None
    found = [t for t in tables if stem(sing(name_words(t.name)[-1])).startswith(root)]
    return found[0] if len(found) == 1 else None


def _neighbours(schema: SchemaContext, tables: list[Table]) -> list[Table]:
    edges = schema.derived("sketch.edges", fk_edges)
    out: list[Table] = []
    for t in tables:
        out.extend(other for other, _ in edges.get(id(t), ()) if other not in out and other not in tables)
    return out


def _references_through(schema: SchemaContext | None, table: Table, other: Table) -> bool:
    """"policyholders who filed a claim this year": the claims refer to them through a policy;
    the events are still theirs, dated by their own date."""
    return schema is not None and any(_references(schema, middle, other) for middle in _referenced(schema, table)
                                      if middle is not other and middle is not table)


def _references(schema: SchemaContext | None, table: Table, other: Table) -> bool:
    return schema is not None and any(schema.table(fk.ref_table, fk.ref_schema) is other
                                      for fk in table.foreign_keys)


def use_said(words: list[str], used: list[bool], column: Column) -> None:
    """"opened tickets last month": "opened" named the date the period filters."""
    names = {stem(w) for w in name_words(column.name)} - FILLER - _DATE_WORDS
    short = [w for w in names if 3 <= len(w) <= 4 and w not in english()]     # exp_dt: "expiring"
    for i, w in enumerate(words):
        if stem(singular(w)) in names or any(w.startswith(a) and len(w) >= len(a) + 2 for a in short):
            use(used, i, i + 1)


def said_date(words: list[str], table: Table) -> Column | None:
    """The date of ``table`` the ``words`` name ("founded": ``founded_on``), or None."""
    return _said_date(words, table)


# Words that say money came in, and the words a date of its coming in is named by.
_RECEIVED = frozenset(("collected", "received", "paid"))
_RECEIVED_DATES = frozenset(("paid", "received", "collected", "payment", "receipt"))


def _received_date(words: list[str], table: Table) -> Column | None:
    """"rent collected last month": money said to have come in is dated by the one date named
    for its coming in (``paid_on``), not by the period it was due for (``rent_month``)."""
    if not _RECEIVED & set(words):
        return None
    found = [c for c in table.columns if short_type(c.type) in DATE_TYPES
             and set(name_words(c.name)) & _RECEIVED_DATES]
    return found[0] if len(found) == 1 else None


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
    return _abbreviated_date(words, table) if not scored else None


def _abbreviated_date(words: list[str], table: Table) -> Column | None:
    """The one date column whose name abbreviates a word of the question (``exp_dt``,
    ``expdate``: "expiring"; ``eff_date``: "effective"): a name word of three or four letters
    that is no English word, the start of a longer question word."""
    found = []
    for c in table.columns:
        if short_type(c.type) not in DATE_TYPES:
            continue
        short = [w for w in name_words(c.name) if 3 <= len(w) <= 4 and w not in english()
                 and w not in _DATE_WORDS]
        if any(q.startswith(w) and len(q) >= len(w) + 2 for w in short for q in words):
            found.append(c)
    return found[0] if len(found) == 1 else None


_DATE_WORDS = frozenset(("date", "dt", "at", "on", "time", "timestamp", "day", "ts"))


def _taught_date(owner: Table, schema: SchemaContext | None,
                 taught: Mapping[str, str]) -> tuple[Table, Column] | None:
    """The date taught examples put periods on (:mod:`.taught`): the owner's own, else, when
    the owner has no event date, the one table's they taught if the two are keyed, directly
    or through one table ("revenue last month" on order lines is dated by their order, products
    sold this year by the orders of their order lines; bookings are not dated by the routes
    of another taught question). Not by a table whose rows key to the owner's, each owner row
    having many of them: "boardings yesterday", read on the stops, are no stops that had an
    incident yesterday because incidents were taught dated."""
    if owner.name in taught:
        column = owner.column(taught[owner.name])
        return (owner, column) if column is not None else None
    if event_dates(owner) or schema is None or len(taught) != 1:
        return None
    (name, column_name), = taught.items()
    other = schema.table(name)
    if other is None or not _keyed(schema, owner, other) \
            or owner in _referenced(schema, other) and other not in _referenced(schema, owner):
        return None
    column = other.column(column_name)
    return (other, column) if column is not None else None


def _keyed(schema: SchemaContext, a: Table, b: Table) -> bool:
    """Whether one of ``a``, ``b`` keys to the other, or a third table to both."""
    return (b in _referenced(schema, a) or a in _referenced(schema, b)
            or any(a in refs and b in refs for refs in (_referenced(schema, t) for t in schema.tables)))


def _header_date(schema: SchemaContext, table: Table) -> tuple[Table, Column] | None:
    """"sales yesterday" over order lines: a table with no date of its own (a line of a check,
    an order, an invoice) happened when the one row it belongs to did: the first event date of
    the one table it refers to that has event dates, of several the one its name is named after
    (``check_line``: ``guest_check``, not the menu item)."""
    if any(is_date(c) for c in table.columns):
        return None
    dated = [t for t in dict.fromkeys(_referenced(schema, table)) if event_dates(t)]
    if len(dated) > 1:
        own = {sing(w) for w in name_words(table.name)}
        dated = [t for t in dated if own & {sing(w) for w in name_words(t.name)}]
    return (dated[0], event_dates(dated[0])[0]) if len(dated) == 1 else None


def _only_date(words: list[str], table: Table) -> Column | None:
    dates = event_dates(table)
    return dates[0] if len(dates) == 1 else None


def _only_planned_date(table: Table) -> Column | None:
    """"matches last week" over ``matches.scheduled_at``: a table whose one date says when its
    rows are planned or due (no event date) is dated by it; not by a birth or update date."""
    dates = [c for c in table.columns if is_date(c) and not isinstance(c, Measure)]
    if len(dates) != 1 or set(words_of(dates[0])) & _NOT_PLANNED:
        return None
    return dates[0]


_NOT_PLANNED = frozenset(("birth", "dob", "born", "updated", "modified"))


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
        named = [m for m in found if named_near(mentions, m, start, end)] or beside_tables(mentions, found, schema)
        m = (named or found)[0]
        same_column = chosen.setdefault((m.table, m.column), [])
        if not any(c.value == m.value for c in same_column):    # "on hold" and "hold": one 'HLD'
            same_column.append(m)
    for (ref, column_name), group in chosen.items():
        table = resolve(schema, ref)
        if table is None:
            raise Unreadable(ref)
        ended = _ended_instead(words, mentions, group, table)
        if ended is not None:
            parts.filters.append(ended[1])
            parts.filter_tables.append(ended[0])
            continue
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


def _ended_instead(words: list[str], mentions: list[Mention], group: list[ValueMatch],
                   table: Table) -> tuple[Table, str] | None:
    """"members who cancelled": a verb after "who"/"that" spelling the nullable end date of the
    rows named before it (``cancelled_on``) says their span is over, whatever other table stores
    the same word as a value (a lesson's status 'cancelled')."""
    if len(group) != 1 or group[0].end != group[0].start + 1 or group[0].start < 2 \
            or words[group[0].start - 1] not in ("who", "that", "which"):
        return None
    word = singular(words[group[0].start])
    for m in mentions:
        found = span(m.table) if m.column is None and m.end < group[0].start and m.table is not table else None
        if found is not None and word in words_of(found[1]):
            condition = closed_condition(m.table, ident(m.table.name))
            if condition is not None:
                return m.table, condition
    return None


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
            and (x.column is None or x.column.name == m.column) and _beside(x, start, end)]


def _beside(x: Mention, start: int, end: int) -> bool:
    """Whether mention ``x`` stands just before (up to three words) or right after the value
    at ``start:end``."""
    return 0 <= start - x.end <= 3 or 0 <= x.start - end <= 1


def beside_tables(mentions: list[Mention], found: list[ValueMatch], schema: SchemaContext) -> list[ValueMatch]:
    """"building permits", "downloads from outside the US": of one value stored in several
    tables, none named beside it, those whose table the question names beside it by another
    of its columns ("downloads": ``ep_dl.dl_cnt``, so ``ep_dl.ctry_cd``), else those one foreign
    key from a table named beside it (the permit's type, not its inspector's discipline)."""
    if len(found) < 2:
        return []
    start, end = found[0].start, found[0].end
    near = [x.table for x in mentions if _beside(x, start, end)]
    same = [m for m in found if any(t.name == m.table.rsplit(".", 1)[-1] for t in near)]
    if same:
        return same
    adjacent = []
    for m in found:
        table = resolve(schema, m.table)
        if table is not None and any(_references(schema, table, t) or _references(schema, t, table) for t in near):
            adjacent.append(m)
    return adjacent


_NOT = frozenset(("no", "not", "without", "don't", "doesn't", "didn't", "never", "non",
                  "isn't", "aren't", "wasn't", "weren't"))      # "tutors who aren't verified"


_YES = frozenset(("t", "y", "yes", "true", "1"))
_NO = frozenset(("f", "n", "no", "false", "0"))


def _text_flag(column: Column) -> tuple[str, str] | None:
    """(yes, no) as a text column stores them ('T'/'F', 'yes'/'no'), when it stores only those
    and is named as a yes/no ("is_male", "has_tv")."""
    if short_type(column.type) != "text" or not yes_no(column):
        return None
    yes = next((v for v in column.values if v.lower() in _YES), None)
    no = next((v for v in column.values if v.lower() in _NO), None)
    return (yes, no) if yes is not None and no is not None else None




_RANKING_ADVERBS = frozenset(("highest", "best", "lowest", "worst", "most", "least", "better", "worse"))


def _qualifies_measure(flag: Mention, mentions: list[Mention]) -> bool:
    """"the most billable hours": a flag said right before a number column of its own table
    picks the rows whose number is ranked; the superlative is the number's."""
    return any(m.start == flag.end and m.table is flag.table and m.column is not None
               and short_type(m.column.type) in ("int", "num") for m in mentions)


def boolean_filters(words: list[str], used: list[bool], mentions: list[Mention], parts: Parts) -> None:
    """A yes/no column named ("tenants with a pet" over ``has_pet``, "inactive"): rows where
    it holds, or where it does not after "no", "not", "without"."""
    for m in mentions:
        flag = _text_flag(m.column) if m.column is not None else None
        if m.column is None or (short_type(m.column.type) != "bool" and flag is None) or used[m.start]:
            continue
        if m.start > 0 and words[m.start - 1] in _RANKING_ADVERBS and not _qualifies_measure(m, mentions):
            continue        # "the best paid staff": how well they are paid, not a ``paid`` flag
        negated = m.negated != any(w in _NOT for w in words[max(0, m.start - 3):m.start])
        if flag is not None:        # is_male 'T' / 'F': the stored yes or no
            parts.filters.append(f"{qualified(m.table, m.column)} = {quote_literal(flag[1 if negated else 0])}")
        else:
            parts.filters.append(("NOT " if negated else "") + qualified(m.table, m.column))
        parts.filter_tables.append(m.table)
        use(used, m.start, m.end)
        for i in range(max(0, m.start - 3), m.start):
            if words[i] in _NOT:
                use(used, i, i + 1)


def comment_codes(column: Column) -> dict[tuple[str, ...], str]:
    """What a coded column's description says its codes mean (:mod:`ask.context.value_codes`):
    the words (singular, fillers left out but a letter: the "A" of "A-check") -> the code."""
    out: dict[tuple[str, ...], str] = {}
    for code in column_codes(column):
        for said in code.meanings:
            meaning = tuple(sing(w) for w in normalise(said) if w not in FILLER or len(w) == 1)
            if 0 < len(meaning) <= 3:
                out.setdefault(meaning, code.value)
            spoken = normalise(said)
            if len(spoken) > 1 and spoken[1] in _QUALIFIERS and spoken[0] not in FILLER:
                out.setdefault((sing(spoken[0]),), code.value)     # "paused until frozen_until": paused
    return out


# Words after a code's state that only qualify it ("paused until <date>", "closed by the client").
_QUALIFIERS = frozenset(("until", "till", "since", "by", "when", "while", "pending", "awaiting", "after", "before"))


# Status codes legacy systems store, and the words a question says them with.
STATUS_CODES = {"done": ("completed", "complete", "finished"), "cxl": ("cancelled", "canceled"),
                "cncl": ("cancelled", "canceled"), "canc": ("cancelled", "canceled"), "cmpl": ("completed",),
                "cmplt": ("completed",), "pend": ("pending",), "actv": ("active",), "inact": ("inactive",),
                "rcvd": ("received",), "shpd": ("shipped",), "dlvd": ("delivered",), "rtnd": ("returned",)}


# Words analysts say before rows still in play ("live vacancies", "ongoing projects"; not "where
# they live"), and the status values that mean it: where the table keeps exactly one, that one.
_IN_PLAY = frozenset(("live", "ongoing"))
_IN_PLAY_VALUES = frozenset(("open", "active", "live", "ongoing", "in progress", "current"))


# A letter written before a noun with a hyphen ("e-bike", "e-book"), and the values it stands for.
PREFIXES = {"e": ("electric", "electronic")}


def coded_links(words: list[str], mentions: list[Mention], schema: SchemaContext,
                links: Sequence[ValueMatch] = ()) -> list[ValueMatch]:
    """"commercial accounts", "jobs that got cancelled", "jobs Marco Diaz completed": a word a
    coded column's description gives as the meaning of one of its codes ('COMM', 'CXL'), or that
    says a stored status code ('DONE' for "completed"), picks that code like a value the question
    spells; the column is named by its description's words, not by its name."""
    out: list[ValueMatch] = []
    said = [sing(w) for w in words]
    for m in mentions:
        if m.column is None or isinstance(m.column, Measure):
            continue
        code = comment_codes(m.column).get(tuple(said[m.start:m.end]))
        if code is not None:
            out.append(ValueMatch(_ref(m.table, schema), m.column.name, code, m.start, m.end, EXACT_SCORE))
    linked = {i for v in [*links, *out] if v.exact for i in range(v.start, v.end)}
    tables = list({id(m.table): m.table for m in mentions}.values())
    for i, word in enumerate(words):
        named = [m.table for m in mentions if m.start == i + 1 and m.column is None]
        found = {(t.name, c.name): (t, c, v) for t in tables for c in t.columns if short_type(c.type) == "text"
                 for v in c.values if word in STATUS_CODES.get(v.strip().lower(), ())} if i not in linked else {}
        if not found and word in _IN_PLAY and named and i not in linked:   # "live vacancies": status open
            found = {(t.name, c.name): (t, c, v) for t in named[:1] for c in t.columns
                     if short_type(c.type) == "text" for v in c.values if v.strip().lower() in _IN_PLAY_VALUES}
            found = found if len({v for _, _, v in found.values()}) == 1 else {}
        if not found and word in PREFIXES and named and i not in linked:     # "e-bikes": electric bikes
            found = {(t.name, c.name): (t, c, v) for t in named[:1] for c in t.columns if short_type(c.type) == "text"
                     for v in c.values if v.strip().lower() in PREFIXES[word]}
        if len(found) == 1:
            table, column, value = next(iter(found.values()))
            out.append(ValueMatch(_ref(table, schema), column.name, value, i, i + 1, EXACT_SCORE))
    return out


def _ref(table: Table, schema: SchemaContext) -> str:
    return table.name if table.schema in schema.search_path else f"{table.schema}.{table.name}"



def periods_over_values(words: list[str], links: Sequence[ValueMatch], mentions: list[Mention],
                        schema: SchemaContext) -> list[ValueMatch]:
    """"monthly ride count" where riders have a 'monthly' membership: a period adverb said right
    before another table's rows is the period ("per month"), not the stored value; "monthly
    members" (the value's own rows) keeps it."""
    out = []
    for link in links:
        if link.exact and link.end - link.start == 1 and words[link.start] in PERIOD_ADVERBS:
            after = [m.table for m in mentions if m.start == link.end and m.column is None]
            own = resolve(schema, link.table)
            if after and own is not None and all(t is not own for t in after):
                continue
        out.append(link)
    return out
