"""Seeded building blocks for the unseen schemas' data: names, days before the load day, money.

Each schema draws from its own ``random.Random`` (stdlib, whose streams are stable across
Python versions) seeded by the schema's key, never by the day. Dates are written as a number
of days before the load day, so every day's data is the previous day's shifted by one day:
rolling-window answers ("past 90 days", "age") never change and only calendar-bound ones
("last month", "last year") move with the day, which ``check --days`` looks ahead at.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

SEED = 20261207
T = TypeVar("T")
Row = tuple[Any, ...]          # one table row, in DDL column order

FIRST_NAMES = (
    "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "Lucas",
    "Mia", "Logan", "Amelia", "James", "Harper", "Benjamin", "Evelyn", "Elijah", "Abigail",
    "Henry", "Emily", "Alexander", "Ella", "Daniel", "Grace", "Samuel", "Chloe", "Owen",
    "Priya", "Arjun", "Mei", "Wei", "Fatima", "Omar", "Yusuf", "Aisha", "Mateo", "Sofia",
    "Diego", "Lucia", "Kofi", "Amara", "Hiroshi", "Yuki", "Nikolai", "Anya", "Sean", "Niamh",
    "Tomasz", "Katarzyna", "Rosa", "Andre", "Leila", "Ravi", "Ingrid", "Lars", "Chiara", "Marco",
    "Zoe", "Caleb", "Hannah", "Isaac", "Naomi", "Felix", "Clara", "Jonah", "Ruth", "Victor",
)
LAST_NAMES = (
    "Anderson", "Brooks", "Carter", "Dawson", "Ellis", "Fischer", "Garcia", "Hughes", "Iqbal",
    "Jensen", "Khan", "Lopez", "Mitchell", "Nguyen", "Oduya", "Perez", "Quinn", "Reyes",
    "Schmidt", "Thompson", "Usman", "Vargas", "Walsh", "Xu", "Young", "Zimmerman", "Bennett",
    "Chen", "Diaz", "Evans", "Foster", "Gupta", "Hall", "Ito", "Jimenez", "Kim", "Larsen",
    "Murphy", "Nakamura", "O'Brien", "Patel", "Rossi", "Santos", "Tanaka", "Novak", "Weber",
    "Yilmaz", "Bianchi", "Costa", "Dubois", "Eriksen", "Ferreira", "Greene", "Hoffmann",
    "Ivanova", "Johansson", "Kowalczyk", "Lindqvist", "Moreau", "Nilsen", "Okoro", "Petrov",
    "Ramirez", "Sullivan", "Turner", "Vasquez", "Ward", "Castillo", "Morgan", "Price",
)


def rng_for(key: str) -> random.Random:
    return random.Random(f"{SEED}:{key}")


def pick(rng: random.Random, values: Sequence[T], weights: Sequence[float] | None = None) -> T:
    return rng.choices(values, weights)[0]


def money(amount: float | Decimal) -> Decimal:
    return Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def days_before(today: date, days: int) -> date:
    return today - timedelta(days=days)


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def person(rng: random.Random, taken: set[tuple[str, str]] | None = None) -> tuple[str, str]:
    """A first and last name; never one in ``taken`` (the named entities questions mention)."""
    while True:
        name = (rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES))
        if taken is None or name not in taken:
            return name


def email(first: str, last: str, domain: str, serial: int) -> str:
    local = f"{first}.{last}".lower().replace("'", "")
    return f"{local}{serial}@{domain}"
