"""Small deterministic helpers for seeded rows, shared by the development sets analyst_dev8, 9 and 10."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Sequence, TypeVar

Row = tuple[Any, ...]
T = TypeVar("T")

FIRST = ("James", "Maria", "Robert", "Linda", "Michael", "Patricia", "David", "Jennifer", "Daniel", "Susan",
         "Kevin", "Karen", "Brian", "Nancy", "Jason", "Lisa", "Ryan", "Betty", "Eric", "Sandra", "Tyler", "Ashley",
         "Aaron", "Megan", "Carlos", "Priya", "Wei", "Fatima", "Ivan", "Yuki", "Kofi", "Ingrid", "Mateo", "Leila",
         "Samuel", "Chloe", "Noah", "Zara", "Owen", "Elena")
LAST = ("Smith", "Johnson", "Brown", "Garcia", "Miller", "Davis", "Wilson", "Anderson", "Thomas", "Moore",
        "Jackson", "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Young", "Allen",
        "King", "Wright", "Scott", "Nguyen", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell",
        "Patel", "Okafor", "Novak", "Schmidt", "Rossi", "Kim", "Silva", "Murphy")


def rng_for(key: str) -> random.Random:
    return random.Random(key)


def days_before(today: date, days: int) -> date:
    return today - timedelta(days=days)


def money(x: float | Decimal) -> Decimal:
    return Decimal(str(x)).quantize(Decimal("0.01"))


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute)


def pick(rng: random.Random, items: Sequence[T], weights: Sequence[float]) -> T:
    return rng.choices(list(items), list(weights))[0]


def person(rng: random.Random, taken: set[tuple[str, str]]) -> tuple[str, str]:
    while True:
        name = (rng.choice(FIRST), rng.choice(LAST))
        if name not in taken:
            return name
