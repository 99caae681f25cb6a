"""The retail world the generator samples from: schemas, values, dimensions, measures, filters, periods.

SQL follows ``eval/CONVENTIONS.md`` (revenue over completed orders from the order line's price,
sales belong to the store's region, half-open relative date ranges from ``current_date``,
name first then measure). Half the samples use the exact demo schema and values; the rest
rename tables/columns, swap the value sets and add unrelated tables, so the model has to read
the prompt rather than memorise one database. SQL is written with the demo's identifiers and
renamed afterwards (outside string literals).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from training.data.names import demo_customers, demo_names, invented_customers, invented_products
from training.data.schemas import context, table
from ask.translate.prompt import quote_literal as _lit
from ask.schema import SchemaContext, Table
from demo import catalog
REV = "sum(ol.quantity * ol.unit_price * (1 - ol.discount))"

# --- the world: identifiers and values ----------------------------------------------------

DEMO_VALUES: dict[str, tuple[str, ...]] = {
    "region": catalog.REGIONS,
    "category": tuple(c.name for c in catalog.CATEGORIES),
    "segment": ("Consumer", "Corporate", "Small Business"),
    "channel": ("online", "in-store"),
    "status": ("completed", "cancelled", "returned"),
    "city": tuple(dict.fromkeys(s.city for s in catalog.STORES)),
    "store": tuple(s.name for s in catalog.STORES),
    "brand": tuple(dict.fromkeys(b for c in catalog.CATEGORIES for b in c.brands)),
    "product": tuple(p[1] for p in catalog.STAR_PRODUCTS),
}

_REGION_SETS = (
    ("West", "Midwest", "Northeast", "South", "Southwest", "Pacific Northwest"),
    ("DACH", "Nordics", "Benelux", "Iberia", "UK & Ireland", "France", "Italy"),
    ("North India", "South India", "West India", "East India", "Central India"),
    ("Kanto", "Kansai", "Kyushu", "Hokkaido", "Tohoku", "Chubu"),
    ("Northern", "Southern", "Eastern", "Western", "Central", "Coastal"),
    ("APAC", "EMEA", "LATAM", "North America"),
    ("Ontario", "Quebec", "British Columbia", "Alberta", "Prairies", "Atlantic"),
)
_CATEGORY_POOL = (
    "Electronics", "Garden", "Automotive", "Jewelry", "Shoes", "Toys", "Music", "Health", "Beauty",
    "Sporting Goods", "Kitchen", "Outdoor", "Stationery", "Pet Food", "Snacks", "Beverages", "Dairy",
    "Frozen Foods", "Bakery", "Computers", "Phones", "Cameras", "Video Games", "Appliances", "Lighting",
    "Bedding", "Bath", "Luggage", "Watches", "Eyewear", "Crafts", "Party Supplies", "Tools", "Hardware",
)
_SEGMENTS = ("Consumer", "Corporate", "Small Business", "Enterprise", "Government", "Education",
             "Retail", "Wholesale", "VIP", "Home Office")
_CHANNELS = (("online", "in-store"), ("web", "store"), ("online", "in-store", "mobile app"),
             ("web", "mobile", "phone"), ("online", "retail", "marketplace"))
_CITY_POOL = (
    "Boston", "Denver", "Austin", "Seattle", "Chicago", "Portland", "Phoenix", "Atlanta", "Dallas",
    "Berlin", "Munich", "Hamburg", "Vienna", "Zurich", "Oslo", "Stockholm", "Madrid", "Lisbon",
    "Paris", "Lyon", "Milan", "Rome", "Mumbai", "Delhi", "Pune", "Chennai", "Osaka", "Kyoto",
    "Sapporo", "Toronto", "Montreal", "Calgary", "Vancouver", "Leeds", "Manchester", "Dublin",
)
_BRAND_POOL = (
    "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Hooli", "Vandelay", "Zenith",
    "Apex", "Nimbus", "Orion", "Polaris", "Vertex", "Summit", "Evergreen", "Bluebird", "Redwood",
    "Samsung", "Sony", "Philips", "Bosch", "Nike", "Adidas", "Puma", "Canon", "Dell", "HP",
)
_STORE_WORDS = ("Central", "Mall", "Downtown", "Airport", "Station", "Plaza", "North", "Harbour", "Outlet")

_RENAMES: dict[str, tuple[str, ...]] = {
    "orders": ("orders", "sales_orders", "purchases", "transactions"),
    "order_lines": ("order_lines", "order_items", "line_items", "sales_lines"),
    "products": ("products", "items", "skus", "articles"),
    "categories": ("categories", "product_categories", "departments"),
    "customers": ("customers", "clients", "buyers", "accounts"),
    "stores": ("stores", "shops", "branches", "outlets"),
    "regions": ("regions", "sales_regions", "areas", "territories"),
    "ordered_at": ("ordered_at", "order_date", "created_at", "placed_at", "purchased_at"),
    "quantity": ("quantity", "qty", "units"),
    "unit_price": ("unit_price", "price", "list_price"),
    "discount": ("discount", "discount_rate", "discount_pct"),
    "signup_date": ("signup_date", "joined_on", "created_on", "registered_at"),
    "opened_on": ("opened_on", "open_date", "opening_date"),
    "segment": ("segment", "customer_type", "tier"),
    "channel": ("channel", "sales_channel", "source"),
    "status": ("status", "order_status", "state"),
    "brand": ("brand", "manufacturer", "maker"),
}

_NOISE_TABLES = (
    ("employees", "employee_id int pk, name text, store_id int -> stores.store_id, hired_on date, salary num, role text"),
    ("suppliers", "supplier_id int pk, name text, country text, rating num"),
    ("inventory", "store_id int -> stores.store_id, product_id int -> products.product_id, on_hand int, updated_at ts"),
    ("promotions", "promotion_id int pk, name text, starts_on date, ends_on date, discount num"),
    ("payments", "payment_id int pk, order_id int -> orders.order_id, method text, amount num, paid_at tstz"),
    ("shipments", "shipment_id int pk, order_id int -> orders.order_id, carrier text, shipped_at tstz, delivered_at tstz"),
    ("reviews", "review_id int pk, product_id int -> products.product_id, customer_id int -> customers.customer_id, rating int, created_at tstz"),
)


@dataclass
class World:
    values: dict[str, tuple[str, ...]]
    rename: dict[str, str] = field(default_factory=dict)
    noise_tables: tuple[tuple[str, str], ...] = ()
    hidden_values: frozenset[str] = frozenset()   # value lists introspection did not capture
    date_type: str = "tstz"

    def schema(self) -> SchemaContext:
        v = {k: vs for k, vs in self.values.items() if k not in self.hidden_values}
        specs = [
            ("regions", "region_id int pk, name text", {"name": v.get("region", ())}),
            ("stores", "store_id int pk, name text, city text, region_id int -> regions.region_id, opened_on date",
             {"name": v.get("store", ()), "city": v.get("city", ())}),
            ("categories", "category_id int pk, name text", {"name": v.get("category", ())}),
            ("products", "product_id int pk, name text, brand text, category_id int -> categories.category_id, "
                         "unit_price num", {"brand": v.get("brand", ()), "name": v.get("product", ())}),
            ("customers", "customer_id int pk, name text, city text, region_id int -> regions.region_id, "
                          "segment text, signup_date date",
             {"city": v.get("city", ()), "segment": v.get("segment", ()), "name": v.get("customer", ())}),
            ("orders", f"order_id int pk, customer_id int -> customers.customer_id, store_id int -> stores.store_id, "
                       f"ordered_at {self.date_type}, channel text, status text",
             {"channel": v.get("channel", ()), "status": v.get("status", ())}),
            ("order_lines", "order_id int -> orders.order_id, line_no int, product_id int -> products.product_id, "
                            "quantity int, unit_price num, discount num", {}),
        ]
        tables = [self._table(name, spec, vals) for name, spec, vals in specs]
        tables += [self._table(name, spec, {}) for name, spec in self.noise_tables]
        return context(tables, "retail")

    def _table(self, name: str, spec: str, values: dict[str, tuple[str, ...]]) -> Table:
        spec = self.sql(spec).replace(" num", " num").replace("ordered_at", "ordered_at")
        values = {self.rename.get(k, k): vs for k, vs in values.items()}
        t = table(self.rename.get(name, name), spec, values)
        if name == "order_lines":
            t = Table(t.schema, t.name, t.columns, (t.columns[0].name, "line_no"), t.foreign_keys)
        return t

    def sql(self, text: str) -> str:
        if not self.rename:
            return text
        parts = re.split(r"('(?:[^']|'')*')", text)
        for i in range(0, len(parts), 2):
            parts[i] = _IDENT.sub(lambda m: self.rename.get(m.group(0), m.group(0)), parts[i])
        return "".join(parts)


_IDENT = re.compile(r"\b[a-z_]+\b")


def demo_world(rng: random.Random) -> World:
    values = dict(DEMO_VALUES)
    values["product"] = demo_names()[0]
    values["customer"] = demo_customers(rng)
    return World(values)


def invented_world(rng: random.Random) -> World:
    cities = rng.sample(_CITY_POOL, rng.randint(5, 12))
    brands = tuple(rng.sample(_BRAND_POOL, rng.randint(4, 10)))
    values = {
        "region": rng.choice(_REGION_SETS),
        "category": tuple(rng.sample(_CATEGORY_POOL, rng.randint(5, 12))),
        "segment": tuple(rng.sample(_SEGMENTS, rng.randint(2, 4))),
        "channel": rng.choice(_CHANNELS),
        "status": ("completed", "cancelled", "returned"),
        "city": tuple(cities),
        "store": tuple(f"{c} {rng.choice(_STORE_WORDS)}" for c in cities),
        "brand": brands,
        "product": invented_products(rng, brands, rng.randint(8, 30)),
        "customer": invented_customers(rng, tuple(cities), rng.randint(8, 30)),
    }
    rename = {k: rng.choice(opts) for k, opts in _RENAMES.items() if rng.random() < 0.6}
    noise = tuple(rng.sample(_NOISE_TABLES, rng.randint(0, 4)))
    hidden = frozenset(k for k in ("store", "brand", "city") if rng.random() < 0.3)
    hidden |= frozenset(k for k in ("product", "customer") if rng.random() < 0.15)
    return World(values, rename, noise, hidden, rng.choice(("tstz", "ts", "date")))


# --- dimensions, measures, filters, periods -----------------------------------------------

@dataclass(frozen=True)
class Dim:
    expr: str
    needs: tuple[str, ...]
    one: tuple[str, ...]
    many: tuple[str, ...]


DIMS: dict[str, Dim] = {
    "product": Dim("p.name", ("p",), ("product", "item", "SKU"), ("products", "items")),
    "category": Dim("c.name", ("c",), ("category", "product category"), ("categories", "product categories")),
    "brand": Dim("p.brand", ("p",), ("brand",), ("brands",)),
    "region": Dim("r.name", ("r",), ("region",), ("regions",)),
    "store": Dim("s.name", ("s",), ("store", "shop", "branch"), ("stores", "shops", "branches")),
    "city": Dim("s.city", ("s",), ("city",), ("cities",)),
    "channel": Dim("o.channel", (), ("channel", "sales channel"), ("channels", "sales channels")),
    "segment": Dim("cu.segment", ("cu",), ("customer segment", "segment"), ("segments", "customer segments")),
    "customer": Dim("cu.name", ("cu",), ("customer", "client"), ("customers", "clients")),
}
LINE_DIMS = {"product", "category", "brand"}

JOIN_SQL = {
    "o": "JOIN orders o ON o.order_id = ol.order_id",
    "ol": "JOIN order_lines ol ON ol.order_id = o.order_id",
    "p": "JOIN products p ON p.product_id = ol.product_id",
    "c": "JOIN categories c ON c.category_id = p.category_id",
    "s": "JOIN stores s ON s.store_id = o.store_id",
    "r": "JOIN regions r ON r.region_id = s.region_id",
    "cu": "JOIN customers cu ON cu.customer_id = o.customer_id",
}
DEPS = {"o": (), "ol": (), "p": ("ol",), "c": ("p",), "s": ("o",), "r": ("s",), "cu": ("o",)}
JOIN_ORDER = ("o", "ol", "p", "c", "s", "r", "cu")


def from_clause(root: str, needs: set[str]) -> str:
    closed: set[str] = set()
    stack = list(needs) + (["o"] if root == "ol" else [])
    while stack:
        a = stack.pop()
        if a not in closed:
            closed.add(a)
            stack.extend(DEPS[a])
    closed.discard(root)
    head = "FROM order_lines ol" if root == "ol" else "FROM orders o"
    return " ".join([head] + [JOIN_SQL[a] for a in JOIN_ORDER if a in closed])


@dataclass(frozen=True)
class Measure:
    key: str
    expr: str
    alias: str
    root: str
    completed: bool
    phrases: tuple[str, ...]


MEASURES: dict[str, Measure] = {
    "revenue": Measure("revenue", REV, "revenue", "ol", True,
                       ("revenue", "total revenue", "sales", "total sales", "turnover", "GMV", "income",
                        "gross sales", "sales revenue", "net sales", "spend", "total spend")),
    "units": Measure("units", "sum(ol.quantity)", "units_sold", "ol", True,
                     ("units sold", "number of units sold", "total quantity sold", "items sold", "quantity sold",
                      "unit sales")),
    "orders": Measure("orders", "count(*)", "order_count", "o", False,
                      ("number of orders", "order count", "orders", "total orders", "order volume", "# of orders")),
    "customers": Measure("customers", "count(DISTINCT o.customer_id)", "customer_count", "o", False,
                         ("number of customers who ordered", "distinct customers", "unique customers",
                          "active customers")),
    "aov": Measure("aov", f"{REV} / count(DISTINCT o.order_id)", "avg_order_value", "ol", True,
                   ("average order value", "AOV", "avg order value", "average basket", "average basket size")),
}


@dataclass(frozen=True)
class Filter:
    kind: str
    value: str
    sql: str
    needs: tuple[str, ...]
    phrase: str


_FILTER_COL = {"region": ("r.name", ("r",)), "category": ("c.name", ("c",)), "brand": ("p.brand", ("p",)),
               "store": ("s.name", ("s",)), "city": ("s.city", ("s",)), "channel": ("o.channel", ()),
               "segment": ("cu.segment", ("cu",)), "product": ("p.name", ("p",)),
               "customer_city": ("cu.city", ("cu",)), "customer": ("cu.name", ("cu",))}
_FILTER_VALUES = {"customer_city": "city"}

_FILTER_PHRASES = {
    "region": ("in {v}", "for {v}", "in the {v} region", "across {v}", "{v}", "from {v}"),
    "category": ("in {v}", "for {v}", "in the {v} category", "for {v} products", "{v}", "of {v}"),
    "brand": ("for {v}", "for {v} products", "of brand {v}", "{v}", "from {v}"),
    "store": ("at {v}", "at the {v} store", "in store {v}", "for {v}", "at {v} shop"),
    "city": ("in {v}", "in {v} stores", "for {v}", "from {v} stores"),
    "channel": ("{v}", "via {v}", "through the {v} channel", "{v} only", "in the {v} channel"),
    "segment": ("from {v} customers", "for the {v} segment", "{v} customers", "among {v} customers",
                "in the {v} segment"),
    "product": ("for {v}", "of {v}", "for the {v}", "of the {v}"),
    "customer_city": ("from customers in {v}", "by customers from {v}", "from {v} customers",
                      "for customers in {v}", "among customers based in {v}"),
    "customer": ("from {v}", "for {v}", "by {v}", "for customer {v}", "from the customer {v}"),
}
_VALUE_SLANG = {"in-store": ("in-store", "instore", "in store", "offline", "brick and mortar"),
                "online": ("online", "web", "e-commerce"),
                "Small Business": ("Small Business", "small biz", "SMB", "small businesses"),
                "Corporate": ("Corporate", "corporate", "enterprise"),
                "Home & Kitchen": ("Home & Kitchen", "home and kitchen", "home & kitchen"),
                "Beauty & Personal Care": ("Beauty & Personal Care", "beauty and personal care", "beauty")}


def spoken(value: str, rng: random.Random, demo: bool) -> str:
    if demo and value in _VALUE_SLANG and rng.random() < 0.35:
        return rng.choice(_VALUE_SLANG[value])
    return value.lower() if rng.random() < 0.3 else value


def make_filter(kind: str, world: World, rng: random.Random, demo: bool) -> Filter:
    value = rng.choice(world.values[_FILTER_VALUES.get(kind, kind)])
    col, needs = _FILTER_COL[kind]
    lit = _lit(value)
    phrase = rng.choice(_FILTER_PHRASES[kind]).format(v=spoken(value, rng, demo))
    return Filter(kind, value, f"{col} = {lit}", needs, phrase)


@dataclass(frozen=True)
class Period:
    phrase: str
    key: str

    def sql(self, col: str) -> str:
        return period_sql(self.key, col)


def period_sql(key: str, col: str) -> str:
    kind, _, arg = key.partition(":")
    if kind == "today":
        return f"{col} >= current_date"
    if kind == "yesterday":
        return f"{col} >= current_date - 1 AND {col} < current_date"
    if kind == "this":
        return f"{col} >= date_trunc('{arg}', current_date)"
    if kind == "last":
        return _calendar(arg, col, 1)
    if kind == "prev":          # the period before the last one: "the month before (last month)"
        return _calendar(arg, col, 2)
    if kind == "days":
        return f"{col} >= current_date - {arg}"
    if kind == "months":
        return f"{col} >= current_date - interval '{arg} months'"
    if kind == "year":
        return f"{col} >= '{arg}-01-01' AND {col} < '{int(arg) + 1}-01-01'"
    raise ValueError(key)


def _calendar(unit: str, col: str, back: int) -> str:
    """The whole calendar ``unit`` that began ``back`` units before the current one, half-open."""
    def ago(n: int) -> str:
        if n == 0:
            return ""
        if unit == "quarter":                       # PostgreSQL has no quarter interval
            return f" - interval '{3 * n} months'"
        return f" - interval '{n} {unit}{'s' if n > 1 else ''}'"
    base = f"date_trunc('{unit}', current_date)"
    return f"{col} >= {base}{ago(back)} AND {col} < {base}{ago(back - 1)}"


_PERIODS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("today", ("today", "so far today")),
    ("yesterday", ("yesterday",)),
    ("this:week", ("this week", "so far this week", "week to date")),
    ("this:month", ("this month", "so far this month", "month to date", "MTD", "this month so far")),
    ("this:quarter", ("this quarter", "quarter to date", "QTD", "so far this quarter")),
    ("this:year", ("this year", "YTD", "year to date", "so far this year", "this year so far")),
    ("last:week", ("last week", "previous week", "the prior week")),
    ("last:month", ("last month", "previous month", "the prior month", "in the last calendar month")),
    ("last:quarter", ("last quarter", "previous quarter", "the prior quarter")),
    ("last:year", ("last year", "previous year", "the prior year")),
)
_PERIOD_WEIGHTS = (3, 5, 3, 6, 3, 6, 4, 10, 4, 5)


def sample_period(rng: random.Random, allow_none: float = 0.35) -> Period | None:
    r = rng.random()
    if r < allow_none:
        return None
    if r < allow_none + 0.12:
        n = rng.choice((3, 7, 7, 14, 30, 30, 60, 90, 10, 28))
        phrase = rng.choice(("in the past {n} days", "last {n} days", "over the last {n} days",
                             "past {n} days", "in the last {n} days", "for the last {n} days"))
        return Period(phrase.format(n=n), f"days:{n}")
    if r < allow_none + 0.18:
        n = rng.choice((2, 3, 6, 6, 12, 12, 18, 24))
        phrase = rng.choice(("in the past {n} months", "last {n} months", "over the past {n} months",
                             "in the last {n} months", "rolling {n} months"))
        return Period(phrase.format(n=n), f"months:{n}")
    if r < allow_none + 0.2:
        y = rng.choice((2023, 2024, 2025))
        return Period(rng.choice(("in {y}", "for {y}", "during {y}")).format(y=y), f"year:{y}")
    key, phrases = rng.choices(_PERIODS, weights=_PERIOD_WEIGHTS)[0]
    return Period(rng.choice(phrases), key)


_NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 5: "five", 8: "eight", 9: "nine", 10: "ten", 20: "twenty"}


def spoken_number(x: int, rng: random.Random, words: bool = False) -> str:
    """How an analyst types ``x``: 1500000 -> "1.5 million" / "1.5M" / "1,500,000"; 80000 -> "80k"."""
    forms = [str(x)]
    if x >= 1000:
        forms.append(f"{x:,}")
    if x >= 1_000_000:
        m = f"{x / 1_000_000:g}"
        forms += [f"{m} million", f"{m}M", f"{m}m", f"{m} mil"]
    elif x >= 1000:
        k = f"{x / 1000:g}"
        forms += [f"{k}k", f"{k}K", f"{k} thousand"]
    if words and x in _NUMBER_WORDS:
        forms += [_NUMBER_WORDS[x]] * 2
    return rng.choice(forms)


# --- the generator ------------------------------------------------------------------------

@dataclass
class Sample:
    question: str
    sql: str
    schema: SchemaContext
    category: str
