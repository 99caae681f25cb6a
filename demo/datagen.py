"""Deterministic data for the demo retail-analytics database, relative to a given day.

Everything is drawn from one seeded :class:`random.Random` (stdlib, whose streams are stable
across Python versions), so the same ``(today, seed)`` always gives the same rows. Orders span
the 24 calendar months before ``today``'s month plus the current month up to yesterday, so
relative questions ("last month", "this year", "past 7 days") always have data. The skews
(East China largest, one hero product per region, Northwest China returns most often,
11.11 and 618 peaks) exist so that analyst questions have clear, single answers.

Timestamps are generated between 09:00 and 21:00 China time and written with an explicit
``+08`` offset, so an order's calendar date is the same in UTC and in Asia/Shanghai.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from demo import catalog

DEFAULT_SEED = 20240611
GENERATOR_VERSION = 1          # bump when the generated data changes shape
TARGET_ORDER_LINES = 100_000
CUSTOMER_COUNT = 5_000
PRODUCTS_PER_CATEGORY = 25
LINES_PER_ORDER = (1, 2, 3, 4, 5)
LINES_PER_ORDER_WEIGHT = (0.36, 0.30, 0.18, 0.10, 0.06)
DISCOUNTS = (Decimal("0.05"), Decimal("0.10"), Decimal("0.15"), Decimal("0.20"), Decimal("0.30"))

Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class DemoData:
    """Rows for every demo table, in ``schema.sql`` column order."""

    today: date
    regions: tuple[Row, ...]
    stores: tuple[Row, ...]
    categories: tuple[Row, ...]
    products: tuple[Row, ...]
    customers: tuple[Row, ...]
    orders: tuple[Row, ...]
    order_lines: tuple[Row, ...]

    def tables(self) -> dict[str, tuple[Row, ...]]:
        """Table name → rows, in foreign-key order (safe to load front to back)."""
        return {
            "regions": self.regions, "stores": self.stores, "categories": self.categories,
            "products": self.products, "customers": self.customers, "orders": self.orders,
            "order_lines": self.order_lines,
        }


@dataclass(frozen=True, slots=True)
class _Product:
    product_id: int
    name: str
    category: catalog.CategorySpec
    price: Decimal


def months_before(day: date, months: int) -> date:
    """The first day of the month ``months`` calendar months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def generate(today: date, seed: int = DEFAULT_SEED) -> DemoData:
    """Generate the whole demo database for ``today`` (orders end yesterday)."""
    # Names, prices and tastes come from a stream that ignores ``today``, so the products and
    # customers a question names exist on every day; only dates and orders depend on the day.
    static = random.Random(f"{seed}:static")
    daily = random.Random(f"{seed}:{today.isoformat()}")
    regions = tuple((i + 1, name) for i, name in enumerate(catalog.REGIONS))
    stores = _stores(static, today)
    categories = tuple((i + 1, c.name) for i, c in enumerate(catalog.CATEGORIES))
    product_rows, products = _products(static)
    customer_rows = _customer_base(static, today)
    affinity = _region_affinity(static, products)
    orders, lines = _OrderBook(daily, today, stores, products, customer_rows, affinity).generate()
    customers = tuple(tuple(row[:6]) for row in customer_rows)
    return DemoData(today, regions, stores, categories, product_rows, customers, orders, lines)


def _region_id(name: str) -> int:
    return catalog.REGIONS.index(name) + 1


def _stores(rng: random.Random, today: date) -> tuple[Row, ...]:
    rows = []
    for i, spec in enumerate(catalog.STORES):
        opened = months_before(today, spec.opened_months_ago) + timedelta(days=rng.randrange(28))
        rows.append((i + 1, spec.name, spec.city, _region_id(spec.region), opened))
    return tuple(rows)


def _list_price(rng: random.Random, typical: float, suffix: str) -> Decimal:
    factor = {" Pro": 1.35, " Max": 1.5, " Plus": 1.15, " Lite": 0.7, " Mini": 0.8}.get(suffix, 1.0)
    price = typical * factor * math.exp(rng.gauss(0, 0.18))
    if price >= 100:
        return Decimal(int(round(price / 10)) * 10 - 1)          # 3999, 459, 129
    return Decimal(str(round(max(price, 5.0)))) - Decimal("0.10")  # 28.90


def _products(rng: random.Random) -> tuple[tuple[Row, ...], list[_Product]]:
    rows: list[Row] = []
    products: list[_Product] = []
    for cat_index, cat in enumerate(catalog.CATEGORIES):
        names: set[str] = set()
        combos = list(itertools.product(cat.brands, cat.items, catalog.MODEL_SUFFIXES))
        rng.shuffle(combos)
        for star in catalog.STAR_PRODUCTS:
            if star[3] == cat.name:
                names.add(star[1])
                rows.append((0, star[1], star[2], cat_index + 1, Decimal(f"{star[4]:.2f}")))
        for brand, (item, typical), suffix in combos:
            if len(names) >= PRODUCTS_PER_CATEGORY:
                break
            name = f"{brand} {item}{suffix}"
            if name not in names:
                names.add(name)
                rows.append((0, name, brand, cat_index + 1, _list_price(rng, typical, suffix)))
    rows = [(i + 1, *row[1:]) for i, row in enumerate(rows)]
    for row in rows:
        cat = catalog.CATEGORIES[int(row[3]) - 1]  # type: ignore[call-overload]
        products.append(_Product(int(row[0]), str(row[1]), cat, row[4]))  # type: ignore[call-overload,arg-type]
    return tuple(rows), products


def _person_name(rng: random.Random) -> str:
    given = rng.choice(catalog.GIVEN_SYLLABLES)
    if rng.random() < 0.6:
        given += rng.choice(catalog.GIVEN_SYLLABLES).lower()
    return f"{rng.choice(catalog.SURNAMES)} {given}"


def _customer_name(rng: random.Random, segment: str, city: str) -> str:
    if segment == "Corporate":
        return f"{city} {rng.choice(catalog.COMPANY_WORDS)} {rng.choice(catalog.COMPANY_KINDS)}"
    if segment == "Small Business":
        return f"{rng.choice(catalog.SURNAMES)}'s {rng.choice(catalog.SHOP_KINDS)} ({city})"
    return _person_name(rng)


def _signup_date(rng: random.Random, today: date) -> date:
    """A third signed up before the order window, the rest steadily through it."""
    if rng.random() < 0.35:
        return today - timedelta(days=rng.randint(731, 1095))
    return today - timedelta(days=rng.randint(1, 730))


def _customer_base(rng: random.Random, today: date) -> list[list[object]]:
    """Customers: [id, name, city, region_id, segment, signup_date, activity]."""
    cities = [(s.city, s.region) for s in catalog.STORES]
    city_weights = [catalog.REGION_WEIGHT[s.region] * s.weight for s in catalog.STORES]
    seen: set[str] = set()
    rows: list[list[object]] = []
    while len(rows) < CUSTOMER_COUNT:
        city, region = rng.choices(cities, city_weights)[0]
        segment = rng.choices(("Consumer", "Small Business", "Corporate"), (0.75, 0.15, 0.10))[0]
        name = _customer_name(rng, segment, city)
        if name in seen:
            continue
        seen.add(name)
        activity = min(rng.paretovariate(2.0), 6.0) * (3.0 if segment == "Corporate" else 1.0)
        signup = _signup_date(rng, today)
        rows.append([len(rows) + 1, name, city, _region_id(region), segment, signup, activity])
    return rows


def _region_affinity(rng: random.Random, products: list[_Product]) -> dict[tuple[int, int], float]:
    """Per (region, product) taste factor; each region's star product towers over the rest."""
    stars = {(_region_id(s[0]), s[1]) for s in catalog.STAR_PRODUCTS}
    affinity = {}
    for region_id in range(1, len(catalog.REGIONS) + 1):
        for p in products:
            star = (region_id, p.name) in stars
            affinity[(region_id, p.product_id)] = 10.0 if star else math.exp(rng.gauss(0, 0.35))
    return affinity


@dataclass(frozen=True, slots=True)
class _CustomerPool:
    """Customers sorted by signup date, with cumulative activity weights for bisecting."""

    ids: list[int]
    signups: list[date]
    cumulative: list[float]


class _OrderBook:
    """Draws orders and their lines day by day. A class only to share the precomputed tables."""

    def __init__(self, rng: random.Random, today: date, stores: tuple[Row, ...],
                 products: list[_Product], customers: list[list[object]],
                 affinity: dict[tuple[int, int], float]) -> None:
        self.rng = rng
        self.today = today
        self.start = months_before(today, 24)
        self.stores = stores
        self.products = products
        self.store_specs = catalog.STORES
        self.customers_by_region = self._customers_by_region(customers)
        self.all_customers = self._by_signup(customers)
        self.affinity = affinity
        self.product_tables: dict[tuple[int, int], list[float]] = {}

    @staticmethod
    def _by_signup(customers: list[list[object]]) -> "_CustomerPool":
        ordered = sorted(customers, key=lambda c: (c[5], c[0]))  # type: ignore[return-value]
        return _CustomerPool(
            ids=[int(c[0]) for c in ordered],  # type: ignore[call-overload]
            signups=[c[5] for c in ordered],  # type: ignore[misc]
            cumulative=list(itertools.accumulate(float(c[6]) for c in ordered)))  # type: ignore[arg-type]

    def _customers_by_region(self, customers: list[list[object]]) -> dict[int, "_CustomerPool"]:
        by_region: dict[int, list[list[object]]] = {}
        for c in customers:
            by_region.setdefault(int(c[3]), []).append(c)  # type: ignore[call-overload]
        return {r: self._by_signup(members) for r, members in by_region.items()}

    def _product_table(self, region_id: int, month: int) -> list[float]:
        key = (region_id, month)
        if key not in self.product_tables:
            weights = []
            for rank, p in enumerate(self.products):
                w = p.category.weight * (200.0 / float(p.price)) ** 0.45
                w *= 1.0 / (1 + (rank % PRODUCTS_PER_CATEGORY)) ** 0.6
                w *= 1.6 if month in p.category.peak_months else 1.0
                weights.append(w * self.affinity[(region_id, p.product_id)])
            self.product_tables[key] = list(itertools.accumulate(weights))
        return self.product_tables[key]

    def _day_weight(self, day: date) -> float:
        season = {1: 0.95, 2: 0.75, 3: 0.95, 4: 0.95, 5: 1.0, 6: 1.25, 7: 0.95, 8: 0.95,
                  9: 1.0, 10: 1.1, 11: 1.45, 12: 1.2}[day.month]
        trend = 1.0 + 0.25 * (day - self.start).days / 760
        weekend = 1.25 if day.weekday() >= 5 else 1.0
        festival = 3.0 if (day.month, day.day) == (11, 11) else 2.0 if (day.month, day.day) == (6, 18) else 1.0
        return season * trend * weekend * festival

    def generate(self) -> tuple[tuple[Row, ...], tuple[Row, ...]]:
        days = [self.start + timedelta(days=i) for i in range((self.today - self.start).days)]
        weights = [self._day_weight(d) for d in days]
        mean_lines = sum(n * w for n, w in zip(LINES_PER_ORDER, LINES_PER_ORDER_WEIGHT))
        per_weight = TARGET_ORDER_LINES / mean_lines / sum(weights)
        orders: list[Row] = []
        lines: list[Row] = []
        for day, weight in zip(days, weights):
            expected = weight * per_weight
            for _ in range(int(expected + self.rng.random())):
                self._order(day, len(orders) + 1, orders, lines)
        return tuple(orders), tuple(lines)

    def _pick_store(self, day: date) -> tuple[int, int]:
        while True:
            region = self.rng.choices(catalog.REGIONS, [catalog.REGION_WEIGHT[r] for r in catalog.REGIONS])[0]
            candidates = [(i, s) for i, s in enumerate(self.store_specs)
                          if s.region == region and self.stores[i][4] <= day]  # type: ignore[operator]
            if candidates:
                i, _ = self.rng.choices(candidates, [s.weight for _, s in candidates])[0]
                return i + 1, _region_id(region)

    def _pick_customer(self, region_id: int, day: date) -> int:
        """Mostly a local customer; only customers who had signed up by ``day``."""
        pool = self.all_customers if self.rng.random() < 0.1 else self.customers_by_region[region_id]
        eligible = bisect.bisect_right(pool.signups, day)
        if eligible == 0:
            pool, eligible = self.all_customers, bisect.bisect_right(self.all_customers.signups, day)
        total = pool.cumulative[eligible - 1]
        return pool.ids[bisect.bisect(pool.cumulative, self.rng.random() * total, hi=eligible - 1)]

    def _status(self, region_id: int, online: bool) -> str:
        returned = catalog.REGION_RETURN_RATE[catalog.REGIONS[region_id - 1]] * (1.4 if online else 0.7)
        cancelled = 0.09 if online else 0.03
        x = self.rng.random()
        return "returned" if x < returned else "cancelled" if x < returned + cancelled else "completed"

    def _order(self, day: date, order_id: int, orders: list[Row], lines: list[Row]) -> None:
        rng = self.rng
        store_id, region_id = self._pick_store(day)
        progress = (day - self.start).days / 760
        online = rng.random() < 0.35 + 0.15 * progress
        customer_id = self._pick_customer(region_id, day)
        seconds = rng.randrange(9 * 3600, 21 * 3600)
        ordered_at = f"{day.isoformat()} {seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}+08"
        channel = "online" if online else "in-store"
        orders.append((order_id, customer_id, store_id, ordered_at, channel, self._status(region_id, online)))
        self._lines(day, order_id, region_id, lines)

    def _lines(self, day: date, order_id: int, region_id: int, lines: list[Row]) -> None:
        rng = self.rng
        count = rng.choices(LINES_PER_ORDER, LINES_PER_ORDER_WEIGHT)[0]
        cum = self._product_table(region_id, day.month)
        promo = (day.month == 11 and day.day <= 11) or (day.month == 6 and day.day <= 18)
        chosen: list[_Product] = []
        while len(chosen) < count:
            p = self.products[bisect.bisect(cum, rng.random() * cum[-1])]
            if p not in chosen:
                chosen.append(p)
        for line_no, p in enumerate(chosen, start=1):
            if p.category.bulk:
                quantity = rng.randint(1, 6)
            else:
                quantity = rng.choices((1, 2, 3), (0.85, 0.12, 0.03))[0]
            discount = rng.choice(DISCOUNTS) if rng.random() < (0.6 if promo else 0.25) else Decimal("0.00")
            lines.append((order_id, line_no, p.product_id, quantity, p.price, discount))
