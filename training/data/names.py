"""Product and customer names for the retail generator: the demo's own and invented ones.

High-cardinality name columns (``products.name``, ``customers.name``) are linked at run time
by the proxy's value probe, so questions that name one ("what did Acme Corp buy this year")
get a ``values:`` line like low-cardinality values do. The generator needs the same names to
render such questions: for the demo world the exact names the demo database holds (the same
deterministic stream :mod:`demo.datagen` uses), for invented worlds plausible others.
"""

from __future__ import annotations

import functools
import random
from datetime import date

from demo import catalog, datagen

_FIRST = ("James", "Mary", "Robert", "Linda", "Michael", "Sarah", "David", "Emma", "Lukas", "Sofia",
          "Hans", "Anna", "Pierre", "Julie", "Marco", "Giulia", "Raj", "Priya", "Kenji", "Yuki",
          "Olivia", "Noah", "Liam", "Mia", "Ethan", "Chloe", "Lars", "Ingrid", "Diego", "Lucia")
_LAST = ("Smith", "Johnson", "Brown", "Miller", "Garcia", "Martin", "Muller", "Schmidt", "Dubois",
         "Rossi", "Bianchi", "Sharma", "Patel", "Tanaka", "Sato", "Wilson", "Taylor", "Anderson",
         "Nielsen", "Larsen", "Lopez", "Fernandez", "Novak", "Kowalski", "Murphy", "O'Brien")
_CO_WORDS = ("Acme", "Blue Ridge", "Northwind", "Contoso", "Summit", "Pioneer", "Silverline", "Oakwood",
             "Brightside", "Redstone", "Harbor", "Evergreen", "Keystone", "Lakeside", "Meridian")
_CO_KINDS = ("Inc.", "LLC", "GmbH", "Ltd.", "Corp", "Group", "Holdings", "& Co.", "Partners", "AG",
             "Consulting", "Logistics", "Foods", "Hotels")
_ITEMS = ("Phone", "Tablet", "Laptop", "Headphones", "Speaker", "Watch", "Camera", "Kettle", "Blender",
          "Jacket", "Sneakers", "Backpack", "Desk Lamp", "Chair", "Mattress", "Coffee Maker", "Drill",
          "Vacuum", "Monitor", "Router", "Toaster", "Tent", "Bike", "Stroller")
_SUFFIXES = ("", "", " Pro", " Max", " Lite", " 2", " X", " Plus", " Mini", " 300", " S")


@functools.lru_cache(maxsize=1)
def demo_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(product names, customer names) exactly as the demo database stores them."""
    static = random.Random(f"{datagen.DEFAULT_SEED}:static")
    today = date(2025, 1, 1)                  # names do not depend on the day
    datagen._stores(static, today)             # keep the stream aligned with datagen.generate
    product_rows, _ = datagen._products(static)
    customers = datagen._customer_base(static, today)
    return tuple(str(r[1]) for r in product_rows), tuple(str(r[1]) for r in customers)


def demo_customers(rng: random.Random) -> tuple[str, ...]:
    """One of a few fixed samples of demo customer names (fixed, so value-linking indexes are reused)."""
    return rng.choice(_demo_customer_sets())


@functools.lru_cache(maxsize=1)
def _demo_customer_sets(n_sets: int = 16, k: int = 60) -> tuple[tuple[str, ...], ...]:
    """Companies and shops over-represented: they are the customers analysts ask about by name."""
    names = demo_names()[1]
    business = [n for n in names if n.endswith((".", "Group")) or "(" in n]
    rng = random.Random(0)
    return tuple(tuple(dict.fromkeys(rng.sample(business, k // 2) + rng.sample(names, k - k // 2)))
                 for _ in range(n_sets))


def invented_products(rng: random.Random, brands: tuple[str, ...], k: int) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f"{rng.choice(brands)} {rng.choice(_ITEMS)}{rng.choice(_SUFFIXES)}"
                               for _ in range(k)))


def invented_customers(rng: random.Random, cities: tuple[str, ...], k: int) -> tuple[str, ...]:
    out = []
    for _ in range(k):
        r = rng.random()
        if r < 0.4:
            out.append(f"{rng.choice(_FIRST)} {rng.choice(_LAST)}")
        elif r < 0.8:
            out.append(f"{rng.choice(_CO_WORDS)} {rng.choice(_CO_KINDS)}")
        else:
            out.append(f"{rng.choice(cities)} {rng.choice(catalog.COMPANY_WORDS)} {rng.choice(catalog.COMPANY_KINDS)}")
    return tuple(dict.fromkeys(out))
