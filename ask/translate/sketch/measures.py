"""Measures a schema implies without naming them: what "age", "duration", "revenue" and "still
open" mean on a table that has a birth date, a start and an end, a quantity and a unit price,
or an end date that stays empty while a row is current.

Each is recognised from the shape of one table's columns (their words and types), never from a
table or domain of ours, and becomes a :class:`Measure`: a numeric column whose SQL is an
expression over the table's real columns, which the readers then aggregate, compare, rank and
group like any other column.

The revenue is also what analysts call it ("sales", "takings", "turnover", "money taken"), and
leaves out rows a description says are not sales (:func:`not_revenue`); an amount said with who
paid it ("the rate we pay", "the cost we've paid") is that amount (:func:`paid_by_us`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Callable, Protocol, TypeVar

from ask.context.related_words import UNIT_SUFFIXES, spelt_out, verb_forms
from ask.context.value_linking import singular
from ask.schema import Column, SchemaContext, Table, short_type

from ask.translate.sketch.date_keys import KEY_WORDS, DateKey, date_keys
from ask.translate.sketch.spelling import ident
from ask.translate.sketch.vocabulary import ABBREVIATIONS, name_words, use


@dataclass(frozen=True, slots=True)
class Measure(Column):
    """A numeric expression over ``table``'s columns; ``expr`` is spelt with the table's own
    (quoted where needed) name, ``unit`` says what the number counts ("days", "hours")."""
    expr: str = ""
    additive: bool = False          # "spa revenue" with no aggregate named is its sum
    unit: str = ""


# A measure's spellings: one-word names plus "<name> in <unit>" for a duration.
Spelt = tuple[Measure, frozenset[tuple[str, ...]]]

_BIRTH = frozenset(("birth", "dob", "born", "birthday", "birthdate"))
# A thing's year of making is its birth: ``year_built``, ``founded_year`` (how old a building is).
_MADE = frozenset(("built", "build", "constructed", "construction", "founded", "established", "commissioned",
                   "launched", "installed", "manufactured"))
_END = frozenset(("end", "ended", "ending", "finish", "finished", "close", "closed", "closing", "return", "returned",
                  "resolved", "left", "leave", "completed", "until", "out", "departure", "departed",
                  "discharged", "terminated", "stop", "stopped", "to",
                  "removed", "retired", "decommissioned", "cancelled", "canceled", "expired", "lapsed",
                  "stripped", "fixed", "repaired", "paid", "settled"))
_START = frozenset(("start", "started", "starting", "begin", "began", "open", "opened", "opening", "in", "from", "hired",
                    "joined", "arrival", "arrived", "admitted", "created"))
_NOT_EVENTS = frozenset(("due", "expected", "planned", "scheduled", "deadline", "expiry", "expires",
                         "birth", "dob", "born", "updated", "modified"))
_QUANTITY = frozenset(("qty", "quantity", "units", "unit_count", "count", "volume"))
_PRICE = frozenset(("price", "cost", "fee", "rate", "amount", "charge", "fare", "tariff"))
_PER_DAY = frozenset(("nightly", "daily", "night", "day"))
# "time" alone is too common a word ("what time is it"); "time in hours" names a duration
# "how old is Marcus Bell": the age a birth date implies
_AGE_NAMES = frozenset({("age",), ("how", "old")})
_MADE_AGE_NAMES = frozenset({("how", "old")})
_DURATION_NAMES = (("duration",), ("length",), ("how", "long"), ("tenure",))
_REVENUE_NAMES = (("revenue",), ("sales",), ("income",), ("turnover",), ("spend",), ("spending",),
                  ("takings",), ("earnings",), ("billing",),
                  # money that came in, as analysts say it: "money taken" ("money" alone: names.money_mentions)
                  ("money", "taken"), ("money", "collected"), ("money", "received"), ("money", "made"),
                  ("money", "brought", "in"), ("total", "taken"))
_HOURS = "extract(epoch FROM {end} - {start}) / 3600"
_DAYS_TS = "extract(epoch FROM {end} - {start}) / 86400"
_MINUTES = "extract(epoch FROM {end} - {start}) / 60"


def words_of(column: Column) -> tuple[str, ...]:
    return _words_of_name(column.name)


@functools.lru_cache(maxsize=1 << 16)   # a wide schema repeats its column names in every table
def _words_of_name(name: str) -> tuple[str, ...]:
    return spelt_out(tuple(ABBREVIATIONS.get(w, w) for w in name_words(name)))     # unit_prc: unit price


def is_date(column: Column) -> bool:
    return short_type(column.type) in ("date", "ts")


def event_dates(table: Table) -> list[Column]:
    """The dates that say when a row's event happened (not when it is due or expected)."""
    return [c for c in table.columns
            if is_date(c) and not set(words_of(c)) & _NOT_EVENTS and not isinstance(c, Measure)]


def start_date(table: Table) -> Column | None:
    """When a row's span began: its one event date named like a start (``start_date``,
    ``hired_on``), else its only event date (``commissioned_dt``); a birth date is none."""
    dates = event_dates(table)
    starts = [c for c in dates if set(words_of(c)) & _START and not set(words_of(c)) & _END]
    if len(starts) == 1:
        return starts[0]
    return dates[0] if len(dates) == 1 and not starts else None


def span(table: Table) -> tuple[Column, Column] | None:
    """(start, end) of a row's span: the end is a date named like an end (the last such, the
    nullable one first); the start one named like a start, else the first event date before it."""
    dates = event_dates(table)
    ends = [c for c in dates if set(words_of(c)) & _END and not set(words_of(c)) & _START]
    if not ends:
        return None
    end = ([c for c in ends if c.nullable] or ends)[-1]
    starts = [c for c in dates if c is not end and set(words_of(c)) & _START]
    if not starts:
        starts = dates[:dates.index(end)]
    return (starts[0], end) if starts else None


def open_condition(table: Table, qualified: str) -> str | None:
    """What "still open", "active", "current" mean on ``table``: its span's end is empty (the
    end must be nullable); a star schema's fact row's, its end date key (:func:`key_end`).
    ``qualified`` spells the table's name."""
    found = span(table)
    end = found[1] if found is not None else key_end(table)
    if end is None or not end.nullable:
        return None
    return f"{qualified}.{_quote(end.name)} IS NULL"


def key_end(table: Table) -> Column | None:
    """The date key a star schema's fact row's span ends on (``resolved_date_key``), as
    :func:`key_span` chooses it, from the row's columns alone: an integer named a date key whose
    role says an end, beside another date key. None for a row with dates of its own."""
    if any(is_date(c) for c in table.columns):
        return None
    keys = [c for c in table.columns if short_type(c.type) == "int" and set(name_words(c.name)) & {"date", "day"}
            and name_words(c.name)[-1] in KEY_WORDS and not set(_key_words(c.name)) & _NOT_EVENTS]
    ends = [c for c in keys if set(_key_words(c.name)) & _END and not set(_key_words(c.name)) & _START]
    if not ends or len(keys) < 2:
        return None
    return ([c for c in ends if c.nullable] or ends)[-1]


_quote = ident

def ongoing(table: Table, measure: Measure) -> Measure:
    """A span's duration on rows still open ("average tenure of current staff") runs to today:
    their end is empty, so end − start would be NULL."""
    found = span(table)
    if found is None or measure.name != "duration":
        return measure
    end = f"{_quote(table.name)}.{_quote(found[1].name)}"
    now = "current_date" if short_type(found[1].type) == "date" else "localtimestamp"
    return dataclasses.replace(measure, expr=measure.expr.replace(end, now))


# Verbs saying a row's span is over ("musicians who left", "hives that were removed").
ENDED = frozenset(("left", "ended", "removed", "retired", "closed", "departed", "finished", "terminated",
                   "discharged", "decommissioned", "resigned", "quit", "resolved"))


def closed_condition(table: Table, qualified: str) -> str | None:
    """What "who left", "that were removed" mean on ``table``: its span's (nullable) end is set."""
    found = span(table)
    end = found[1] if found is not None else key_end(table)
    if end is None or not end.nullable:
        return None
    return f"{qualified}.{_quote(end.name)} IS NOT NULL"


# Words naming an amount that adds up over rows (as names spell them, singular): a quantity, a
# weight, a volume. Hours only where the name says "hours" or "hrs": "start_hour" is a time of day.
_AMOUNT_WORDS = frozenset(("quantity", "amount", "count", "fee", "charge", "volume", "kg", "kilo", "kilogram", "gram", "tonne",
                           "ton", "lb", "pound", "litre", "liter", "l", "ml", "gallon", "kwh",
                           "cost", "fare", "toll", "distance", "km", "kilometre", "mile", "mi", "total", "subtotal",
                           # time spent and data carried add up too ("duration_min", "durationSeconds", "dataMb")
                           "duration", "second", "minute", "mins", "mb", "gb", "megabyte", "gigabyte"))
_HOURS_SPELT = ("hours", "hrs")


def summable(table: Table, column: Column) -> bool:
    """A column whose values add up: a number named as an amount ("qty_l", "honey_kg", "hrs") on
    a table of events (one that refers to another), not a key of either."""
    return bool(table.foreign_keys) and counted_amount(table, column)


def counted_amount(table: Table, column: Column) -> bool:
    """A number named as an amount of something on a row ("seats", "visitors", "tonnes"), not a
    key and not the price of one unit; on any table (:func:`summable` asks for events)."""
    if isinstance(column, Measure) or short_type(column.type) not in ("int", "num"):
        return False
    keys = set(table.primary_key) | {c for fk in table.foreign_keys for c in fk.columns}
    counted = short_type(column.type) == "int" and len(name_words(column.name)) == 1 \
        and column.name.lower().endswith("s")      # "seats", "passengers": how many on the row
    amount = counted or bool({singular(w) for w in words_of(column)} & _AMOUNT_WORDS) \
        or any(h in column.name.lower() for h in _HOURS_SPELT)
    per_unit = bool(set(words_of(column)) & {"per", "price", "rate"})      # "price_per_tonne" does not add up
    return column.name not in keys and amount and not per_unit


def additive(table: Table, column: Column) -> bool:
    """A column or measure whose values add up over rows (a total of it means something)."""
    return (isinstance(column, Measure) and column.additive) or summable(table, column)


# What is done with an amount, said right after it ("fees paid", "seats sold", "tonnes delivered").
_DONE = frozenset(("paid", "charged", "spent", "received", "earned", "billed", "collected", "sold", "bought",
                   "delivered", "shipped", "used", "consumed", "produced", "harvested", "generated"))
# Who pays, said between an amount and its verb ("the rate we pay", "the cost we've paid"),
# the verb's present forms, and whom it is paid ("we pay anyone").
_PAYER = frozenset(("we", "we've", "we'd", "they", "they've", "you", "you've", "i", "i've", "have", "has", "had",
                    "ever", "did", "do", "does"))
_DOING = frozenset(("pay", "pays", "charge", "charges", "spend", "spends", "earn", "earns", "bill", "bills",
                    "collect", "collects", "receive", "receives"))
_PAID_WHOM = frozenset(("anyone", "anybody", "someone", "them", "us", "him", "her"))
# Verbs of money coming in, said before the amount: "brought in the most money".
_CAME_IN = (("brought", "in"), ("bring", "in"), ("brings", "in"), ("taken", "in"), ("took", "in"), ("take", "in"),
            ("made",), ("make",), ("makes",), ("taken",), ("took",), ("collected",), ("earned",), ("generated",),
            ("brought",))
_BEFORE_AMOUNT = frozenset(("the", "a", "any", "in", "of", "our", "their", "its"))
_RANKED = frozenset(("most", "least", "more", "less", "highest", "lowest", "biggest", "largest", "fewest"))
_MONEY_WORDS = frozenset(("price", "cost", "amount", "fee", "charge", "salary", "fare", "rate", "total", "paid"))


class Placed(Protocol):
    """Where the question names a table or a column (:class:`.names.Mention`, which imports this module)."""
    @property
    def table(self) -> Table: ...
    @property
    def column(self) -> Column | None: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def amounts_done(words: list[str], used: list[bool], mentions: Sequence[Placed]) -> None:
    """"fees paid", "seats sold", "revenue collected": the verb only repeats what the amount is;
    so does a verb of money coming in said before the revenue ("brought in the most money",
    "has taken the most revenue")."""
    for m in mentions:
        column = m.column
        if isinstance(column, Measure) and column.name == "revenue" and used[m.start]:
            at = m.start
            while at > 0 and (words[at - 1] in _BEFORE_AMOUNT or used[at - 1] and words[at - 1] in _RANKED):
                at -= 1
            for verb in _CAME_IN:
                if tuple(words[max(0, at - len(verb)):at]) == verb:
                    use(used, at - len(verb), at)
                    break
        if column is None or not used[m.start] or m.end >= len(words) or used[m.end] or words[m.end] not in _DONE:
            continue
        if additive(m.table, column) or set(words_of(column)) & _MONEY_WORDS:
            use(used, m.end, m.end + 1)


def paid_by_us(words: list[str], used: list[bool], mentions: Sequence[Placed]) -> None:
    """"the highest unit cost we've paid", "the highest hourly rate we pay anyone": who paid an
    amount (or charged, spent it), said right after it, with the verb and whom it was paid, only
    repeats what the amount is (read before the shape, which would take the verb for a relation)."""
    for m in mentions:
        column = m.column
        if column is None or not (additive(m.table, column) or set(words_of(column)) & _MONEY_WORDS):
            continue
        at = m.end
        while at < len(words) and words[at] in _PAYER and not used[at]:
            at += 1
        if at > m.end and at < len(words) and not used[at] and (words[at] in _DONE or words[at] in _DOING):
            end = at + 1 + (at + 1 < len(words) and words[at + 1] in _PAID_WHOM and not used[at + 1])
            use(used, m.end, end)


def _birth_year(column: Column) -> bool:
    """A number that is the year someone was born (``birth_year``, ``year_of_birth``) or something
    was made (``year_built``): the age it implies is this year minus it."""
    said = set(words_of(column))
    return short_type(column.type) in ("int", "num") and "year" in said and bool(said & (_BIRTH | _MADE))


def table_measures(table: Table) -> tuple[Spelt, ...]:
    """The measures ``table`` implies, each with the word sequences that name it."""
    t = _quote(table.name)
    out: list[Spelt] = []
    for c in table.columns:
        if is_date(c) and set(words_of(c)) & _BIRTH:
            expr = f"date_part('year', age({t}.{_quote(c.name)}))"
            out.append((Measure("age", "numeric", expr=expr, unit="years"), _AGE_NAMES))
            break
        if is_date(c) and set(words_of(c)) & _MADE:       # "how old is Press Line 2": commissioned_dt
            # not the "age" the oldest are ranked by: whole years tie, the date does not
            expr = f"date_part('year', age({t}.{_quote(c.name)}))"
            out.append((Measure("years_old", "numeric", expr=expr, unit="years"), _MADE_AGE_NAMES))
            break
        if _birth_year(c):
            expr = f"extract(year FROM current_date) - {t}.{_quote(c.name)}"
            # a thing's age only asked as such ("how old", "the oldest"): "age of boat owners"
            # is the owners' age, not the boats'
            made = not set(words_of(c)) & _BIRTH
            out.append((Measure("age", "numeric", expr=expr, unit="years"), _MADE_AGE_NAMES if made else _AGE_NAMES))
            break
    found = span(table)
    duration_days: str | None = None
    if found is not None:
        start, end = (f"{t}.{_quote(c.name)}" for c in found)
        if short_type(found[0].type) == "date" and short_type(found[1].type) == "date":
            duration_days = f"({end} - {start})"
            names = _DURATION_NAMES + (("days",), ("nights",), ("time", "in", "days"), ("time", "in", "nights"))
            out.append((Measure("duration", "numeric", expr=duration_days, unit="days"), frozenset(names)))
        else:
            duration_days = _DAYS_TS.format(start=start, end=end)
            out.append((Measure("duration", "numeric", expr=_HOURS.format(start=start, end=end), unit="hours"),
                        frozenset(_DURATION_NAMES + (("hours",), ("time", "in", "hours")))))
            out.append((Measure("duration", "numeric", expr=duration_days, unit="days"),
                        frozenset({("days",), ("time", "in", "days")})))
            out.append((Measure("duration", "numeric", expr=_MINUTES.format(start=start, end=end), unit="minutes"),
                        frozenset({("minutes",), ("time", "in", "minutes")})))
    if found is None:
        kept = [c for c in table.columns if short_type(c.type) in ("int", "num") and set(words_of(c)) & _LASTS]
        if len(kept) == 1:      # "concert length" over ``duration_min``: the duration kept as a number
            out.extend(_kept_duration(f"{t}.{_quote(kept[0].name)}", set(words_of(kept[0]))))
        else:
            out.extend(_since_start(table, t))
    revenue = _revenue(table, t, duration_days)
    if revenue is not None:
        out.append((Measure("revenue", "numeric", expr=revenue, additive=True), frozenset(_REVENUE_NAMES)))
    else:
        paid = _paid(table, t)
        if paid is not None:    # "earning" is a verb of people paid, not of a sale's amount
            spelt: frozenset[tuple[str, ...]] = frozenset(n for n in _REVENUE_NAMES if n[0] != "earnings")
            if _only_amount(table):         # "invoice amount": what a row brought in
                spelt |= {(name_words(table.name)[-1], "amount")}
            out.append((Measure("revenue", "numeric", expr=paid, additive=True), spelt))
    return tuple(out)


def key_span(schema: SchemaContext, table: Table) -> tuple[DateKey, DateKey, Column] | None:
    """A star schema's fact row spans the dates two of its date keys refer to (``opened_date_key``
    .. ``resolved_date_key``, ``start_date_key`` .. ``end_date_key``), chosen by their roles' words
    as :func:`span` chooses dates: (start key, end key, the dimension's date). A row with a date of
    its own spans its own dates instead."""
    if any(is_date(c) for c in table.columns):
        return None
    keys = [k for k in date_keys(schema, table) if not set(_key_words(k[0])) & _NOT_EVENTS]
    ends = [k for k in keys if set(_key_words(k[0])) & _END and not set(_key_words(k[0])) & _START]
    if not ends:
        return None
    end = ([k for k in ends if _nullable(table, k[0])] or ends)[-1]
    starts = [k for k in keys if k is not end and k[1] is end[1] and set(_key_words(k[0])) & _START] \
        or [k for k in keys[:keys.index(end)] if k[1] is end[1]]
    dates = [c for c in end[1].columns if short_type(c.type) == "date" and not isinstance(c, Measure)]
    if not starts or len(dates) != 1:
        return None
    return starts[0], end, dates[0]


def key_measures(schema: SchemaContext, table: Table) -> tuple[Spelt, ...]:
    """The duration of :func:`key_span` in days ("average days to resolve", "how long did
    subscriptions last"): the dimension's date each key refers to, later minus earlier."""
    found = key_span(schema, table)
    if found is None:
        return ()
    (start, dim, key), (end, _, _), day = found
    t, d = _quote(table.name), _quote(dim.name)

    def dated(column: str) -> str:
        return (f"(SELECT {d}.{_quote(day.name)} FROM {d} "
                f"WHERE {d}.{_quote(key)} = {t}.{_quote(column)})")
    names = _DURATION_NAMES + (("days",), ("time", "in", "days"))
    return ((Measure("duration", "numeric", expr=f"({dated(end)} - {dated(start)})", unit="days"), frozenset(names)),)


def dated_roles(schema: SchemaContext, table: Table) -> list[str]:
    """Nouns a star schema's date key names its rows by: "signups" of ``signup_date_key`` (the
    accounts, dated by their sign-up), "orders" of ``order_date_key``. One role word, a noun (no
    verb's form, no start, end or due), not the table's own word."""
    own = {singular(w) for w in name_words(table.name)}
    out = []
    for column, _, _ in date_keys(schema, table):
        roles = _key_words(column)
        if len(roles) == 1 and len(roles[0]) >= 4 and roles[0] not in own and not verb_forms(roles[0]) \
                and not {roles[0]} & (_START | _END | _NOT_EVENTS | _JOINED) and not roles[0].endswith(("ed", "ing")):
            out.append(roles[0])
    return out


def _key_words(column: str) -> tuple[str, ...]:
    """A date key's role words (``resolved`` of ``resolved_date_key``)."""
    return tuple(w for w in _words_of_name(column) if w not in ("date", "day") and w not in KEY_WORDS)


def _nullable(table: Table, name: str) -> bool:
    column = table.column(name)
    return column is not None and column.nullable


# A date a row's membership of something starts on, with no end kept: ``hire_dt``, ``joined_on``.
_JOINED = frozenset(("hire", "hired", "join", "joined", "enrol", "enroll", "enrolled", "commissioned"))


def _since_start(table: Table, t: str) -> list[Spelt]:
    """"average tech tenure in years" on a table with a hire date and no end: the time since
    it, to today (in days, or whole years)."""
    starts = [c for c in event_dates(table) if set(words_of(c)) & _JOINED and short_type(c.type) == "date"]
    if len(starts) != 1:
        return []
    column = f"{t}.{_quote(starts[0].name)}"
    return [(Measure("duration", "numeric", expr=f"(current_date - {column})", unit="days"),
             frozenset({("tenure",), ("time", "in", "days")})),
            (Measure("duration", "numeric", expr=f"date_part('year', age({column}))", unit="years"),
             frozenset({("tenure",), ("time", "in", "years")}))]


# Words of a number column that keeps how long a row lasted.
_LASTS = frozenset(("duration", "length", "runtime"))


def _kept_duration(column: str, words: set[str]) -> list[Spelt]:
    """A duration kept in minutes is also a number of hours ("total hours of lessons")."""
    if not words & {"min", "mins", "minute", "minutes"}:
        return [(Measure("duration", "numeric", expr=column), frozenset(_DURATION_NAMES))]
    return [(Measure("duration", "numeric", expr=column, additive=True, unit="minutes"),
             frozenset(_DURATION_NAMES + (("minutes",), ("minute",)))),
            (Measure("duration", "numeric", expr=f"{column} / 60.0", additive=True, unit="hours"),
             frozenset({("hours",), ("hour",), ("time", "in", "hours")}))]


def _revenue(table: Table, t: str, days: str | None) -> str | None:
    """quantity × unit price on a line table; a per-night or per-day rate × the days of the span."""
    keys = set(table.primary_key) | {c for fk in table.foreign_keys for c in fk.columns}
    numeric = [c for c in table.columns if short_type(c.type) in ("int", "num") and c.name not in keys]  # no charge_id
    quantity = next((c for c in numeric if set(words_of(c)) & _QUANTITY or c.name.lower() in _QUANTITY), None)
    prices = [c for c in numeric if set(words_of(c)) & _PRICE and c is not quantity
              and not set(words_of(c)) & _EXTENDED      # ext_amt: the line's total, already × quantity
              and not ("amount" in words_of(c) and not set(words_of(c)) & {"unit", "per"})]
    # (an amount beside a quantity is the line's amount, ``chrg_amt``; a unit amount is a price)
    if quantity is None:     # "tonnes" × "price_per_tonne": an amount and the price of one unit of it
        quantity = next((c for c in numeric if c not in prices and _amount(c)
                         and any("per" in words_of(p) for p in prices)), None)
        prices = [p for p in prices if "per" in words_of(p)] if quantity is not None else prices
    if quantity is not None and prices:
        price = next((c for c in prices if "unit" in words_of(c)), prices[0])
        discount = next((c for c in numeric if "discount" in words_of(c)), None)
        expr = f"{t}.{_quote(quantity.name)} * {t}.{_quote(price.name)}"
        if discount is not None and short_type(discount.type) == "num":
            expr += f" * (1 - {t}.{_quote(discount.name)})"
        return expr
    per_day = next((c for c in prices if set(words_of(c)) & _PER_DAY), None)
    if per_day is not None and days is not None:
        return f"{days} * {t}.{_quote(per_day.name)}"
    return None


def _paid(table: Table, t: str) -> str | None:
    """A sale's or payment's one money amount (``amount``, ``total_paid``) on a table of events:
    what "revenue", "sales", "spend" add up when no quantity × price spells it. A table whose own
    date says a row was sold (``sold_at``) needs no foreign key, and its one price is what the
    row brought in (a day pass, a ticket sold over the counter)."""
    money = [c for c in table.columns if short_type(c.type) == "num"]
    paid = [c for c in money if set(words_of(c)) & _PAID and not set(words_of(c)) & _DISCOUNT]   # no chrg_disc_amt
    sold = any(is_date(c) and set(words_of(c)) & _SOLD for c in table.columns)
    if not paid and sold:       # not what a thing cost to buy (``purchase_price``, ``cost``): no income
        paid = [c for c in money if set(words_of(c)) & _PRICE and "per" not in words_of(c)
                and not set(words_of(c)) & _BOUGHT]
    if len(paid) > 1:       # ``amount_due`` and ``amount_paid``: what came in is the one paid
        paid = [c for c in paid if set(words_of(c)) & _RECEIVED] or paid
    if len(paid) != 1 or not (table.foreign_keys or sold):
        return None
    return f"{t}.{_quote(paid[0].name)}"


# Dates of a catalogue's row, not of a sale: when a product was added to the list or last changed.
_LISTED = frozenset(("added", "listed", "introduced", "created", "updated", "modified", "effective", "valid",
                     "launched", "released"))


def sales_event(schema: SchemaContext, table: Table) -> bool:
    """Whether ``table``'s rows are sales events rather than a catalogue's prices: a row that
    refers to something (what was sold, who bought) and is dated by its own event (``sold_at``,
    ``order_date``) or is a line under a dated header (``order_lines`` under ``orders``). A price
    list (``products.list_price``, ``menu_item.price``) refers to nothing dated and keeps no date
    of a sale, only of its listing (``date_added``). A row whose own date says it was sold
    (``sold_at``: a day pass sold over the counter) needs no foreign key."""
    if any(is_date(c) and set(words_of(c)) & _SOLD for c in table.columns):
        return True
    if not table.foreign_keys:
        return False
    if _sale_dated(table):
        return True
    for fk in table.foreign_keys:
        parent = schema.table(fk.ref_table, fk.ref_schema)
        if parent is not None and parent is not table and _sale_dated(parent):
            return True
    return False


def _sale_dated(table: Table) -> bool:
    return any(not set(words_of(c)) & _LISTED for c in event_dates(table))


def by_sales_events(schema: SchemaContext, tables: Sequence[Table]) -> list[Table]:
    """``tables`` (each implying a revenue) with the sales events first (:func:`sales_event`),
    in schema order otherwise: "revenue" is money taken in transactions, not a price list."""
    return sorted(tables, key=lambda t: not sales_event(schema, t))


def _only_amount(table: Table) -> bool:
    """The table keeps one amount a row brought in (not one due and one paid): "invoice amount" is it."""
    return sum(1 for c in table.columns if short_type(c.type) == "num" and set(words_of(c)) & _PAID) == 1


# Words of an amount taken off, not brought in.
_DISCOUNT = frozenset(("discount", "disc", "dsc", "rebate", "refund", "refunded"))
# Words of a line's amount that is already its quantity × price.
_EXTENDED = frozenset(("ext", "extended", "total", "subtotal"))
# A money column that is what a row (a sale, a payment) brought in, not a price of one unit.
_PAID = frozenset(("amount", "total", "paid"))
# Words of an amount that came in (of an amount due and an amount paid).
_RECEIVED = frozenset(("paid", "received", "collected"))
# Words of a price the row's owner paid to acquire it (an asset's ``purchase_price``).
_BOUGHT = frozenset(("purchase", "purchased", "bought", "cost", "acquisition", "acquired"))
# A date that says its row is a sale.
_SOLD = frozenset(("sold", "purchased", "bought", "paid", "charged", "billed", "sale", "purchase"))


def _amount(column: Column) -> bool:
    return bool(set(words_of(column)) & _AMOUNT_WORDS) and not isinstance(column, Measure)



_TIME_UNITS = {"day": "days", "hour": "hours", "minute": "minutes"}
_HELPERS = frozenset(("get", "be", "being", "getting"))


P = TypeVar("P", bound=Placed)


def time_to(words: list[str], mentions: Sequence[P], tables: Sequence[Table],
            make: Callable[[Table, Column | None, int, int], P], schema: SchemaContext | None = None) -> list[P]:
    """"avg days to fix a bike", "days to get paid", "hours to resolve": the duration of the one
    table whose span ends on the date the verb names (``fixed_on``, ``paid_dt``; with ``schema``,
    a star schema's date key, ``resolved_date_key``: :func:`key_span`), in that unit; ``make``
    builds the mention (:class:`.names.Mention`)."""
    found = next(((i, unit) for i, w in enumerate(words[:-2]) if words[i + 1] == "to"
                  and (unit := _TIME_UNITS.get(singular(w))) is not None), None)
    if found is None:
        return list(mentions)
    at, unit = found
    verb = at + 2 + (words[at + 2] in _HELPERS and at + 3 < len(words))
    said = _forms(words[verb])
    named = [m.table for m in mentions if m.column is None]
    matches = [t for t in dict.fromkeys([*named, *tables]) if _ends_by(t, said) or _key_ends_by(schema, t, said)]
    measures = [*table_measures(matches[0]), *(key_measures(schema, matches[0]) if schema else ())] if matches else []
    measure = next((c for c, _ in measures if isinstance(c, Measure) and c.name == "duration"
                    and c.unit == unit), None)
    if measure is None or len({id(t) for t in matches}) > 1 and matches[0] not in named:
        return list(mentions)
    return [m for m in mentions if not at <= m.start <= verb] + [make(matches[0], measure, at, verb + 1)]


def _forms(word: str) -> set[str]:
    return {word, _stem(word), *verb_forms(word)}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[:-len(suffix)]
    return word


def _ends_by(table: Table, said: set[str]) -> bool:
    found = span(table)
    return found is not None and any(_forms(w) & said for w in words_of(found[1]))


def _key_ends_by(schema: SchemaContext | None, table: Table, said: set[str]) -> bool:
    found = key_span(schema, table) if schema is not None else None
    return found is not None and any(_forms(w) & said for w in _key_words(found[1][0]))


# Verbs that say the rows are counted in money: "invoiced this year", "billed last month".
MONEY_VERBS = frozenset(("invoiced", "billed", "charged", "spent", "earned", "collected"))


def money_said(words: list[str], table: Table) -> Measure | None:
    """The revenue ``table`` implies when the question says its rows in money ("invoiced this
    year vs last year": their amounts, not how many)."""
    if not MONEY_VERBS & set(words):
        return None
    return next((c for c, _ in table_measures(table) if c.name == "revenue"), None)


def unit_named(words: list[str], mentions: Sequence[P], make: Callable[[Table, Column | None, int, int], P],
               linked: Sequence[Table] = ()) -> list[P]:
    """"fare per km", "cost per kg": a unit the question says alone names the one number column
    of a table it is about that is kept in that unit (``distance_km``, ``weight_kg``); a table it
    names by a stored value is one it is about ("golden retrievers over 35 kg": ``pat_wt_kg`` of
    the table holding the breed)."""
    out = list(mentions)
    tables = list({id(t): t for t in (*(m.table for m in mentions), *linked)}.values())
    for i, word in enumerate(words):
        if word not in UNIT_SUFFIXES or any(m.start <= i < m.end for m in mentions):
            continue
        found = [(t, c) for t in tables for c in t.columns if short_type(c.type) in ("int", "num")
                 and len(name_words(c.name)) > 1 and name_words(c.name)[-1] == word]
        if len(found) == 1:
            out.append(make(found[0][0], found[0][1], i, i + 1))
    return out


# A description saying the rows it marks bring in nothing: "voided checks are not sales",
# "refunded orders are excluded from revenue", "not counted in turnover".
_NOT_REVENUE = re.compile(r"\b(?:(?:are|is)\s+not|never|not\s+counted\s+(?:as|in)|excluded\s+from)\s+"
                          r"(?:counted\s+(?:as|in)\s+)?(?:sales|revenue|income|turnover|takings)\b")


def not_revenue(schema: SchemaContext, table: Table) -> list[tuple[Table, str, str]]:
    """What a revenue over ``table``'s rows leaves out, by its schema's own word: a nullable
    date or a yes/no column of the table, or of a table it refers to (the check a line is on),
    whose description says the rows it marks are not sales or revenue ("set when the whole
    check was voided; voided checks are not sales"): (table, its column as SQL, condition keeping
    the rest)."""
    out: list[tuple[Table, str, str]] = []
    referenced = [schema.table(fk.ref_table, fk.ref_schema) for fk in table.foreign_keys]
    for owner in dict.fromkeys([table, *(t for t in referenced if t is not None)]):
        for c in owner.columns:
            if not c.comment or not _NOT_REVENUE.search(c.comment.lower()):
                continue
            column = f"{_quote(owner.name)}.{_quote(c.name)}"
            if is_date(c) and c.nullable:
                out.append((owner, column, f"{column} IS NULL"))
            elif short_type(c.type) == "bool":
                out.append((owner, column, f"NOT {column}"))
    return out
