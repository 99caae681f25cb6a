"""Taught SQL adapted to an untaught question of the same structure: "revenue in the West region
last quarter" from the SQL taught for "revenue in the East region last month".

A paraphrase (:mod:`ask.context.example_match`) means what the taught question means, values
and numbers apart. An adaptation also changes what is asked about, in one of two ways only: the
period's unit ("last month" -> "last quarter", "monthly" -> "weekly": ``date_trunc`` units and
interval constants rewritten), or one column of a table the taught SQL reads for another column
of that same table ("average price" -> "average weight"), with the values and numbers re-bound
as for a paraphrase. Everything else must be equal: every other word, every guard, every value
paired by column. The alignment must be unambiguous: a unit the taught question names twice
("monthly ... for the last 6 months"), a column name that two tables of the SQL share, a new
column two columns of the table could be, two taught examples adapting to different SQL: no
adaptation. The result is a candidate only: the planner checks it like model SQL (grounding,
validation, ``EXPLAIN``) and says where it came from.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import pglast
from pglast.parser import ParseError

from dataclasses import replace

from ask.context.example_match import (THRESHOLD, UNITS, Shape, best_rebinding, fold_typos,
                                       names_plausible, pair_slots, rebind, stem,
                                       token_identifier)
from ask.context.introspection import quote_ident
from ask.context.value_linking import identifier_words
from ask.schema import Column, SchemaContext

# A unit's size in its family's base unit: months for month/quarter/year, days for day/week.
_SIZE = {"month": ("month", 1), "quarter": ("month", 3), "year": ("month", 12),
         "day": ("day", 1), "week": ("day", 7)}
_INTERVAL = re.compile(r"'\s*(\d+)\s+([a-z]+?)s?\s*'")


def adapt(asked: Shape, taught: Sequence[tuple[Shape, str]], schema: SchemaContext,
          claim: Callable[[Shape], Shape | None] | None = None) -> tuple[int, str] | None:
    """The index of the taught (shape, sql) adapted and its adapted SQL; None when none
    adapts or two adapt differently. ``taught``: the shapes of ``asked``'s :func:`adapt_bucket`."""
    found: list[tuple[int, str]] = []
    for n, (shape_, sql) in enumerate(taught):
        # Cheap necessary conditions first (claiming slots costs a scan of stored values).
        if len(shape_.content - asked.content) > 1 or not names_plausible(asked, shape_):
            continue
        here = asked
        if claim is not None and pair_slots(asked, shape_) is None:
            here = claim(shape_) or asked
        adapted = adapt_one(fold_typos(here, shape_), shape_, sql, schema)
        if adapted is not None:
            found.append((n, adapted))
    if len({sql for _, sql in found}) != 1:
        return None
    return found[-1]


# Words before a number of rows a ranking asks for ("top 3", "which 5", "the 10 busiest").
_ROW_COUNT = re.compile(r"(?:^|\b(?:top|first|bottom|which|what|the|best|worst)\s+)(\d{1,3}|two|three|"
                        r"four|five|six|seven|eight|nine|ten|twelve|twenty)\b")
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "twelve": 12, "twenty": 20}


def rows_asked(question: str) -> int | None:
    """The number of rows a question asks a ranking for ("which 3 engineers ...", "top five"),
    when its one number is said so; None otherwise ("the most sessions in 2023")."""
    found = _ROW_COUNT.findall(question.lower())
    if len(found) != 1:
        return None
    word = found[0]
    return int(word) if word.isdigit() else _COUNTS[word]


def top_n(asked: Shape, taught: Sequence[tuple[Shape, str]],
          claim: Callable[[Shape], Shape | None] | None = None) -> tuple[int, str] | None:
    """A ranking asked for a number of rows ("which 3 engineers worked the most sessions") from
    a taught ranking that said none and took one row (``LIMIT 1``: "which engineer worked the
    most sessions"): the taught question as a paraphrase with that one as its number, the
    limit re-bound. ``taught``: shapes with no number, the guards of ``asked``'s bucket; the
    caller makes sure the number is one of rows (:func:`rows_asked`)."""
    if len(asked.numbers) != 1 or not {"DESC", "ASC"} & set(asked.guards):
        return None
    ones = [(n, replace(s, numbers=("1",), tokens=s.tokens | {"<num0>"}), sql)
            for n, (s, sql) in enumerate(taught) if not s.numbers and _limit_one(sql)]
    found = best_rebinding(asked, [(s, sql) for _, s, sql in ones], THRESHOLD, claim)
    if found is None:
        return None
    return ones[found[0]][0], found[1].sql


def _limit_one(sql: str) -> bool:
    """Whether ``sql`` has one ``LIMIT``, of 1 row."""
    tokens = _scan(sql)
    if tokens is None:
        return False
    limits = [n for n, t in enumerate(tokens) if t.name == "LIMIT"]
    return len(limits) == 1 and limits[0] + 1 < len(tokens) \
        and tokens[limits[0] + 1].name == "ICONST" \
        and sql[tokens[limits[0] + 1].start:tokens[limits[0] + 1].end + 1] == "1"


def adapt_bucket(shape_: Shape) -> tuple[tuple[str, ...], int]:
    """What a question and a taught one it adapts share: the guards other than periods and
    measures, and the count of numbers."""
    return tuple(g for g in shape_.guards if not g.startswith(("T:", "M:", "U:"))), len(shape_.numbers)


def adapt_one(asked: Shape, taught: Shape, sql: str, schema: SchemaContext) -> str | None:
    """``sql`` (taught for ``taught``) adapted to ``asked``, or None (module docstring)."""
    if asked.names != taught.names or len(asked.numbers) != len(taught.numbers):
        return None
    added, dropped = asked.content - taught.content, taught.content - asked.content
    if len(added) > 1 or len(added) != len(dropped):
        return None
    if dropped and taught.fixed and not dropped <= taught.schema_words or dropped & taught.kept:
        # a constant no slot explains may be what the dropped word said ("arizona": 'AZ'), and
        # a word saying a condition tested with no value must stay (``WHERE p.is_active``)
        return None
    new_guards = set(asked.guards) - set(taught.guards)
    old_guards = set(taught.guards) - set(asked.guards)
    swap = (next(iter(dropped)), next(iter(added))) if dropped else None
    measures = {f"M:{w}" for w in swap} if swap else set()
    periods = _period_swap(new_guards - measures, old_guards - measures, taught.guards)
    if periods is None or (not swap and not periods[0]):
        return None                       # nothing to adapt, or more changed than we can place
    pairs = pair_slots(asked, taught)
    if pairs is None:
        return None
    result = rebind(sql, [(old, new) for _, old, new in pairs],
                    list(zip(taught.numbers, asked.numbers)))
    if result is not None and periods[0]:
        result = _swap_unit(result, periods[0], periods[1])
    if result is not None and swap:
        result = _swap_column(result, swap[0], swap[1], schema)
    return result


def _period_swap(new: set[str], old: set[str], taught_guards: Sequence[str]
                 ) -> tuple[str, str] | None:
    """(taught unit, asked unit), ("", "") when the guards are equal, None when they differ
    otherwise than in one unit, or the taught question names the unit twice."""
    if not new and not old:
        return "", ""
    if len(new) != 1 or len(old) != 1:
        return None
    (a,), (t,) = new, old
    a_per, a_unit = _unit(a)
    t_per, t_unit = _unit(t)
    if not a_unit or not t_unit or a_per != t_per:
        return None
    if sum(_unit(g)[1] == t_unit for g in taught_guards) != 1:
        return None
    return t_unit, a_unit


def _unit(guard: str) -> tuple[bool, str]:
    """(per-unit?, unit) of a period guard ``T:month`` / ``T:per-month``; unit "" otherwise."""
    if not guard.startswith("T:"):
        return False, ""
    word = guard[2:]
    per = word.startswith("per-")
    word = word[4:] if per else word
    return per, word if word in _SIZE and word in UNITS else ""


def _swap_unit(sql: str, old: str, new: str) -> str | None:
    """``sql`` with the unit ``old`` replaced by ``new`` in ``date_trunc``-style constants
    (``'month'``) and in interval constants of ``old``'s family (``'3 months'`` for a quarter)."""
    tokens = _scan(sql)
    if tokens is None:
        return None
    family, size = _SIZE[old]
    edits: list[tuple[int, int, str]] = []
    for t in tokens:
        if t.name != "SCONST":
            continue
        text = sql[t.start:t.end + 1]
        if text.strip("'").strip().lower() == old:
            edits.append((t.start, t.end + 1, f"'{new}'"))
            continue
        m = _INTERVAL.fullmatch(text.lower())
        if m is None or m.group(2) not in _SIZE or _SIZE[m.group(2)][0] != family:
            continue
        base = int(m.group(1)) * _SIZE[m.group(2)][1]
        if base % size:
            return None                   # an interval that is no whole number of periods
        edits.append((t.start, t.end + 1, _interval(base // size, new)))
    if not edits:
        return None
    for start, end, text in sorted(edits, reverse=True):
        sql = sql[:start] + text + sql[end:]
    return sql


def _interval(periods: int, unit: str) -> str:
    if unit == "quarter":                 # PostgreSQL intervals know no quarters
        periods, unit = periods * 3, "month"
    return f"'{periods} {unit}{'s' if periods != 1 else ''}'"


def _swap_column(sql: str, old_word: str, new_word: str, schema: SchemaContext) -> str | None:
    """``sql`` with the one column it reads whose name says ``old_word`` replaced by the one
    column of the same table whose name says ``new_word`` instead, of the same kind of type."""
    tokens = _scan(sql)
    if tokens is None:
        return None
    named = [(t, token_identifier(sql, t)) for t in tokens]
    names = {n for _, n in named if n}
    tables = [t for t in schema.tables if t.name in names]
    olds = [(table, c) for table in tables for c in table.columns
            if c.name in names and old_word in _stems(c.name)]
    if len({c.name for _, c in olds}) != 1 or len(olds) != 1:
        return None
    table, old = olds[0]
    rest = _stems(old.name) - {old_word}
    news = [c for c in table.columns if c.name != old.name and new_word in _stems(c.name)
            and _stems(c.name) - {new_word} == rest and _kind(c) == _kind(old)]
    if len(news) != 1 or news[0].name in names:
        return None
    spelled = quote_ident(news[0].name)
    for t, name in sorted(named, key=lambda x: -x[0].start):
        if name == old.name:
            sql = sql[:t.start] + spelled + sql[t.end + 1:]
    return sql


def _stems(name: str) -> set[str]:
    return {stem(w) for w in identifier_words(name)}


def _kind(column: Column) -> str:
    t = column.type.lower()
    for kind, marks in (("number", ("int", "numeric", "real", "double", "money", "decimal")),
                        ("time", ("date", "time")), ("text", ("char", "text")),
                        ("bool", ("bool",))):
        if any(m in t for m in marks):
            return kind
    return t


def _scan(sql: str) -> list[Any] | None:
    try:
        return list(pglast.parser.scan(sql))
    except ParseError:
        return None
