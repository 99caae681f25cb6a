"""Schema-agnostic question/SQL sampling over arbitrary schemas (Spider's 200 and others).

Columns get roles from their names and types (label, category, measure, date, key); text
columns get invented stored values (countries, cities, names, statuses ...) so that value
linking has something to find, and some tables get a ``created_at`` so that relative dates
appear outside retail too. SQL style matches the retail generator: every table aliased,
entity name first and then the measure.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

from training.data.noise import add_noise
from training.data.retail_world import Sample, sample_period
from training.data.schemas import context
from ask.context.column_roles import Roles, is_key as _is_key, make_alias, plural, roles, singular, words
from ask.schema import Column, Table

_POOLS: dict[str, tuple[str, ...]] = {
    "country": ("France", "Germany", "United States", "Japan", "Brazil", "Canada", "Italy", "Spain", "China",
                "India", "Mexico", "Australia", "Netherlands", "Sweden", "Norway", "Kenya", "Egypt", "Chile"),
    "city": ("Paris", "London", "New York", "Tokyo", "Berlin", "Madrid", "Rome", "Toronto", "Sydney", "Chicago",
             "Boston", "Austin", "Seattle", "Denver", "Lyon", "Osaka", "Dublin", "Lisbon", "Prague", "Oslo"),
    "name": ("John Smith", "Maria Garcia", "Wei Zhang", "Anna Muller", "James Brown", "Yuki Tanaka",
             "Olivia Jones", "Liam Wilson", "Emma Davis", "Noah Miller", "Sofia Rossi", "Lucas Martin"),
    "gender": ("Male", "Female", "M", "F"),
    "status": ("active", "inactive", "pending", "closed", "approved", "rejected", "open", "completed"),
    "type": ("Standard", "Premium", "Basic", "Deluxe", "Economy", "Business", "Private", "Public", "Regular"),
    "color": ("Red", "Blue", "Green", "Black", "White", "Silver", "Yellow"),
    "genre": ("Rock", "Pop", "Jazz", "Drama", "Comedy", "Action", "Classical", "Hip Hop", "Horror"),
    "position": ("Manager", "Engineer", "Analyst", "Director", "Forward", "Goalkeeper", "Defender", "Midfielder"),
    "day": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "generic": ("Alpha", "Beta", "Gamma", "Delta", "North", "South", "East", "West", "Gold", "Silver",
                "Bronze", "Summer", "Winter", "Spring", "Autumn", "Senior", "Junior", "Main", "Annex", "Lakeside",
                "Riverside", "Hilltop", "Central", "Harbor", "Pioneer", "Liberty", "Victory", "Heritage"),
}
_POOL_OF = (
    (re.compile(r"country|nation|nationality"), "country"), (re.compile(r"city|town|hometown|location|place"), "city"),
    (re.compile(r"gender|sex"), "gender"), (re.compile(r"status|state$|result"), "status"),
    (re.compile(r"type|class|kind|category|level|grade"), "type"), (re.compile(r"colou?r"), "color"),
    (re.compile(r"genre|style"), "genre"), (re.compile(r"position|role|title|rank|job"), "position"),
    (re.compile(r"day"), "day"), (re.compile(r"name|owner|manager|director|author|artist|player"), "name"),
)


def _pool(col: str) -> str:
    for pat, pool in _POOL_OF:
        if pat.search(col):
            return pool
    return "generic"


def decorate(tables: list[Table], rng: random.Random) -> tuple[list[Table], dict[tuple[str, str], tuple[str, ...]]]:
    """Invent stored values for text columns (attached to some) and add a few ``created_at`` columns."""
    values: dict[tuple[str, str], tuple[str, ...]] = {}
    out = []
    for t in tables:
        cols = []
        for c in t.columns:
            if c.type == "text" and not _is_key(t, c):
                pool = _POOLS[_pool(c.name)]
                vals = tuple(rng.sample(pool, min(len(pool), rng.randint(3, 10))))
                values[(t.name, c.name)] = vals
                attach = rng.random() < (0.45 if _pool(c.name) == "name" else 0.8)
                c = replace(c, values=vals if attach else ())
            cols.append(c)
        if rng.random() < 0.3 and not any(c.type.startswith(("date", "timestamp")) for c in cols):
            cols.append(Column(rng.choice(("created_at", "event_date", "recorded_at")),
                               rng.choice(("timestamp with time zone", "date"))))
        out.append(replace(t, columns=tuple(cols)))
    return out, values


class GenericGenerator:
    def __init__(self, rng: random.Random, schemas: dict[str, list[Table]]) -> None:
        self.rng = rng
        self.schemas = schemas
        self.names = sorted(schemas)

    def sample(self) -> Sample:
        rng = self.rng
        for _ in range(20):
            db = rng.choice(self.names)
            tables, values = decorate(self.schemas[db], rng)
            got = self._one(tables, values)
            if got is not None:
                q, sql, cat, protect = got
                return Sample(add_noise(q, rng, protect), sql, context(tables, db), "generic:" + cat)
        raise RuntimeError("no sample")

    def _one(self, tables: list[Table], values: dict[tuple[str, str], tuple[str, ...]]):
        rng = self.rng
        t = rng.choice(tables)
        fk_children = [(c, fk) for c in tables for fk in c.foreign_keys if fk.ref_table == t.name and c is not t]
        if fk_children and rng.random() < 0.3:
            child, fk = rng.choice(fk_children)
            return self._join(t, child, fk, values)
        r = roles(t, make_alias(t.name, set()))
        shapes = [self._count, self._list, self._agg, self._group, self._top, self._having, self._distinct,
                  self._ratio, self._dated, self._order]
        return rng.choice(shapes)(r, values)

    def _value(self, r: Roles, col: str, values) -> tuple[str, str]:
        v = self.rng.choice(values[(r.table.name, col)])
        return v, (v.lower() if self.rng.random() < 0.3 else v)

    def _cond(self, r: Roles, values) -> tuple[str, str, tuple[str, ...]] | None:
        rng = self.rng
        opts = []
        if r.cats:
            opts.append("cat")
        if r.nums:
            opts.append("num")
        if not opts or rng.random() < 0.3:
            return None
        if rng.choice(opts) == "cat":
            col = rng.choice(r.cats)
            v, said = self._value(r, col, values)
            phrase = rng.choice(("with {c} {v}", "whose {c} is {v}", "where {c} = {v}", "that have {c} {v}",
                                 "in {v}" if _pool(col) in ("city", "country") else "of {c} {v}"))
            return f"{r.alias}.{col} = '{v.replace(chr(39), chr(39) * 2)}'", phrase.format(c=words(col), v=said), (v,)
        col = rng.choice(r.nums)
        x = rng.choice((1, 5, 10, 20, 50, 100, 500, 1000, 2.5, 30, 200))
        op, w = rng.choice(((">", ("more than", "greater than", "over", "above")), ("<", ("less than", "below", "under")),
                            (">=", ("at least",)), ("<=", ("at most",))))
        return f"{r.alias}.{col} {op} {x}", f"with {words(col)} {rng.choice(w)} {x}", ()

    def _from(self, r: Roles) -> str:
        return f"FROM {r.table.name} {r.alias}"

    def _count(self, r: Roles, values):
        cond = self._cond(r, values)
        sql = f"SELECT count(*) {self._from(r)}" + (f" WHERE {cond[0]}" if cond else "")
        q = self.rng.choice(("how many {t} are there {c}", "number of {t} {c}", "count the {t} {c}",
                             "how many {t} {c}", "total number of {t} {c}"))
        return q.format(t=plural(r.table.name), c=cond[1] if cond else ""), sql, "count", cond[2] if cond else ()

    def _list(self, r: Roles, values):
        if r.label is None:
            return None
        cond = self._cond(r, values)
        sql = f"SELECT {r.alias}.{r.label} {self._from(r)}" + (f" WHERE {cond[0]}" if cond else "")
        q = self.rng.choice(("list the {l} of {t} {c}", "show all {t} {c}", "which {t} {c}", "{l} of all {t} {c}",
                             "what are the {l}s of {t} {c}", "give me the {t} {c}"))
        return (q.format(l=words(r.label), t=plural(r.table.name), c=cond[1] if cond else ""), sql, "list",
                cond[2] if cond else ())

    def _agg(self, r: Roles, values):
        if not r.nums:
            return None
        col = self.rng.choice(r.nums)
        fn, w = self.rng.choice((("avg", ("average", "mean", "avg")), ("sum", ("total", "sum of")),
                                 ("max", ("maximum", "highest", "largest")), ("min", ("minimum", "lowest", "smallest"))))
        cond = self._cond(r, values)
        sql = f"SELECT {fn}({r.alias}.{col}) {self._from(r)}" + (f" WHERE {cond[0]}" if cond else "")
        q = self.rng.choice(("{w} {c} of {t} {f}", "what is the {w} {c} of {t} {f}", "{w} {c} {f}",
                             "{w} {c} across {t} {f}"))
        return (q.format(w=self.rng.choice(w), c=words(col), t=plural(r.table.name), f=cond[1] if cond else ""),
                sql, "agg", cond[2] if cond else ())

    def _group(self, r: Roles, values):
        if not r.cats:
            return None
        cat = self.rng.choice(r.cats)
        if r.nums and self.rng.random() < 0.5:
            col = self.rng.choice(r.nums)
            fn, w = self.rng.choice((("avg", "average"), ("sum", "total"), ("max", "maximum")))
            sql = f"SELECT {r.alias}.{cat}, {fn}({r.alias}.{col}) {self._from(r)} GROUP BY {r.alias}.{cat}"
            q = self.rng.choice(("{w} {n} by {c}", "{w} {n} for each {c}", "{w} {n} per {c} of {t}"))
            return q.format(w=w, n=words(col), c=words(cat), t=plural(r.table.name)), sql, "group", ()
        sql = f"SELECT {r.alias}.{cat}, count(*) {self._from(r)} GROUP BY {r.alias}.{cat}"
        q = self.rng.choice(("number of {t} by {c}", "how many {t} for each {c}", "count {t} per {c}",
                             "{t} per {c}"))
        return q.format(t=plural(r.table.name), c=words(cat)), sql, "group", ()

    def _top(self, r: Roles, values):
        rng = self.rng
        if r.label and r.nums and rng.random() < 0.6:
            col = rng.choice(r.nums)
            desc = rng.random() < 0.7
            n = rng.choice((None, None, 3, 5, 10))
            sql = (f"SELECT {r.alias}.{r.label}, {r.alias}.{col} {self._from(r)} ORDER BY {r.alias}.{col} "
                   f"{'DESC' if desc else 'ASC'} LIMIT {n or 1}")
            w = rng.choice(("highest", "largest", "most", "top") if desc else ("lowest", "smallest", "least"))
            subj = singular(r.table.name) if n is None else f"{n} {plural(r.table.name)}"
            q = rng.choice(("{s} with the {w} {c}", "which {s} has the {w} {c}", "{s} by {c} {o}")).format(
                s=subj, w=w, c=words(col), o="descending" if desc else "ascending")
            return q, sql, "top", ()
        if not r.cats:
            return None
        cat = rng.choice(r.cats)
        sql = (f"SELECT {r.alias}.{cat}, count(*) {self._from(r)} GROUP BY {r.alias}.{cat} "
               f"ORDER BY count(*) DESC LIMIT 1")
        q = rng.choice(("which {c} has the most {t}", "most common {c} among {t}", "{c} with the most {t}"))
        return q.format(c=words(cat), t=plural(r.table.name)), sql, "top", ()

    def _having(self, r: Roles, values):
        if not r.cats:
            return None
        cat = self.rng.choice(r.cats)
        n = self.rng.choice((1, 2, 3, 5, 10))
        sql = (f"SELECT {r.alias}.{cat}, count(*) {self._from(r)} GROUP BY {r.alias}.{cat} "
               f"HAVING count(*) > {n}")
        q = self.rng.choice(("{c} values with more than {n} {t}", "which {c} have more than {n} {t}",
                             "{c}s having over {n} {t}"))
        return q.format(c=words(cat), n=n, t=plural(r.table.name)), sql, "having", ()

    def _distinct(self, r: Roles, values):
        if not r.cats:
            return None
        cat = self.rng.choice(r.cats)
        if self.rng.random() < 0.5:
            sql = f"SELECT count(DISTINCT {r.alias}.{cat}) {self._from(r)}"
            q = self.rng.choice(("how many different {c}s are there", "number of distinct {c} values among {t}",
                                 "count distinct {c} of {t}"))
        else:
            sql = f"SELECT DISTINCT {r.alias}.{cat} {self._from(r)}"
            q = self.rng.choice(("list the distinct {c}s of {t}", "what are the different {c}s", "all {c} values of {t}"))
        return q.format(c=words(cat), t=plural(r.table.name)), sql, "distinct", ()

    def _ratio(self, r: Roles, values):
        if not r.cats:
            return None
        cat = self.rng.choice(r.cats)
        v, said = self._value(r, cat, values)
        lit = v.replace("'", "''")
        sql = f"SELECT 100.0 * count(*) FILTER (WHERE {r.alias}.{cat} = '{lit}') / count(*) {self._from(r)}"
        q = self.rng.choice(("percentage of {t} with {c} {v}", "what % of {t} are {v}", "share of {t} whose {c} is {v}"))
        return q.format(t=plural(r.table.name), c=words(cat), v=said), sql, "ratio", (v,)

    def _dated(self, r: Roles, values):
        if not r.dates:
            return None
        col = self.rng.choice(r.dates)
        period = sample_period(self.rng, 0.0)
        assert period is not None
        sql = f"SELECT count(*) {self._from(r)} WHERE {period.sql(f'{r.alias}.{col}')}"
        q = self.rng.choice(("how many {t} {p}", "number of new {t} {p}", "{t} count {p}", "count {t} {p}"))
        return q.format(t=plural(r.table.name), p=period.phrase), sql, "dates", ()

    def _order(self, r: Roles, values):
        if not (r.label and r.nums):
            return None
        col = self.rng.choice(r.nums)
        desc = self.rng.random() < 0.5
        sql = (f"SELECT {r.alias}.{r.label}, {r.alias}.{col} {self._from(r)} ORDER BY {r.alias}.{col}"
               f"{' DESC' if desc else ''}")
        q = self.rng.choice(("list {t} sorted by {c}{d}", "{l} and {c} of all {t} ordered by {c}{d}"))
        return q.format(t=plural(r.table.name), c=words(col), l=words(r.label),
                        d=" descending" if desc else ""), sql, "order", ()

    def _join(self, parent: Table, child: Table, fk, values):
        rng = self.rng
        taken: set[str] = set()
        rc, rp = roles(child, make_alias(child.name, taken)), roles(parent, make_alias(parent.name, taken))
        if rp.label is None:
            return None
        on = f"{rp.alias}.{fk.ref_columns[0]} = {rc.alias}.{fk.columns[0]}"
        frm = f"FROM {child.name} {rc.alias} JOIN {parent.name} {rp.alias} ON {on}"
        lab = f"{rp.alias}.{rp.label}"
        pick = rng.randrange(4)
        if pick == 0:
            sql = f"SELECT {lab}, count(*) {frm} GROUP BY {lab}"
            q = rng.choice(("number of {c} for each {p}", "how many {c} does each {p} have", "{p} and their {c} count"))
            return q.format(c=plural(child.name), p=singular(parent.name)), sql, "join", ()
        if pick == 1:
            sql = f"SELECT {lab}, count(*) {frm} GROUP BY {lab} ORDER BY count(*) DESC LIMIT 1"
            q = rng.choice(("which {p} has the most {c}", "{p} with the most {c}", "top {p} by number of {c}"))
            return q.format(c=plural(child.name), p=singular(parent.name)), sql, "join", ()
        if pick == 2 and rc.nums:
            col = rng.choice(rc.nums)
            fn, w = rng.choice((("sum", "total"), ("avg", "average")))
            sql = f"SELECT {lab}, {fn}({rc.alias}.{col}) {frm} GROUP BY {lab}"
            q = rng.choice(("{w} {n} of {c} for each {p}", "{w} {n} by {p}"))
            return q.format(w=w, n=words(col), c=plural(child.name), p=singular(parent.name)), sql, "join", ()
        if rc.label is None or (parent.name, rp.label) not in values:
            return None
        v, said = self._value(rp, rp.label, values)
        lit = v.replace("'", "''")
        sql = f"SELECT {rc.alias}.{rc.label} {frm} WHERE {lab} = '{lit}'"
        q = rng.choice(("{c} of {p} {v}", "list {c} for {p} {v}", "which {c} belong to {v}", "{c} of {v}"))
        return q.format(c=plural(child.name), p=singular(parent.name), v=said), sql, "join", (v,)
