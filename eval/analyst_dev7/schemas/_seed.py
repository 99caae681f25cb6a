"""Small seeded-data helpers shared by this set's two schemas (own copy: nothing from eval/unseen)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

Row = tuple[Any, ...]
T = TypeVar("T")

FIRST = ("Aaron", "Bea", "Cal", "Dana", "Eli", "Fiona", "Gus", "Hollie", "Ivan", "Jess", "Kurt", "Lena", "Mick",
         "Nora", "Owen", "Pia", "Quinn", "Rosa", "Sam", "Tess", "Uma", "Vic", "Wade", "Xena", "Yuri", "Zara",
         "Brodie", "Carmen", "Declan", "Elise", "Finn", "Greta", "Hamish", "Isla", "Jonah", "Kira", "Liam", "Maeve")
LAST = ("Abbott", "Baker", "Castillo", "Doyle", "Evans", "Fraser", "Gallo", "Hughes", "Ito", "Jensen", "Kaur",
        "Lindqvist", "McRae", "Novak", "O'Brien", "Petrov", "Quigley", "Rossi", "Schultz", "Tan", "Underwood",
        "Varga", "Whitaker", "Xu", "Young", "Zimmer", "Brennan", "Costa", "Duval", "Egan", "Farrell", "Grady")


def rng_for(name: str) -> random.Random:
    return random.Random(name)


def days_before(today: date, n: int) -> date:
    return today - timedelta(days=n)


def moment(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute))


def money(x: float | Decimal) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def person(rng: random.Random, taken: set[tuple[str, str]]) -> tuple[str, str]:
    while True:
        who = (rng.choice(FIRST), rng.choice(LAST))
        if who not in taken:
            return who


def pick(rng: random.Random, items: Sequence[T], weights: Sequence[float] | None) -> T:
    return rng.choices(list(items), weights)[0]
