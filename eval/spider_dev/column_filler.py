"""Values for one column: its name's rule, its gold literals, distinct when it is a key.

When gold SQL compares the column with literals: a categorical column (a small pool, such as
``continent``) takes its ``=`` literals in about half of its rows, any other column (names,
titles) holds each literal once or twice; about a third of the rows match its ``LIKE``
patterns; numbers and dates compared with ``<``/``>`` spread on both sides of the literal.
A literal compared with a referencing column is also required in the referenced column, so
the foreign key holds (``required_literals``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from eval.spider_dev.column_types import PgType
from eval.spider_dev.column_usage import ColumnRef, ColumnUsage
from eval.spider_dev.table_plan import DatabasePlan
from eval.spider_dev.value_rules import ColumnContext, Value, coerce, rule_for

LITERAL_SHARE = 0.5
PATTERN_SHARE = 0.3
RANGE_SHARE = 0.5
PATTERN_ATTEMPTS = 40


@dataclass(slots=True)
class ColumnLiterals:
    equal: list[Value] = field(default_factory=list)
    ranges: list[Value] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)


def _coerced(values: Sequence[object], pg_type: PgType) -> list[Value]:
    """Distinct typed values; of strings that differ only in case, the most used spelling
    (``'asia'`` in one question and ``'Asia'`` in ten: the data holds ``Asia``)."""
    counts: dict[Value, int] = {}
    for value in values:
        fitted = coerce(value, pg_type)  # type: ignore[arg-type]
        if fitted is not None:
            counts[fitted] = counts.get(fitted, 0) + 1
    spelling: dict[object, Value] = {}
    for value, n in counts.items():
        key = value.casefold() if isinstance(value, str) else value
        best = spelling.get(key)
        if best is None or (n, str(value) != str(value).lower()) > (counts[best], str(best) != str(best).lower()):
            spelling[key] = value
    return list(spelling.values())


def required_literals(plan: DatabasePlan, usage: Mapping[ColumnRef, ColumnUsage]) -> dict[ColumnRef, ColumnLiterals]:
    """Each column's literals, typed; a referencing column's ``=`` literals go up the chain."""
    literals: dict[ColumnRef, ColumnLiterals] = {}
    for table in plan.tables:
        for name, pg_type in table.columns:
            u = usage.get((table.name, name))
            if u is None:
                continue
            patterns = u.like_patterns if pg_type is PgType.TEXT else []
            literals[(table.name, name)] = ColumnLiterals(
                _coerced(u.equal_values, pg_type), _coerced(u.range_values, pg_type), list(patterns))
    for table in reversed(plan.tables):           # children before their parents
        for ref in table.references:
            child = literals.get((table.name, ref.column))
            if child is None or not child.equal:
                continue
            parent = literals.setdefault((ref.ref_table, ref.ref_column), ColumnLiterals())
            pg_type = plan.table(ref.ref_table).type_of(ref.ref_column)
            parent.equal += [v for v in _coerced(child.equal, pg_type) if v not in parent.equal]
    return literals


def fill_pattern(pattern: str, rng: random.Random, base: str) -> str:
    """A value that matches a LIKE pattern: each ``%`` becomes a word of ``base``, ``_`` a vowel."""
    words = base.split() or ["x"]
    pieces: list[str] = []
    for i, part in enumerate(pattern.split("%")):
        if i > 0:
            pieces.append(rng.choice(words))
        pieces.append(part.replace("_", rng.choice("aeiou")))
    return " ".join(p.strip() for p in pieces if p.strip())


def _spread(rng: random.Random, ranges: list[Value], pg_type: PgType) -> Value | None:
    """A value near the range literals, on either side of them."""
    anchor = rng.choice(ranges)
    if isinstance(anchor, (dt.date, dt.datetime)):
        return anchor + dt.timedelta(days=rng.randint(-730, 730))
    if isinstance(anchor, (int, Decimal, float)):
        number = float(anchor)
        width = 25 if 1000 < number < 2100 and number == int(number) else max(abs(number) * 0.4, 2)
        return coerce(rng.uniform(number - width, number + width), pg_type)
    return None


class ColumnFiller:
    """Values for one non-key column, following its rule and its literals."""

    def __init__(self, ctx: ColumnContext, literals: ColumnLiterals | None, rng: random.Random) -> None:
        self.ctx, self.rng = ctx, rng
        self.rule = rule_for(ctx)
        self.literals = literals or ColumnLiterals()
        self.categorical = self.rule.categorical and not _names_its_table(ctx)
        self.pool = self._pool() if self.categorical else None

    def draw(self) -> Value:
        value = coerce(self.rule.maker(self.rng, self.ctx), self.ctx.pg_type)
        return value if value is not None else coerce(self.rng.randint(1, 100), self.ctx.pg_type) or 0

    def _pool(self) -> list[Value]:
        pool: list[Value] = []
        for _ in range(self.rule.pool * 4):
            value = self.draw()
            if value not in pool:
                pool.append(value)
            if len(pool) == self.rule.pool:
                break
        return pool

    def base(self) -> Value:
        if self.pool:
            weights = [1.0 / (i + 1) for i in range(len(self.pool))]
            return self.rng.choices(self.pool, weights)[0]
        return self.draw()

    def values(self, count: int) -> list[Value]:
        """``count`` values. A categorical column takes its ``=`` literals in about half of
        its rows; any other column (names, titles) holds each literal once or twice."""
        values = [self.value() for _ in range(count)]
        if not self.categorical and self.literals.equal and count:
            slots = self.rng.sample(range(count), min(count, 2 * len(self.literals.equal)))
            for i, slot in enumerate(slots):
                values[slot] = self.literals.equal[i % len(self.literals.equal)]
        return values

    def value(self) -> Value:
        lit, roll = self.literals, self.rng.random()
        if lit.equal and self.categorical and roll < LITERAL_SHARE:
            return self.rng.choice(lit.equal)
        if lit.patterns and roll < LITERAL_SHARE + PATTERN_SHARE:
            return self.matching(self.rng.choice(lit.patterns))
        if lit.ranges and self.rng.random() < RANGE_SHARE:
            spread = _spread(self.rng, lit.ranges, self.ctx.pg_type)
            if spread is not None:
                return spread
        return self.base()

    def matching(self, pattern: str) -> Value:
        """A value of the column's own kind that matches ``pattern`` when one comes up within a
        few draws ('%al%' finds 'Walker'), else a drawn value with the pattern's text in it."""
        for _ in range(PATTERN_ATTEMPTS):
            value = self.draw()
            if isinstance(value, str) and _matches_any(value, [pattern]):
                return value
        return fill_pattern(pattern, self.rng, str(self.base()))

    def is_hot(self, value: Value) -> bool:
        """The value is a rare literal: one of a non-categorical column, or a LIKE match."""
        if not self.categorical and value in self.literals.equal:
            return True
        return isinstance(value, str) and bool(self.literals.patterns) and _matches_any(value, self.literals.patterns)


def _names_its_table(ctx: ColumnContext) -> bool:
    """``airlines.airline``, ``orchestra.orchestra``: the entity's own name, not a category."""
    singular = ctx.table[:-1] if ctx.table.endswith("s") else ctx.table
    return ctx.name in (ctx.table, singular, f"{singular}_name", f"{ctx.table}_name")


def _matches_any(value: str, patterns: list[str]) -> bool:
    lowered = value.lower()
    return any(all(part.lower() in lowered for part in p.split("%") if part) for p in patterns)


def _id_like(name: str) -> bool:
    return name.endswith("id") or "id" in name.split("_")


def unique_values(filler: ColumnFiller, count: int, required: Sequence[Value]) -> list[Value]:
    """``count`` distinct values: the required literals first, then drawn from the column's
    rule; identifiers, and numbers whose rule runs out of values, count up instead."""
    values: list[Value] = list(dict.fromkeys(required))
    seen = set(values)
    pg_type, attempts = filler.ctx.pg_type, 0
    counting = pg_type.is_number and _id_like(filler.ctx.name)
    while len(values) < count:
        attempts += 1
        if counting or (pg_type.is_number and attempts > count * 20):
            top = max((v for v in seen if isinstance(v, (int, Decimal))), default=0)
            value = coerce(next(n for n in range(1, count * 4 + int(top) + 2)
                                if coerce(n, pg_type) not in seen), pg_type)
        elif attempts > count * 20 and pg_type is PgType.TEXT:
            value = coerce(f"{filler.draw()} {attempts}", pg_type)
        elif attempts > count * 20:
            raise ValueError(f"{filler.ctx.qualified}: cannot draw {count} distinct {pg_type.value} values")
        else:
            value = filler.draw()
        if value is not None and value not in seen:
            values.append(value)
            seen.add(value)
    return values


