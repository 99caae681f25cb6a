"""Entity-level retail questions: counting, breaking down and ranking rows of every table, line
statistics, and comparisons of two periods or two values.

Every template here takes its entity and its dimension from the same pools, so each phrasing is
seen with every noun ("how many {customers | stores | products | orders} do we have", "{E} per
{D}"). The model then has to read which noun the question names instead of learning one SQL per
template: the failure this module exists for ("how many customers do we have" answered with a
count of stores because only stores were ever asked that way).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Protocol

from training.data.retail_world import (
    DIMS, MEASURES, REV, Filter, World, from_clause, make_filter, period_sql, sample_period, spoken,
    spoken_number,
)
from ask.translate.prompt import quote_literal as _lit

Shape = tuple[str, str, tuple[str, ...]]


class ShapeTemplate(Protocol):
    """A template of this module: ``rng`` is passed by name (:class:`~training.data.retail.RetailGenerator`
    binds it with ``partial``), ``__name__`` names the shape in the mix."""
    __name__: str

    def __call__(self, world: World, demo: bool, rng: random.Random) -> Shape: ...

# --- what can be counted ------------------------------------------------------------------


@dataclass(frozen=True)
class Entity:
    key: str
    head: str                          # FROM clause with the entity's own alias
    count: str                         # count expression
    alias: str
    many: tuple[str, ...]              # how the question names the rows
    filters: tuple[str, ...]           # filter kinds that apply (see _entity_filter)
    dims: tuple[str, ...]              # what the rows can be broken down by (see _GROUP)


ENTITIES: dict[str, Entity] = {
    "customers": Entity("customers", "FROM customers cu", "count(*)", "customer_count",
                        ("customers", "clients", "customer accounts", "accounts", "customers on file"),
                        ("segment", "cu_city", "cu_region", "signup"), ("segment", "cu_region", "cu_city")),
    "stores": Entity("stores", "FROM stores s", "count(*)", "store_count",
                     ("stores", "shops", "branches", "store locations", "locations", "outlets"),
                     ("s_city", "s_region", "opened"), ("s_region", "s_city")),
    "products": Entity("products", "FROM products p", "count(*)", "product_count",
                       ("products", "items", "SKUs", "products in the catalog", "different products"),
                       ("brand", "category", "price"), ("category", "brand")),
    "orders": Entity("orders", "FROM orders o", "count(*)", "order_count",
                     ("orders", "purchases", "transactions", "sales orders"),
                     ("status", "channel", "o_region", "o_city", "store", "o_segment", "period"),
                     ("status", "channel", "o_region", "o_city", "store", "o_segment")),
    "categories": Entity("categories", "FROM categories c", "count(*)", "category_count",
                         ("categories", "product categories", "departments"), (), ()),
    "regions": Entity("regions", "FROM regions r", "count(*)", "region_count",
                      ("regions", "sales regions", "areas"), (), ()),
    "brands": Entity("brands", "FROM products p", "count(DISTINCT p.brand)", "brand_count",
                     ("brands", "different brands", "distinct brands", "manufacturers"), ("category",), ("category",)),
    "store_cities": Entity("store_cities", "FROM stores s", "count(DISTINCT s.city)", "city_count",
                           ("cities with stores", "cities we have stores in", "store cities",
                            "cities with a store"), ("s_region",), ("s_region",)),
    "customer_cities": Entity("customer_cities", "FROM customers cu", "count(DISTINCT cu.city)", "city_count",
                              ("customer cities", "cities our customers are in", "cities with customers",
                               "different customer cities"), ("segment", "cu_region"), ("segment", "cu_region")),
    "order_lines": Entity("order_lines", "FROM order_lines ol", "count(*)", "line_count",
                          ("order lines", "line items", "order items"), (), ()),
}
_ENTITY_WEIGHTS = {"customers": 6, "stores": 5, "products": 6, "orders": 7, "categories": 1, "regions": 1,
                   "brands": 2, "store_cities": 2, "customer_cities": 2, "order_lines": 1}

# Breakdown dimensions per entity: (group expression, joins it needs, how it is named).
_GROUP: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "segment": ("cu.segment", "", ("segment", "customer segment")),
    "cu_region": ("r.name", "JOIN regions r ON r.region_id = cu.region_id", ("region",)),
    "cu_city": ("cu.city", "", ("city",)),
    "s_region": ("r.name", "JOIN regions r ON r.region_id = s.region_id", ("region",)),
    "s_city": ("s.city", "", ("city",)),
    "category": ("c.name", "JOIN categories c ON c.category_id = p.category_id", ("category", "product category")),
    "brand": ("p.brand", "", ("brand",)),
    "status": ("o.status", "", ("status", "order status")),
    "channel": ("o.channel", "", ("channel", "sales channel")),
    "o_region": ("r.name", "JOIN stores s ON s.store_id = o.store_id JOIN regions r ON r.region_id = s.region_id",
                 ("region",)),
    "o_city": ("s.city", "JOIN stores s ON s.store_id = o.store_id", ("city",)),
    "store": ("s.name", "JOIN stores s ON s.store_id = o.store_id", ("store", "shop", "branch")),
    "o_segment": ("cu.segment", "JOIN customers cu ON cu.customer_id = o.customer_id", ("segment", "customer segment")),
}
_PLURAL = {"category": "categories", "product category": "product categories", "city": "cities",
           "status": "statuses", "order status": "order statuses", "branch": "branches"}


def _plural(word: str) -> str:
    return _PLURAL.get(word, word + "s")


@dataclass(frozen=True)
class _Cond:
    sql: str
    joins: str
    before: str          # words placed before the entity noun ("returned", "Corporate")
    after: str           # words placed after it ("in East China", "cheaper than 500")
    value: str | None


@dataclass(frozen=True)
class _ValueFilter:
    """A filter on a stored value: ``column = value``, said before the noun ("Corporate
    customers") with probability ``before``, otherwise by one of ``after`` ("in {v}")."""
    column: str
    joins: str
    values: str                 # key of World.values
    before: float
    after: tuple[str, ...]


_TO_STORE = "JOIN stores s ON s.store_id = o.store_id"
_VALUE_FILTERS: dict[str, _ValueFilter] = {
    "segment": _ValueFilter("cu.segment", "", "segment", 0.6, ("in the {v} segment", "that are {v}")),
    "cu_city": _ValueFilter("cu.city", "", "city", 0.0, ("in {v}", "from {v}", "based in {v}")),
    "s_city": _ValueFilter("s.city", "", "city", 0.0, ("in {v}", "at {v} stores")),
    "o_city": _ValueFilter("s.city", _TO_STORE, "city", 0.0, ("in {v}", "at {v} stores")),
    "cu_region": _ValueFilter("r.name", "JOIN regions r ON r.region_id = cu.region_id", "region", 0.0,
                              ("in {v}", "from {v}", "in the {v} region")),
    "s_region": _ValueFilter("r.name", "JOIN regions r ON r.region_id = s.region_id", "region", 0.0,
                             ("in {v}", "from {v}", "in the {v} region")),
    "o_region": _ValueFilter("r.name", f"{_TO_STORE} JOIN regions r ON r.region_id = s.region_id", "region", 0.0,
                             ("in {v}", "from {v} stores", "in the {v} region")),
    "o_segment": _ValueFilter("cu.segment", "JOIN customers cu ON cu.customer_id = o.customer_id", "segment", 0.0,
                              ("from {v} customers", "by {v} customers")),
    "store": _ValueFilter("s.name", _TO_STORE, "store", 0.0, ("at {v}", "at the {v} store", "for {v}")),
    "brand": _ValueFilter("p.brand", "", "brand", 0.3, ("from {v}", "by {v}", "of brand {v}")),
    "category": _ValueFilter("c.name", "JOIN categories c ON c.category_id = p.category_id", "category", 0.0,
                             ("in {v}", "in the {v} category", "under {v}")),
    "channel": _ValueFilter("o.channel", "", "channel", 0.6, ("placed {v}", "via {v}", "through {v}")),
}
_PRICE_WORDS = (("<", "under"), ("<", "cheaper than"), (">", "over"), (">", "more expensive than"),
                (">", "priced above"), ("<", "below"))
_STATUS_WORDS = (("returned", "returned"), ("cancelled", "cancelled"), ("cancelled", "canceled"),
                 ("completed", "completed"))
_DATED = {"signup": ("cu.signup_date", ("who signed up {t}", "that joined {t}", "registered {t}")),
          "opened": ("s.opened_on", ("opened {t}", "that opened {t}")),
          "period": ("o.ordered_at", ("{t}", "placed {t}"))}


def _entity_filter(kind: str, world: World, rng: random.Random, demo: bool) -> _Cond:
    spec = _VALUE_FILTERS.get(kind)
    if spec is not None:
        value = rng.choice(world.values[spec.values])
        sql = f"{spec.column} = {_lit(value)}"
        if rng.random() < spec.before:
            return _Cond(sql, spec.joins, spoken(value, rng, demo), "", value)
        phrase = rng.choice(spec.after)
        return _Cond(sql, spec.joins, "", phrase.format(v=spoken(value, rng, demo)), value)
    if kind == "price":
        x = rng.choice((20, 50, 100, 200, 300, 500, 1000, 2000, 5000))
        op, word = rng.choice(_PRICE_WORDS)
        return _Cond(f"p.unit_price {op} {x}", "", "", f"{word} {spoken_number(x, rng)}", None)
    if kind == "status":
        status, word = rng.choice(_STATUS_WORDS)
        return _Cond(f"o.status = '{status}'", "", word, "", None)
    if kind in _DATED:
        column, verbs = _DATED[kind]
        period = sample_period(rng, 0.0)
        assert period is not None
        return _Cond(period.sql(column), "", "", rng.choice(verbs).format(t=period.phrase), None)
    raise ValueError(kind)


def _joined(head: str, joins: list[str]) -> str:
    """``head`` plus each distinct JOIN of ``joins`` (strings of one or more JOIN clauses), in order."""
    seen: list[str] = []
    for j in joins:
        for part in _JOIN.findall(j):
            if part not in seen:
                seen.append(part)
    return " ".join([head] + seen)


_JOIN = re.compile(r"JOIN .+?(?= JOIN |$)")


def _subject(e: Entity, conds: list[_Cond], rng: random.Random) -> str:
    noun = rng.choice(e.many)
    before = " ".join(c.before for c in conds if c.before)
    after = " ".join(c.after for c in conds if c.after)
    if e.key == "orders" and before == "returned" and rng.random() < 0.4:
        noun, before = "returns", ""
    return " ".join(x for x in (before, noun, after) if x)


def _pick_entity(rng: random.Random, need_dims: bool = False) -> Entity:
    keys = [k for k in ENTITIES if not need_dims or ENTITIES[k].dims]
    return ENTITIES[rng.choices(keys, weights=[_ENTITY_WEIGHTS[k] for k in keys])[0]]


def _conds(e: Entity, world: World, rng: random.Random, demo: bool, exclude: tuple[str, ...] = ()) -> list[_Cond]:
    kinds = [k for k in e.filters if k not in exclude]
    n = min(len(kinds), rng.choices((0, 1, 2), weights=(4, 5, 2))[0])
    picked = rng.sample(kinds, n)
    if "s_city" in picked and "s_region" in picked:
        picked.remove("s_region")
    if "o_city" in picked and ("o_region" in picked or "store" in picked):
        picked.remove("o_city")
    return [_entity_filter(k, world, rng, demo) for k in picked]


def _where(conds: list[_Cond]) -> str:
    return " WHERE " + " AND ".join(c.sql for c in conds) if conds else ""


# --- shapes -------------------------------------------------------------------------------


def count_rows(world: World, demo: bool, rng: random.Random) -> Shape:
    """How many rows of one entity, with the entity's own filters."""
    e = _pick_entity(rng)
    conds = _conds(e, world, rng, demo)
    sql = f"SELECT {e.count} AS {e.alias} {_joined(e.head, [c.joins for c in conds])}{_where(conds)}"
    s = _subject(e, conds, rng)
    q = rng.choice(("how many {s}", "how many {s} do we have", "how many {s} are there", "number of {s}",
                    "total {s}", "total number of {s}", "count of {s}", "count {s}", "# of {s}", "{s} count",
                    "what is the number of {s}", "how many {s} have we got", "tell me how many {s}",
                    "how many {s} in total", "the number of {s}"))
    return q.format(s=s), sql, tuple(c.value for c in conds if c.value)


def count_by(world: World, demo: bool, rng: random.Random) -> Shape:
    """Rows of one entity per value of a dimension; optionally ranked or thresholded."""
    e = _pick_entity(rng, need_dims=True)
    dkey = rng.choice(e.dims)
    gexpr, gjoin, gnames = _GROUP[dkey]
    conds = _conds(e, world, rng, demo, exclude=(dkey,) + (("s_region",) if dkey == "s_city" else ()))
    body = f"{_joined(e.head, [gjoin] + [c.joins for c in conds])}{_where(conds)} GROUP BY {gexpr}"
    sql = f"SELECT {gexpr}, {e.count} AS {e.alias} {body}"
    s, d = _subject(e, conds, rng), rng.choice(gnames)
    protect = tuple(c.value for c in conds if c.value)
    style = rng.random()
    if style < 0.6:
        q = rng.choice(("{s} by {d}", "{s} per {d}", "number of {s} per {d}", "how many {s} in each {d}",
                        "{s} count by {d}", "count of {s} by {d}", "how many {s} does each {d} have",
                        "{s} broken down by {d}", "break down {s} by {d}", "{d} breakdown of {s}",
                        "how many {s} per {d}", "{s} grouped by {d}", "number of {s} for each {d}"))
        return q.format(s=s, d=d), sql, protect
    if style < 0.85:
        desc = rng.random() < 0.75
        n = rng.choice((None, None, 3, 5))
        sql += f" ORDER BY {e.alias} {'DESC' if desc else 'ASC'} LIMIT {n or 1}"
        most = rng.choice(("most",) if desc else ("fewest", "least"))
        if n is None:
            q = rng.choice(("which {d} has the {m} {s}", "{d} with the {m} {s}", "which {d} had the {m} {s}",
                            "what {d} has the {m} {s}"))
            return q.format(d=d, m=most, s=s), sql, protect
        q = rng.choice(("top {n} {ds} by number of {s}", "{n} {ds} with the {m} {s}", "which {n} {ds} have the {m} {s}"))
        if not desc:
            q = rng.choice(("bottom {n} {ds} by number of {s}", "{n} {ds} with the {m} {s}"))
        return q.format(n=n, ds=_plural(d), m=most, s=s), sql, protect
    x = rng.choice((1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000))
    op, word = rng.choice(((">", "more than"), (">", "over"), (">=", "at least"), ("<", "fewer than"),
                           ("<", "less than")))
    sql += f" HAVING {e.count} {op} {x}"
    q = rng.choice(("{ds} with {w} {x} {s}", "which {ds} have {w} {x} {s}", "{ds} having {w} {x} {s}",
                    "{ds} that have {w} {x} {s}"))
    return q.format(ds=_plural(d), w=word, x=spoken_number(x, rng), s=s), sql, protect


# --- two periods, two values --------------------------------------------------------------

_PAIRS: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (first period, second period, how the first is said, how the second is said after "vs")
    ("this:year", "last:year", ("this year", "YTD", "this year so far"), ("last year", "the previous year")),
    ("this:month", "last:month", ("this month", "MTD", "so far this month"), ("last month", "the previous month")),
    ("this:quarter", "last:quarter", ("this quarter", "QTD"), ("last quarter", "the previous quarter")),
    ("this:week", "last:week", ("this week",), ("last week", "the week before")),
    ("last:month", "prev:month", ("last month",), ("the month before", "the month before that",
                                                    "the previous month", "two months ago")),
    ("last:quarter", "prev:quarter", ("last quarter",), ("the quarter before", "the previous quarter")),
    ("last:year", "prev:year", ("last year",), ("the year before", "two years ago")),
    ("last:week", "prev:week", ("last week",), ("the week before", "the previous week")),
)
_COL = {"this": "this_{g}", "last": "last_{g}", "prev": "{g}_before"}


def _col(key: str) -> str:
    kind, _, grain = key.partition(":")
    return _COL[kind].format(g=grain)


def compare_periods(world: World, demo: bool, rng: random.Random) -> Shape:
    """A measure in one period next to the period before it, or the growth between them in %."""
    m = rng.choices((MEASURES["revenue"], MEASURES["orders"], MEASURES["units"], MEASURES["customers"],
                     MEASURES["aov"]), weights=(8, 4, 2, 1, 1))[0]
    first, second, says1, says2 = rng.choice(_PAIRS)
    filt: list[Filter] = []
    if rng.random() < 0.4:
        filt = [make_filter(rng.choice(("region", "category", "channel", "segment", "store")), world, rng, demo)]
    needs = {a for f in filt for a in f.needs}
    line = m.root == "ol" or bool(needs & {"p", "c"})
    expr = m.expr if not (m.key == "orders" and line) else "count(DISTINCT o.order_id)"
    root = "ol" if m.root == "ol" else "o"
    conds = (["o.status = 'completed'"] if m.completed else []) + [f.sql for f in filt]
    where = " WHERE " + " AND ".join(conds) if conds else ""
    a = f"{expr} FILTER (WHERE {period_sql(first, 'o.ordered_at')})"
    b = f"{expr} FILTER (WHERE {period_sql(second, 'o.ordered_at')})"
    mp = rng.choice(m.phrases)
    s1, s2 = rng.choice(says1), rng.choice(says2)
    tail = " ".join(f.phrase for f in filt)
    if rng.random() < 0.3:
        sql = f"SELECT 100.0 * ({a} - {b}) / {b} AS growth_pct {from_clause(root, needs)}{where}"
        q = rng.choice(("{m} growth {p1} vs {p2} {t}", "% change in {m} {p1} vs {p2} {t}",
                        "{m} growth {p1} over {p2} in % {t}", "how much did {m} grow {p1} compared to {p2} {t}",
                        "percent change in {m} from {p2} to {p1} {t}", "{t} {m} growth {p1} versus {p2}"))
        return q.format(m=mp, p1=s1, p2=s2, t=tail).strip(), sql, tuple(f.value for f in filt)
    cols = [(a, _col(first)), (b, _col(second))]
    if first.startswith("this") and rng.random() < 0.25:
        # "last year vs this year": the columns follow the order the question names the periods
        cols.reverse()
        s1, s2 = second.replace(":", " "), s1
    select = ", ".join(f"{x} AS {name}" for x, name in cols)
    sql = f"SELECT {select} {from_clause(root, needs)}{where}"
    q = rng.choice(("{m} {p1} vs {p2} {t}", "{m} {p1} compared to {p2} {t}", "compare {m} {p1} and {p2} {t}",
                    "{m} {p1} versus {p2} {t}", "{p1} vs {p2} {m} {t}", "how does {m} {p1} compare with {p2} {t}",
                    "{t} {m} {p1} vs {p2}"))
    return q.format(m=mp, p1=s1, p2=s2, t=tail).strip(), sql, tuple(f.value for f in filt)


def compare_values(world: World, demo: bool, rng: random.Random) -> Shape:
    """"online vs in-store", "Consumer vs Corporate": the measure per value of that dimension."""
    dkey, col, needs = rng.choice((("channel", "o.channel", set()), ("segment", "cu.segment", {"cu"}),
                                   ("region", "r.name", {"r"}), ("category", "c.name", {"c"})))
    values = world.values[dkey]
    pair = rng.sample(values, 2)
    if rng.random() < 0.4 and dkey != "category":
        status, name = rng.choice((("returned", "return rate"), ("cancelled", "cancellation rate")))
        expr, alias, m_root, done = (f"100.0 * count(*) FILTER (WHERE o.status = '{status}') / count(*)",
                                     name.replace(" ", "_"), "o", False)
    else:
        m = rng.choice((MEASURES["revenue"], MEASURES["orders"], MEASURES["aov"], MEASURES["units"]))
        name = rng.choice(m.phrases)
        expr, alias, m_root, done = m.expr, m.alias, m.root, m.completed
        if m.key == "orders" and needs & {"c"}:
            expr, m_root = "count(DISTINCT o.order_id)", "o"
    all_values = len(values) == 2
    conds = (["o.status = 'completed'"] if done else [])
    if not all_values:
        conds.append(f"{col} IN ({_lit(pair[0])}, {_lit(pair[1])})")
    period = sample_period(rng, 0.5)
    if period is not None:
        conds.append(period.sql("o.ordered_at"))
    where = " WHERE " + " AND ".join(conds) if conds else ""
    sql = f"SELECT {col}, {expr} AS {alias} {from_clause(m_root, needs)}{where} GROUP BY {col}"
    v1, v2 = spoken(pair[0], rng, demo), spoken(pair[1], rng, demo)
    t = period.phrase if period else ""
    q = rng.choice(("{n} {a} vs {b} {t}", "{n}: {a} versus {b} {t}", "compare {n} {a} and {b} {t}",
                    "{a} vs {b} {n} {t}", "{n} for {a} compared to {b} {t}"))
    return q.format(n=name, a=v1, b=v2, t=t).strip(), sql, tuple(pair)


# --- statistics of order lines and prices -------------------------------------------------

_LINE_STATS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("avg(ol.quantity)", "avg_quantity", ("average quantity per order line", "avg qty per line",
                                          "average units per line item", "mean quantity per order line",
                                          "avg quantity per line item")),
    ("avg(ol.discount)", "avg_discount", ("average discount", "avg discount on order lines", "mean discount",
                                          "average discount rate", "avg discount per line")),
    ("sum(ol.quantity * ol.unit_price * ol.discount)", "discount_amount",
     ("how much discount did we give", "total discount amount", "discounts given", "total discounts",
      "how much did we give away in discounts", "discount amount")),
    ("max(ol.discount)", "max_discount", ("biggest discount", "highest discount given", "max discount")),
)


def line_stats(world: World, demo: bool, rng: random.Random) -> Shape:
    """Order-line statistics (completed orders) and list-price statistics, overall or per dimension."""
    if rng.random() < 0.35:
        return _price_stats(world, demo, rng)
    expr, alias, names = rng.choice(_LINE_STATS)
    filt = [make_filter(k, world, rng, demo) for k in rng.sample(("region", "category", "channel", "segment"),
                                                                  rng.choice((0, 0, 1)))]
    period = sample_period(rng, 0.45)
    dkey = rng.choice((None, None, None, "category", "region", "channel", "brand", "store", "segment"))
    if dkey is not None and any(f.kind == dkey for f in filt):
        dkey = None
    needs = {a for f in filt for a in f.needs} | (set(DIMS[dkey].needs) if dkey else set())
    conds = ["o.status = 'completed'"] + [f.sql for f in filt] + ([period.sql("o.ordered_at")] if period else [])
    head = f"{DIMS[dkey].expr}, " if dkey else ""
    sql = f"SELECT {head}{expr} AS {alias} {from_clause('ol', needs)} WHERE {' AND '.join(conds)}"
    tail = " ".join([f.phrase for f in filt] + ([period.phrase] if period else []))
    name = rng.choice(names)
    if dkey:
        sql += f" GROUP BY {DIMS[dkey].expr}"
        q = rng.choice(("{n} by {d} {t}", "{n} per {d} {t}", "{n} for each {d} {t}")).format(
            n=name, d=rng.choice(DIMS[dkey].one), t=tail)
    else:
        q = rng.choice(("{n} {t}", "what was the {n} {t}", "{t} {n}")).format(n=name, t=tail)
    return q.strip(), sql, tuple(f.value for f in filt)


def _price_stats(world: World, demo: bool, rng: random.Random) -> Shape:
    fn, alias, names = rng.choice((("avg", "avg_price", ("average product price", "avg price of products",
                                                        "mean list price", "average price of our products",
                                                        "what do products cost on average")),
                                   ("max", "max_price", ("highest product price", "max price", "top list price")),
                                   ("min", "min_price", ("lowest product price", "min price", "cheapest price"))))
    name = rng.choice(names)
    pick = rng.random()
    if pick < 0.45:
        return name, f"SELECT {fn}(p.unit_price) AS {alias} FROM products p", ()
    if pick < 0.7:
        b = rng.choice(world.values["brand"])
        return (rng.choice(("{n} for {b}", "{b} {n}", "{n} of {b} products")).format(n=name, b=spoken(b, rng, demo)),
                f"SELECT {fn}(p.unit_price) AS {alias} FROM products p WHERE p.brand = {_lit(b)}", (b,))
    d = rng.choice(("category", "brand"))
    gexpr = "c.name" if d == "category" else "p.brand"
    join = " JOIN categories c ON c.category_id = p.category_id" if d == "category" else ""
    return (rng.choice(("{n} by {d}", "{n} per {d}", "{n} for each {d}")).format(n=name, d=d),
            f"SELECT {gexpr}, {fn}(p.unit_price) AS {alias} FROM products p{join} GROUP BY {gexpr}", ())


def biggest_orders(world: World, demo: bool, rng: random.Random) -> Shape:
    """The largest (or smallest) single orders by value."""
    period = sample_period(rng, 0.3)
    n = rng.choice((None, None, 3, 5, 10))
    desc = rng.random() < 0.8
    conds = ["o.status = 'completed'"] + ([period.sql("o.ordered_at")] if period else [])
    sql = (f"SELECT o.order_id, {REV} AS order_value FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id "
           f"WHERE {' AND '.join(conds)} GROUP BY o.order_id ORDER BY order_value {'DESC' if desc else 'ASC'} "
           f"LIMIT {n or 1}")
    word = rng.choice(("biggest", "largest", "highest value", "most expensive") if desc else ("smallest",))
    subj = f"{word} order" if n is None else f"{n} {word} orders"
    t = period.phrase if period else ""
    return rng.choice(("{s} {t}", "what was the {s} {t}", "show the {s} {t}", "{t} {s}")).format(s=subj, t=t).strip(), sql, ()


def part_share(world: World, demo: bool, rng: random.Random) -> Shape:
    """Percentage of an entity's rows that match a value: customers that are Corporate, lines with a discount."""
    v = world.values
    pick = rng.randrange(5)
    if pick == 0:
        seg = rng.choice(v["segment"])
        cond, head, what, said = f"cu.segment = {_lit(seg)}", "FROM customers cu", "customers", spoken(seg, rng, demo)
        q = rng.choice(("what percentage of customers are {v}", "% of customers that are {v}",
                        "share of {v} customers", "what share of our customers are {v}", "percent of clients in {v}"))
        protect: tuple[str, ...] = (seg,)
    elif pick == 1:
        r = rng.choice(v["region"])
        cond, head, what, said = (f"r.name = {_lit(r)}", "FROM stores s JOIN regions r ON r.region_id = s.region_id",
                                  "stores", spoken(r, rng, demo))
        q = rng.choice(("what percentage of stores are in {v}", "share of stores in {v}", "% of our stores in {v}"))
        protect = (r,)
    elif pick == 2:
        c = rng.choice(v["category"])
        cond, head, what, said = (f"c.name = {_lit(c)}",
                                  "FROM products p JOIN categories c ON c.category_id = p.category_id",
                                  "products", spoken(c, rng, demo))
        q = rng.choice(("what percentage of products are in {v}", "share of the catalog in {v}",
                        "% of products that are {v}"))
        protect = (c,)
    elif pick == 3:
        cond, head, what, said = ("ol.discount > 0", "FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id",
                                  "order lines", "")
        q = rng.choice(("percentage of order lines with a discount", "share of line items that were discounted",
                        "% of order lines with a discount", "how many order lines had a discount, in percent",
                        "what fraction of lines got a discount"))
        sql = (f"SELECT 100.0 * count(*) FILTER (WHERE {cond}) / count(*) AS discounted_share {head} "
               "WHERE o.status = 'completed'")
        return q, sql, ()
    else:
        ch = rng.choice(v["channel"])
        period = sample_period(rng, 0.4)
        t = period.phrase if period else ""
        q = rng.choice(("percent of sales that were {v} {t}", "what % of revenue was {v} {t}",
                        "{v} share of sales {t}", "share of revenue from {v} orders {t}"))
        conds = ["o.status = 'completed'"] + ([period.sql("o.ordered_at")] if period else [])
        sql = (f"SELECT 100.0 * {REV} FILTER (WHERE o.channel = {_lit(ch)}) / {REV} AS revenue_share "
               f"FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id WHERE {' AND '.join(conds)}")
        return q.format(v=spoken(ch, rng, demo), t=t).strip(), sql, (ch,)
    alias = {"customers": "customer_share", "stores": "store_share", "products": "product_share"}[what]
    sql = f"SELECT 100.0 * count(*) FILTER (WHERE {cond}) / count(*) AS {alias} {head}"
    return q.format(v=said), sql, protect


SHAPES: tuple[tuple[ShapeTemplate, int], ...] = (
    (count_rows, 9), (count_by, 9), (compare_periods, 5), (compare_values, 3), (line_stats, 4),
    (biggest_orders, 1), (part_share, 3),
)
