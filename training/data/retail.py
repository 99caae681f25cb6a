"""Retail analytics questions over the demo schema and invented look-alikes: the question shapes.

The vocabulary (worlds, dimensions, measures, filters, periods) lives in
:mod:`training.data.retail_world`; entity counts and period comparisons in
:mod:`training.data.retail_counts`. Each shape returns (question, SQL in the demo's
identifiers, values to protect from typos).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial

from training.data import retail_counts
from training.data.noise import add_noise
from training.data.retail_counts import Shape
from training.data.retail_world import (
    DIMS, MEASURES, REV, Filter, Measure, Period, Sample, World, demo_world, from_clause, invented_world,
    make_filter, sample_period, spoken, spoken_number,
)
from ask.translate.prompt import quote_literal as _lit


class RetailGenerator:
    def __init__(self, rng: random.Random, demo_share: float = 0.5) -> None:
        self.rng = rng
        self.demo_share = demo_share
        own: tuple[tuple[Callable[[World, bool], Shape], int], ...] = (
            (self.scalar, 14), (self.grouped, 12), (self.top, 18), (self.series, 5), (self.rate, 6),
            (self.share, 4), (self.having, 8), (self.distinct, 5), (self.entities, 8), (self.lookup, 14),
            (self.named, 9),
        )
        self._shapes = [(fn.__name__, fn, w) for fn, w in own]
        self._shapes += [(fn.__name__, partial(fn, rng=rng), w) for fn, w in retail_counts.SHAPES]

    def sample(self) -> Sample:
        rng = self.rng
        demo = rng.random() < self.demo_share
        world = demo_world(rng) if demo else invented_world(rng)
        name, shape, _ = rng.choices(self._shapes, weights=[w for _, _, w in self._shapes])[0]
        question, sql, protect = shape(world, demo)
        question = add_noise(question, rng, protect)
        return Sample(question, world.sql(sql), world.schema(), "retail:" + name)

    # helpers

    def _filters(self, world: World, demo: bool, kinds: tuple[str, ...], n_max: int = 2) -> list[Filter]:
        rng = self.rng
        n = rng.choices(range(n_max + 1), weights=(3, 5, 2)[: n_max + 1])[0]
        chosen = rng.sample(kinds, min(n, len(kinds)))
        return [make_filter(k, world, rng, demo) for k in chosen]

    def _where(self, m: Measure | None, filters: list[Filter], period: Period | None,
               extra: tuple[str, ...] = ()) -> str:
        conds = []
        if m is not None and m.completed:
            conds.append("o.status = 'completed'")
        conds += list(extra)
        conds += [f.sql for f in filters]
        if period is not None:
            conds.append(period.sql("o.ordered_at"))
        return " WHERE " + " AND ".join(conds) if conds else ""

    def _tail(self, filters: list[Filter], period: Period | None) -> str:
        parts = [f.phrase for f in filters]
        self.rng.shuffle(parts)
        if period is not None:
            if self.rng.random() < 0.8:
                parts.append(period.phrase)
            else:
                parts.insert(0, period.phrase)
        return " ".join(parts)

    def _measure_sql(self, m: Measure, needs: set[str]) -> tuple[str, str]:
        """(root, measure expression), switching order counts to DISTINCT when lines are joined."""
        line_needed = bool(needs & {"p", "c", "ol"})
        if m.root == "o" and line_needed:
            expr = "count(DISTINCT o.order_id)" if m.key == "orders" else m.expr
            return "o", expr
        return m.root, m.expr

    def _pick_measure(self, weights: tuple[int, ...] = (8, 3, 4, 2, 1)) -> Measure:
        return self.rng.choices(list(MEASURES.values()), weights=weights)[0]

    def _status_filter(self, m: Measure) -> tuple[str, str | None]:
        if m.key == "orders" and self.rng.random() < 0.3:
            status, phrase = self.rng.choice((("completed", "completed"), ("cancelled", "cancelled"),
                                              ("returned", "returned"), ("cancelled", "canceled")))
            return f"o.status = '{status}'", phrase
        return "", None

    # shapes

    def scalar(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        m = self._pick_measure()
        kinds: tuple[str, ...] = ("region", "category", "channel", "segment", "city", "brand", "store")
        if rng.random() < 0.35:
            kinds += rng.choice((("product",), ("customer",), ("customer_city",)))
        filters = self._filters(world, demo, kinds)
        period = sample_period(rng, 0.25)
        status_sql, status_word = self._status_filter(m)
        needs = {a for f in filters for a in f.needs}
        root, expr = self._measure_sql(m, needs)
        sql = f"SELECT {expr} AS {m.alias} {from_clause(root, needs)}"
        sql += self._where(m, filters, period, (status_sql,) if status_sql else ())
        tail = self._tail(filters, period)
        mp = rng.choice(m.phrases)
        templates: tuple[str, ...]
        if status_word:
            mp = rng.choice((f"{status_word} orders", f"number of {status_word} orders"))
            templates = ("how many {sw} orders {t}", "{mp} {t}", "count of {sw} orders {t}", "what was the {mp} {t}")
        elif m.key == "revenue":
            templates = ("{mp} {t}", "what was {mp} {t}", "how much did we sell {t}", "total {mp} {t}",
                         "how much revenue did we make {t}", "what's our {mp} {t}", "show {mp} {t}")
        elif m.key == "units":
            templates = ("{mp} {t}", "how many units did we sell {t}", "how many items were sold {t}",
                         "total {mp} {t}")
        elif m.key == "orders":
            templates = ("how many orders {t}", "{mp} {t}", "how many orders did we get {t}",
                         "count orders {t}", "number of orders placed {t}")
        elif m.key == "customers":
            templates = ("how many customers ordered {t}", "{mp} {t}", "how many customers placed orders {t}",
                         "count of customers with orders {t}")
        else:
            templates = ("{mp} {t}", "what was the {mp} {t}", "what's the {mp} {t}")
        q = rng.choice(templates).format(mp=mp, t=tail, sw=status_word or "")
        return q, sql, tuple(f.value for f in filters)

    def grouped(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        m = self._pick_measure((8, 3, 4, 2, 2))
        dkey = rng.choice([d for d in DIMS if not (m.root == "o" and m.key == "customers" and d == "customer")])
        dim = DIMS[dkey]
        kinds = tuple(k for k in ("region", "category", "channel", "segment", "city", "customer_city", "store")
                      if k != dkey and not (dkey == "store" and k == "city"))
        filters = self._filters(world, demo, kinds, 2)
        period = sample_period(rng, 0.3)
        needs = set(dim.needs) | {a for f in filters for a in f.needs}
        root, expr = self._measure_sql(m, needs)
        sql = f"SELECT {dim.expr}, {expr} AS {m.alias} {from_clause(root, needs)}"
        sql += self._where(m, filters, period) + f" GROUP BY {dim.expr}"
        order_phrase = ""
        if rng.random() < 0.2:
            sql += f" ORDER BY {m.alias} DESC"
            order_phrase = rng.choice((" sorted by {mp} descending", " highest first", " sorted high to low",
                                       " ordered by {mp}"))
        mp = rng.choice(m.phrases)
        d1, dn = rng.choice(dim.one), rng.choice(dim.many)
        t = self._tail(filters, period)
        q = rng.choice(("{mp} by {d1} {t}", "{mp} per {d1} {t}", "{mp} for each {d1} {t}",
                        "break down {mp} by {d1} {t}", "{t} {mp} by {d1}", "{d1} breakdown of {mp} {t}",
                        "{mp} split by {d1} {t}", "show {mp} by {d1} {t}", "{dn} and their {mp} {t}",
                        "{mp} of all {dn} {t}")).format(mp=mp, d1=d1, dn=dn, t=t)
        return q + order_phrase.format(mp=mp), sql, tuple(f.value for f in filters)

    def top(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        dkey = rng.choices(list(DIMS), weights=(10, 5, 4, 4, 5, 3, 1, 1, 3))[0]
        dim = DIMS[dkey]
        kinds = tuple(k for k in ("region", "category", "channel", "segment", "city", "brand")
                      if k != dkey and not (dkey == "store" and k == "city"))
        filters = self._filters(world, demo, kinds, 2)
        period = sample_period(rng, 0.3)
        n = rng.choice((None, None, None, 3, 5, 5, 10, 2, 20))
        desc = rng.random() < 0.8
        d1, dn = rng.choice(dim.one), rng.choice(dim.many)
        style = rng.random()
        words: tuple[str, ...]
        if style < 0.55:
            m = MEASURES["revenue"]
            if desc:
                words = ("top {d}", "best {d}", "best-selling {d}", "biggest {d}", "highest revenue {d}",
                         "top-selling {d}", "{d} with the most sales", "which {d} had the highest revenue",
                         "{d} with the highest revenue", "best performing {d}", "top {d} by revenue",
                         "top {d} by sales")
            else:
                words = ("worst {d}", "bottom {d}", "worst-selling {d}", "lowest revenue {d}",
                         "{d} with the least sales", "which {d} had the lowest revenue", "weakest {d}",
                         "worst performing {d}")
        elif style < 0.8:
            m = MEASURES["units"]
            words = (("most popular {d}", "most sold {d}", "{d} with the most units sold",
                      "which {d} sold the most units", "top {d} by units sold", "top {d} by quantity",
                      "{d} with the highest quantity sold")
                     if desc else ("least popular {d}", "least sold {d}", "{d} with the fewest units sold",
                                   "which {d} sold the fewest units"))
        else:
            m = MEASURES["orders"]
            words = (("busiest {d}", "{d} with the most orders", "which {d} has the most orders",
                      "top {d} by number of orders", "top {d} by order count", "{d} with the highest order count")
                     if desc else ("{d} with the fewest orders", "quietest {d}", "which {d} has the least orders",
                                   "bottom {d} by order count"))
        phrase = rng.choice(words)
        if n is None:
            subject = phrase.format(d=d1)
        else:
            subject = phrase.replace("{d}", f"{n} {{d}}", 1).format(d=dn)
        needs = set(dim.needs) | {a for f in filters for a in f.needs}
        root, expr = self._measure_sql(m, needs)
        sql = f"SELECT {dim.expr}, {expr} AS {m.alias} {from_clause(root, needs)}"
        sql += self._where(m, filters, period) + f" GROUP BY {dim.expr}"
        sql += f" ORDER BY {m.alias} {'DESC' if desc else 'ASC'} LIMIT {n or 1}"
        t = self._tail(filters, period)
        wrappers: tuple[str, ...] = ("{s} {t}", "{s} {t}", "{t} {s}")
        if not subject.startswith("which"):
            wrappers += ("what was the {s} {t}", "show the {s} {t}", "which are the {s} {t}" if n else "what is the {s} {t}",
                         "give me the {s} {t}", "list the {s} {t}" if n else "the {s} {t}")
        q = rng.choice(wrappers).format(s=subject, t=t)
        return q, sql, tuple(f.value for f in filters)

    def series(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        m = self._pick_measure((6, 2, 4, 2, 1))
        grain, words = rng.choices((("month", ("monthly", "by month", "per month", "month by month")),
                                    ("week", ("weekly", "by week", "per week")),
                                    ("day", ("daily", "by day", "per day"))), weights=(6, 2, 2))[0]
        filters = self._filters(world, demo, ("region", "category", "channel", "segment"), 1)
        period = sample_period(rng, 0.2)
        while period is not None and (period.key in ("today", "yesterday", "this:week", "last:week")
                                      or (grain == "month" and period.key.startswith("days"))):
            period = sample_period(rng, 0.2)
        needs = {a for f in filters for a in f.needs}
        root, expr = self._measure_sql(m, needs)
        sql = (f"SELECT date_trunc('{grain}', o.ordered_at) AS {grain}, {expr} AS {m.alias} "
               f"{from_clause(root, needs)}{self._where(m, filters, period)} GROUP BY 1 ORDER BY 1")
        w, mp, t = rng.choice(words), rng.choice(m.phrases), self._tail(filters, period)
        q = rng.choice(("{w} {mp} {t}", "{mp} {w} {t}", "{mp} trend {w} {t}", "show {mp} {w} {t}",
                        "{t} {mp} {w}")).format(w=w, mp=mp, t=t)
        return q, sql, tuple(f.value for f in filters)

    def rate(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        status, names = rng.choice((("cancelled", ("cancellation rate", "cancel rate", "% of orders cancelled",
                                                   "percentage of cancelled orders", "share of orders cancelled")),
                                    ("returned", ("return rate", "returns rate", "% of orders returned",
                                                  "percentage of orders returned", "share of returned orders"))))
        alias = "cancellation_rate" if status == "cancelled" else "return_rate"
        expr = f"100.0 * count(*) FILTER (WHERE o.status = '{status}') / count(*)"
        dkey = rng.choice((None, None, "region", "store", "channel", "city", "segment"))
        filters = self._filters(world, demo, tuple(k for k in ("region", "channel", "segment", "city")
                                                   if k != dkey), 1)
        period = sample_period(rng, 0.3)
        needs = {a for f in filters for a in f.needs}
        name = rng.choice(names)
        t = self._tail(filters, period)
        if dkey is None:
            sql = f"SELECT {expr} AS {alias} {from_clause('o', needs)}{self._where(None, filters, period)}"
            q = rng.choice(("{n} {t}", "what is the {n} {t}", "what was our {n} {t}", "{t} {n}")).format(n=name, t=t)
            return q, sql, tuple(f.value for f in filters)
        dim = DIMS[dkey]
        needs |= set(dim.needs)
        sql = (f"SELECT {dim.expr}, {expr} AS {alias} {from_clause('o', needs)}"
               f"{self._where(None, filters, period)} GROUP BY {dim.expr}")
        d1 = rng.choice(dim.one)
        if rng.random() < 0.35:
            sql += f" ORDER BY {alias} DESC LIMIT 1"
            q = rng.choice(("which {d} has the highest {n} {t}", "{d} with the highest {n} {t}",
                            "worst {n} by {d} {t}")).format(d=d1, n=name.replace("% of", "share of"), t=t)
        else:
            q = rng.choice(("{n} by {d} {t}", "{n} per {d} {t}", "{n} for each {d} {t}")).format(n=name, d=d1, t=t)
        return q, sql, tuple(f.value for f in filters)

    def share(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        period = sample_period(rng, 0.35)
        if rng.random() < 0.5:
            part = make_filter(rng.choice(("channel", "region", "category", "segment")), world, rng, demo)
            needs = set(part.needs)
            if rng.random() < 0.7:
                expr = f"100.0 * {REV} FILTER (WHERE {part.sql}) / {REV}"
                sql = (f"SELECT {expr} AS revenue_share {from_clause('ol', needs)}"
                       f"{self._where(MEASURES['revenue'], [], period)}")
                q = rng.choice(("what share of revenue came from {p} {t}", "{p} share of revenue {t}",
                                "percentage of sales {p} {t}", "what % of revenue is {p} {t}",
                                "revenue share of {p} {t}"))
            else:
                root = "o" if not needs & {"p", "c"} else "o"
                cnt = "count(DISTINCT o.order_id)" if needs & {"p", "c"} else "count(*)"
                expr = f"100.0 * {cnt} FILTER (WHERE {part.sql}) / {cnt}"
                sql = f"SELECT {expr} AS order_share {from_clause(root, needs)}{self._where(None, [], period)}"
                q = rng.choice(("what percentage of orders were {p} {t}", "share of orders {p} {t}",
                                "% of orders {p} {t}", "what fraction of orders came {p} {t}"))
            return q.format(p=part.phrase, t=self._tail([], period)), sql, (part.value,)
        dkey = rng.choice(("category", "region", "channel", "store", "segment", "brand"))
        dim = DIMS[dkey]
        needs = set(dim.needs)
        sql = (f"SELECT {dim.expr}, 100.0 * {REV} / sum({REV}) OVER () AS revenue_share "
               f"{from_clause('ol', needs)}{self._where(MEASURES['revenue'], [], period)} GROUP BY {dim.expr}")
        q = rng.choice(("share of revenue by {d} {t}", "revenue share per {d} {t}", "% of sales by {d} {t}",
                        "what percent of revenue does each {d} contribute {t}", "{d} share of total sales {t}"))
        return q.format(d=rng.choice(dim.one), t=self._tail([], period)), sql, ()

    def having(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        if rng.random() < 0.35:
            return self._having_catalog()
        dkey = rng.choice(("product", "category", "store", "region", "city", "brand", "customer", "customer"))
        dim = DIMS[dkey]
        m = rng.choice((MEASURES["revenue"], MEASURES["orders"], MEASURES["units"]))
        period = sample_period(rng, 0.4)
        if m.key == "revenue":
            x = rng.choice((5000, 10000, 20000, 50000, 80000, 100000, 200000, 250000, 500000, 1000000, 1500000,
                            2000000, 2500000, 5000000))
        else:
            x = rng.choice((1, 2, 3, 5, 10, 20, 30, 50, 100, 150, 200, 300, 500, 1000, 1500, 2000))
        amount = spoken_number(x, rng)
        op, words = rng.choice(((">", ("more than", "over", "above")), (">=", ("at least",)),
                                ("<", ("less than", "under", "below", "fewer than"))))
        needs = set(dim.needs)
        root, expr = self._measure_sql(m, needs)
        sql = (f"SELECT {dim.expr}, {expr} AS {m.alias} {from_clause(root, needs)}"
               f"{self._where(m, [], period)} GROUP BY {dim.expr} HAVING {expr} {op} {x}")
        word = rng.choice(words)
        mp = {"revenue": ("revenue", "sales", "in sales", "in revenue"), "orders": ("orders",),
              "units": ("units sold", "units")}[m.key]
        dn = rng.choice(dim.many)
        verb = {"revenue": ("spent", "generated", "made"), "orders": ("placed", "had", "got"),
                "units": ("sold",)}[m.key]
        templates = ["{dn} with {w} {a} {mp} {t}", "{dn} with {mp} {w} {a} {t}", "which {dn} had {w} {a} {mp} {t}",
                     "{dn} having {mp} {w} {a} {t}", "{dn} that {v} {w} {a} {mp2} {t}", "{t} {dn} with {w} {a} {mp}"]
        if m.key == "units":
            templates.append("{dn} that sold {w} {a} units {t}")
        if m.key == "revenue" and dkey == "customer":
            templates.append("{dn} who spent {w} {a} {t}")
        q = rng.choice(templates).format(dn=dn, w=word, a=amount, mp=rng.choice(mp), t=self._tail([], period),
                                         v=rng.choice(verb), mp2={"revenue": "", "orders": "orders", "units": "units"}[m.key])
        return q, sql, ()

    def _having_catalog(self) -> tuple[str, str, tuple[str, ...]]:
        """HAVING over the catalog tables (no orders): entity counts and average prices."""
        rng = self.rng
        op, words = rng.choice(((">", ("more than", "over", "above")), (">=", ("at least",)),
                                ("<", ("fewer than", "less than", "under"))))
        word = rng.choice(words)
        pick = rng.randrange(6)
        if pick == 5:
            x = rng.choice((50, 100, 200, 300, 500, 800, 1000, 2000))
            dkey, head = rng.choice((("category", "SELECT c.name, avg(p.unit_price) AS avg_price FROM products p "
                                                   "JOIN categories c ON c.category_id = p.category_id GROUP BY c.name"),
                                      ("brand", "SELECT p.brand, avg(p.unit_price) AS avg_price FROM products p "
                                                "GROUP BY p.brand")))
            q = rng.choice(("{dn} with {ap} {w} {a}", "{dn} whose {ap} is {w} {a}", "which {dn} have an {ap} {w} {a}"))
            q = q.format(dn=rng.choice(DIMS[dkey].many), ap=rng.choice(("average price", "avg price", "mean price",
                                                                           "average product price")),
                         w=word.replace("fewer", "less"), a=spoken_number(x, rng))
            return q, f"{head} HAVING avg(p.unit_price) {op} {x}", ()
        x = rng.choice((1, 1, 2, 2, 3, 5, 8, 9, 10, 20, 50, 100, 200, 300, 500))
        dkey, thing, alias, head = (
            ("brand", "products", "product_count", "SELECT p.brand, count(*) AS product_count FROM products p "
                                                   "GROUP BY p.brand"),
            ("category", "products", "product_count", "SELECT c.name, count(*) AS product_count FROM products p "
                                                      "JOIN categories c ON c.category_id = p.category_id GROUP BY c.name"),
            ("city", "stores", "store_count", "SELECT s.city, count(*) AS store_count FROM stores s GROUP BY s.city"),
            ("region", "stores", "store_count", "SELECT r.name, count(*) AS store_count FROM stores s "
                                                "JOIN regions r ON r.region_id = s.region_id GROUP BY r.name"),
            ("customer_city", "customers", "customer_count", "SELECT cu.city, count(*) AS customer_count "
                                                             "FROM customers cu GROUP BY cu.city"),
        )[pick]
        dn = rng.choice(DIMS["city"].many if dkey == "customer_city" else DIMS[dkey].many)
        things = thing if x != 1 else thing[:-1]
        q = rng.choice(("{dn} with {w} {a} {th}", "which {dn} have {w} {a} {th}", "{dn} that have {w} {a} {th}",
                        "{dn} having {w} {a} {th}", "show {dn} with {w} {a} {th}"))
        q = q.format(dn=dn, w=word, a=spoken_number(x, rng, words=True), th=things)
        return q, f"{head} HAVING count(*) {op} {x}", ()

    def distinct(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        filters = self._filters(world, demo, ("region", "category", "channel", "segment", "city"), 1)
        period = sample_period(rng, 0.25)
        t = self._tail(filters, period)
        needs = {a for f in filters for a in f.needs}
        kind = rng.choice(("customers", "buyers", "products", "brands", "stores"))
        if kind == "customers":
            sql = f"SELECT count(DISTINCT o.customer_id) AS customer_count {from_clause('o', needs)}"
            sql += self._where(None, filters, period)
            q = rng.choice(("how many customers ordered {t}", "how many distinct customers placed orders {t}",
                            "number of unique customers who ordered {t}"))
        elif kind == "buyers":
            sql = f"SELECT count(DISTINCT o.customer_id) AS customer_count {from_clause('o', needs)}"
            sql += self._where(MEASURES["revenue"], filters, period)
            q = rng.choice(("how many customers bought something {t}", "how many customers purchased {t}",
                            "number of distinct buyers {t}"))
        elif kind == "products":
            sql = f"SELECT count(DISTINCT ol.product_id) AS product_count {from_clause('ol', needs)}"
            sql += self._where(MEASURES["revenue"], filters, period)
            q = rng.choice(("how many products were sold {t}", "how many different products sold {t}",
                            "number of distinct products sold {t}"))
        elif kind == "brands":
            needs.add("p")
            sql = f"SELECT count(DISTINCT p.brand) AS brand_count {from_clause('ol', needs)}"
            sql += self._where(MEASURES["revenue"], filters, period)
            q = rng.choice(("how many brands were sold {t}", "how many different brands did we sell {t}"))
        else:
            filters = [f for f in filters if f.kind not in ("city", "region")]
            needs = {a for f in filters for a in f.needs}
            t = self._tail(filters, period)
            sql = f"SELECT count(DISTINCT o.store_id) AS store_count {from_clause('o', needs)}"
            sql += self._where(None, filters, period)
            q = rng.choice(("how many stores had orders {t}", "number of stores with orders {t}"))
        return q.format(t=t), sql, tuple(f.value for f in filters)

    def entities(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        rng = self.rng
        pick = rng.randrange(14)
        v = world.values

        lit = _lit

        def say(x: str) -> str:
            return spoken(x, rng, demo)
        if pick == 0:
            r = rng.choice(v["region"])
            return (rng.choice(("list stores in {r}", "which stores are in {r}", "stores in {r}",
                                "show all {r} stores")).format(r=say(r)),
                    f"SELECT s.name FROM stores s JOIN regions r ON r.region_id = s.region_id WHERE r.name = {lit(r)}",
                    (r,))
        if pick == 1:
            if rng.random() < 0.5:
                r = rng.choice(v["region"])
                return (rng.choice(("how many stores in {r}", "number of stores in {r}",
                                    "how many stores do we have in {r}")).format(r=say(r)),
                        "SELECT count(*) AS store_count FROM stores s JOIN regions r ON r.region_id = s.region_id "
                        f"WHERE r.name = {lit(r)}", (r,))
            c = rng.choice(v["city"])
            if rng.random() < 0.5:
                return (rng.choice(("how many stores in {c}", "number of stores in {c}")).format(c=say(c)),
                        f"SELECT count(*) AS store_count FROM stores s WHERE s.city = {lit(c)}", (c,))
            return (rng.choice(("stores in {c}", "list our {c} stores", "which stores are in {c}")).format(c=say(c)),
                    f"SELECT s.name FROM stores s WHERE s.city = {lit(c)}", (c,))
        if pick == 2:
            return (rng.choice(("number of stores by region", "stores per region", "how many stores in each region",
                                "store count by region")),
                    "SELECT r.name, count(*) AS store_count FROM stores s JOIN regions r ON r.region_id = s.region_id "
                    "GROUP BY r.name", ())
        if pick == 3:
            c = rng.choice(v["category"])
            return (rng.choice(("how many products in {c}", "number of {c} products", "how many products does {c} have",
                                "count products in the {c} category")).format(c=say(c)),
                    "SELECT count(*) AS product_count FROM products p JOIN categories c ON c.category_id = p.category_id "
                    f"WHERE c.name = {lit(c)}", (c,))
        if pick == 4:
            return (rng.choice(("products per category", "number of products by category",
                                "how many products in each category")),
                    "SELECT c.name, count(*) AS product_count FROM products p "
                    "JOIN categories c ON c.category_id = p.category_id GROUP BY c.name", ())
        if pick == 5:
            if rng.random() < 0.5:
                c = rng.choice(v["category"])
                return (rng.choice(("average price of {c} products", "avg price in {c}", "mean list price for {c}",
                                    "what's the average price of {c} items")).format(c=say(c)),
                        "SELECT avg(p.unit_price) AS avg_price FROM products p "
                        f"JOIN categories c ON c.category_id = p.category_id WHERE c.name = {lit(c)}", (c,))
            return (rng.choice(("average price by category", "avg product price per category",
                                "average list price for each category")),
                    "SELECT c.name, avg(p.unit_price) AS avg_price FROM products p "
                    "JOIN categories c ON c.category_id = p.category_id GROUP BY c.name", ())
        if pick == 6:
            desc = rng.random() < 0.5
            n = rng.choice((None, None, 3, 5, 10))
            word = rng.choice(("most expensive", "priciest", "highest priced") if desc
                              else ("cheapest", "least expensive", "lowest priced"))
            f = make_filter(rng.choice(("category", "brand")), world, rng, demo) if rng.random() < 0.5 else None
            subj = f"{word} product" if n is None else f"{n} {word} products"
            q = rng.choice(("{s}", "what is the {s}", "show the {s}", "{s} overall")).format(s=subj)
            sql = "SELECT p.name, p.unit_price FROM products p"
            if f is not None:
                q += " " + f.phrase
                if f.kind == "category":
                    sql += " JOIN categories c ON c.category_id = p.category_id"
                sql += f" WHERE {f.sql}"
            sql += f" ORDER BY p.unit_price {'DESC' if desc else 'ASC'} LIMIT {n or 1}"
            return q, sql, ((f.value,) if f else ())
        if pick == 7:
            b = rng.choice(v["brand"])
            if rng.random() < 0.5:
                return (rng.choice(("list {b} products", "which products does {b} make", "show all {b} products",
                                    "{b} products")).format(b=say(b)),
                        f"SELECT p.name FROM products p WHERE p.brand = {lit(b)}", (b,))
            return (rng.choice(("how many {b} products do we carry", "number of products from {b}",
                                "count {b} products")).format(b=say(b)),
                    f"SELECT count(*) AS product_count FROM products p WHERE p.brand = {lit(b)}", (b,))
        if pick == 8:
            r = rng.choice(v["region"])
            return (rng.choice(("how many customers in {r}", "number of customers from {r}",
                                "how many customers are located in {r}", "how many customers live in {r}")).format(r=say(r)),
                    "SELECT count(*) AS customer_count FROM customers cu JOIN regions r ON r.region_id = cu.region_id "
                    f"WHERE r.name = {lit(r)}", (r,))
        if pick == 9:
            if rng.random() < 0.5:
                return (rng.choice(("customers by segment", "how many customers per segment",
                                    "customer count by segment", "number of customers in each segment")),
                        "SELECT cu.segment, count(*) AS customer_count FROM customers cu GROUP BY cu.segment", ())
            return (rng.choice(("customers by region", "how many customers in each region",
                                "where do our customers live", "customer count per region")),
                    "SELECT r.name, count(*) AS customer_count FROM customers cu "
                    "JOIN regions r ON r.region_id = cu.region_id GROUP BY r.name", ())
        if pick == 10:
            seg = rng.choice(v["segment"])
            c = rng.choice(v["city"])
            if rng.random() < 0.5:
                return (rng.choice(("how many {s} customers", "number of {s} customers", "count of {s} customers",
                                    "how many customers are {s}")).format(s=say(seg)),
                        f"SELECT count(*) AS customer_count FROM customers cu WHERE cu.segment = {lit(seg)}", (seg,))
            return (rng.choice(("how many customers from {c}", "customer count in {c}", "number of customers in {c}")
                               ).format(c=say(c)),
                    f"SELECT count(*) AS customer_count FROM customers cu WHERE cu.city = {lit(c)}", (c,))
        if pick == 11:
            period = sample_period(rng, 0.0)
            assert period is not None
            if rng.random() < 0.7:
                return (rng.choice(("new customers {t}", "how many new customers {t}", "how many customers signed up {t}",
                                    "signups {t}", "number of new signups {t}")).format(t=period.phrase),
                        f"SELECT count(*) AS customer_count FROM customers cu WHERE {period.sql('cu.signup_date')}", ())
            return (rng.choice(("stores opened {t}", "which stores opened {t}", "new stores {t}")).format(t=period.phrase),
                    f"SELECT s.name FROM stores s WHERE {period.sql('s.opened_on')}", ())
        if pick == 12:
            st = rng.choice(v["store"])
            if rng.random() < 0.5:
                return (rng.choice(("when did {s} open", "opening date of {s}", "when was the {s} store opened")
                                   ).format(s=say(st)),
                        f"SELECT s.opened_on FROM stores s WHERE s.name = {lit(st)}", (st,))
            return (rng.choice(("which region is {s} in", "what region is the {s} store in", "region of {s}")
                                ).format(s=say(st)),
                    f"SELECT r.name FROM stores s JOIN regions r ON r.region_id = s.region_id WHERE s.name = {lit(st)}",
                    (st,))
        what, qs = rng.choice((
            ("SELECT c.name FROM categories c", ("list all categories", "what categories do we have",
                                                  "show product categories")),
            ("SELECT r.name FROM regions r", ("list regions", "what regions are there", "all regions")),
            ("SELECT DISTINCT p.brand FROM products p", ("list brands", "which brands do we sell",
                                                         "all brands we carry")),
            ("SELECT count(DISTINCT p.brand) AS brand_count FROM products p", ("how many brands do we carry",
                                                                                "number of brands")),
            ("SELECT count(*) AS store_count FROM stores s", ("how many stores do we have", "total number of stores")),
            ("SELECT count(*) AS customer_count FROM customers cu", ("how many customers do we have",
                                                                      "total customers")),
            ("SELECT count(*) AS product_count FROM products p", ("how many products are there",
                                                                   "number of products in the catalog"))))
        return rng.choice(qs), what, ()

    def lookup(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        """Plain lookups: lists filtered by named values and prices, attributes of a named row."""
        rng = self.rng
        v = world.values
        pick = rng.randrange(10)
        if pick in (0, 1, 2):                     # products by brand / category / price
            cond, joins, protect, subject = [], "", [], "products"
            if pick in (0, 2) and rng.random() < 0.8:
                b = rng.choice(v["brand"])
                cond.append(f"p.brand = {_lit(b)}")
                protect.append(b)
                subject = f"{spoken(b, rng, demo)} {rng.choice(('products', 'items', 'stuff', 'products'))}"
            if pick in (1, 2) and (not cond or rng.random() < 0.3):
                c = rng.choice(v["category"])
                cond.append(f"c.name = {_lit(c)}")
                joins = " JOIN categories c ON c.category_id = p.category_id"
                protect.append(c)
                said = spoken(c, rng, demo)
                subject = (rng.choice(("{c} products", "{c} items", "{c}", "products in {c}"))
                           .format(c=said) if subject == "products" else f"{subject} in {said}")
            price = ""
            if rng.random() < 0.45:
                x = rng.choice((20, 50, 100, 200, 300, 500, 800, 1000, 1500, 2000, 3000, 5000))
                op, word = rng.choice((("<", "under"), ("<", "cheaper than"), ("<", "below"), ("<", "less than"),
                                       (">", "over"), (">", "more than"), (">", "above"), (">", "pricier than")))
                cond.append(f"p.unit_price {op} {x}")
                price = f" {word} {spoken_number(x, rng)}"
            with_price = bool(price) or rng.random() < 0.3
            cols = "p.name, p.unit_price" if with_price else "p.name"
            if not cond:
                return (rng.choice(("list all products", "show every product", "product list")),
                        f"SELECT {cols} FROM products p", ())
            tail = " and their prices" if with_price and not price and rng.random() < 0.7 else ""
            q = rng.choice(("{s}{p}{t}", "show me all {s}{p}{t}", "list {s}{p}{t}", "which {s} do we have{p}{t}",
                            "what {s} do we sell{p}{t}", "all {s}{p}{t}")).format(s=subject, p=price, t=tail)
            return q, f"SELECT {cols} FROM products p{joins} WHERE {' AND '.join(cond)}", tuple(protect)
        if pick == 3:                             # an attribute of a named product
            name = rng.choice(v["product"])
            what = rng.randrange(3)
            said = name.lower() if rng.random() < 0.25 else name
            if what == 0:
                q = rng.choice(("what's the price of the {p}", "how much does the {p} cost", "{p} price",
                                "price of {p}", "what does {p} cost", "list price of the {p}"))
                sql = f"SELECT p.unit_price FROM products p WHERE p.name = {_lit(name)}"
            elif what == 1:
                q = rng.choice(("what category is the {p} in", "which category does {p} belong to",
                                "{p} category", "category of the {p}"))
                sql = ("SELECT c.name FROM products p JOIN categories c ON c.category_id = p.category_id "
                       f"WHERE p.name = {_lit(name)}")
            else:
                q = rng.choice(("what brand is the {p}", "who makes the {p}", "brand of {p}"))
                sql = f"SELECT p.brand FROM products p WHERE p.name = {_lit(name)}"
            return q.format(p=said), sql, (name,)
        if pick == 4:                             # an attribute of a named store
            st = rng.choice(v["store"])
            said = spoken(st, rng, demo)
            if rng.random() < 0.5:
                q = rng.choice(("what city is the {s} store in", "where is the {s} store", "which city is {s} in",
                                "city of the {s} store"))
                return q.format(s=said), f"SELECT s.city FROM stores s WHERE s.name = {_lit(st)}", (st,)
            c = rng.choice(v["city"])
            q = rng.choice(("which region is the {c} store in", "what region are the {c} stores in",
                            "region of our {c} store"))
            return (q.format(c=spoken(c, rng, demo)),
                    f"SELECT r.name FROM stores s JOIN regions r ON r.region_id = s.region_id WHERE s.city = {_lit(c)}",
                    (c,))
        if pick in (5, 6):                        # customers filtered by segment / city / region
            cond, joins, protect, parts = [], "", [], []
            if rng.random() < 0.7:
                seg = rng.choice(v["segment"])
                cond.append(f"cu.segment = {_lit(seg)}")
                protect.append(seg)
                parts.append(spoken(seg, rng, demo))
            if not cond or rng.random() < 0.6:
                if rng.random() < 0.75:
                    c = rng.choice(v["city"])
                    cond.append(f"cu.city = {_lit(c)}")
                    loc = c
                else:
                    c = rng.choice(v["region"])
                    cond.append(f"r.name = {_lit(c)}")
                    joins = " JOIN regions r ON r.region_id = cu.region_id"
                    loc = c
                protect.append(c)
                where = rng.choice(("in", "from", "based in", "located in")) + " " + spoken(loc, rng, demo)
            else:
                where = ""
            who = " ".join(parts + [rng.choice(("customers", "clients", "customers", "accounts"))])
            q = rng.choice(("{w} {l}", "list {w} {l}", "show me {w} {l}", "who are our {w} {l}", "all {w} {l}",
                            "names of {w} {l}")).format(w=who, l=where).strip()
            return q, f"SELECT cu.name FROM customers cu{joins} WHERE {' AND '.join(cond)}", tuple(protect)
        if pick == 7:                             # cities with stores in a region
            r = rng.choice(v["region"])
            q = rng.choice(("which cities do we have stores in {r}", "cities with stores in {r}",
                            "what cities are our {r} stores in", "list the cities we operate in in {r}",
                            "which cities in {r} have a store"))
            return (q.format(r=spoken(r, rng, demo)),
                    f"SELECT DISTINCT s.city FROM stores s JOIN regions r ON r.region_id = s.region_id "
                    f"WHERE r.name = {_lit(r)}", (r,))
        if pick == 8:                             # brands in a category
            c = rng.choice(v["category"])
            q = rng.choice(("brands we sell in {c}", "which brands are in {c}", "{c} brands", "list brands in {c}",
                            "what brands do we carry in {c}"))
            return (q.format(c=spoken(c, rng, demo)),
                    "SELECT DISTINCT p.brand FROM products p JOIN categories c ON c.category_id = p.category_id "
                    f"WHERE c.name = {_lit(c)}", (c,))
        cust = rng.choice(v["customer"])           # an attribute of a named customer
        column, phrasings = rng.choice((
            ("cu.segment", ("what segment is {c} in", "which segment is {c}", "segment of {c}")),
            ("cu.city", ("which city is {c} in", "where is {c} based", "city of customer {c}")),
            ("cu.signup_date", ("when did {c} sign up", "signup date of {c}", "when did {c} join"))))
        return (rng.choice(phrasings).format(c=cust), f"SELECT {column} FROM customers cu WHERE cu.name = {_lit(cust)}",
                (cust,))

    def named(self, world: World, demo: bool) -> tuple[str, str, tuple[str, ...]]:
        """Order history of one named customer or product."""
        rng = self.rng
        v = world.values
        period = sample_period(rng, 0.4)
        t = "" if period is None else " " + period.phrase
        when = "" if period is None else " AND " + period.sql("o.ordered_at")
        done = "o.status = 'completed'"
        pick = rng.randrange(8)
        if pick < 5:
            cust = rng.choice(v["customer"])
            c = cust.lower() if rng.random() < 0.2 else cust
            by = f"cu.name = {_lit(cust)}"
            cu = "JOIN customers cu ON cu.customer_id = o.customer_id"
            if pick == 0:
                q = rng.choice(("how much did {c} spend{t}", "total spend of {c}{t}", "revenue from {c}{t}",
                                "how much has {c} bought{t}", "{c} sales{t}", "what did {c} spend{t}"))
                sql = (f"SELECT {REV} AS revenue FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id "
                       f"{cu} WHERE {done} AND {by}{when}")
            elif pick == 1:
                q = rng.choice(("what did {c} buy{t}", "which products did {c} purchase{t}",
                                "products bought by {c}{t}", "what has {c} ordered{t}"))
                sql = (f"SELECT DISTINCT p.name FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id "
                       f"JOIN products p ON p.product_id = ol.product_id {cu} WHERE {done} AND {by}{when}")
            elif pick == 2:
                q = rng.choice(("how many orders did {c} place{t}", "number of orders from {c}{t}",
                                "{c} order count{t}", "how many times did {c} order{t}"))
                sql = f"SELECT count(*) AS order_count FROM orders o {cu} WHERE {by}{when}"
            elif pick == 3:
                q = rng.choice(("when did {c} last order", "last order date for {c}", "{c}'s most recent order",
                                "when was the last purchase by {c}"))
                sql = f"SELECT max(o.ordered_at) AS last_order FROM orders o {cu} WHERE {by}"
            else:
                q = rng.choice(("list the products in the last order of {c}", "what was in {c}'s latest order",
                                "products in the most recent order from {c}", "items of the last order by {c}"))
                sql = ("SELECT p.name FROM order_lines ol JOIN products p ON p.product_id = ol.product_id "
                       "WHERE ol.order_id = (SELECT o.order_id FROM orders o "
                       f"{cu} WHERE {by} ORDER BY o.ordered_at DESC LIMIT 1)")
            return q.format(c=c, t=t), sql, (cust,)
        prod = rng.choice(v["product"])
        p = prod.lower() if rng.random() < 0.2 else prod
        head = ("FROM order_lines ol JOIN orders o ON o.order_id = ol.order_id "
                "JOIN products p ON p.product_id = ol.product_id")
        by = f"p.name = {_lit(prod)}"
        if pick == 5:
            q = rng.choice(("which stores sold the {p}{t}", "stores that sold {p}{t}", "where did the {p} sell{t}"))
            sql = f"SELECT DISTINCT s.name {head} JOIN stores s ON s.store_id = o.store_id WHERE {done} AND {by}{when}"
        elif pick == 6:
            q = rng.choice(("which regions bought the {p}{t}", "regions where the {p} sold{t}",
                            "in which regions was {p} sold{t}"))
            sql = (f"SELECT DISTINCT r.name {head} JOIN stores s ON s.store_id = o.store_id "
                   f"JOIN regions r ON r.region_id = s.region_id WHERE {done} AND {by}{when}")
        else:
            q = rng.choice(("which customers bought the {p}{t}", "who bought {p}{t}", "customers who purchased the {p}{t}"))
            sql = (f"SELECT DISTINCT cu.name {head} JOIN customers cu ON cu.customer_id = o.customer_id "
                   f"WHERE {done} AND {by}{when}")
        return q.format(p=p, t=t), sql, (prod,)

