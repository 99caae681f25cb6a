"""Question/SQL pairs over any schema: the schema-general half of the corpus.

Each sample draws a database (an invented domain in some naming style, or a Spider training
schema), picks a shape (count, aggregate, group-by, top-N, HAVING, distinct count, ratio,
relative date, join along foreign keys up to three hops, named-value filter, anti-join,
comparison with an average, ages and durations, two-period comparison, attribute lookup) and
renders the question from the words people use for the tables and columns — never only from
the identifiers — with stored values linked exactly as the proxy links them at run time
(:func:`ask.translate.prompt.build_prompt`). The SQL follows ``eval/CONVENTIONS.md``: every table
aliased, the entity's name before its measure, rates on a 0-100 scale, half-open date ranges.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ask.translate.prompt import quote_literal
from training.data.domains import DOMAINS
from training.data.entities import (MEASURES, GCol, GSchema, GTable, ValueVocabulary, invented_schema,
                                    quote_ident, spider_schema, spider_schemas, with_distractors,
                                    with_pk_refs, words_of)
from training.data.noise import add_noise
from training.data.retail_world import Sample, sample_period
from training.data.schemas import context

q_ = quote_ident


@dataclass(frozen=True)
class Draft:
    question: str
    sql: str
    category: str
    protect: tuple[str, ...] = ()


class Scope:
    """The tables one query uses, with their aliases."""

    def __init__(self) -> None:
        self.aliases: dict[str, str] = {}

    def alias(self, t: GTable) -> str:
        if t.ident not in self.aliases:
            base = "".join(w[0] for w in words_of(t.ident).removeprefix("tbl ").split()) or "t"
            alias, n = base, 2
            while alias in self.aliases.values() or alias in ("as", "at", "by", "do", "if", "in", "is",
                                                               "of", "on", "or", "to", "all", "and",
                                                               "any", "asc", "end", "for", "not"):
                alias, n = f"{base}{n}", n + 1
            self.aliases[t.ident] = alias
        return self.aliases[t.ident]

    def col(self, t: GTable, c: GCol) -> str:
        return f"{self.alias(t)}.{q_(c.ident)}"

    def ref(self, t: GTable) -> str:
        return f"{q_(t.ident)} {self.alias(t)}"

    def join(self, child: GTable, fk: GCol, parent: GTable) -> str:
        key = fk.ref_col or parent.pk
        assert key is not None
        return f"JOIN {self.ref(parent)} ON {self.alias(parent)}.{q_(key)} = {self.col(child, fk)}"


_THRESHOLDS = {"money": (20, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 50000),
               "qty": (2, 3, 5, 10, 20, 50, 100, 500, 1000), "score": (2, 3, 3.5, 4, 4.5, 50, 70, 80, 90),
               "dur": (10, 15, 30, 45, 60, 90, 120, 180, 300), "int": (1, 2, 3, 5, 10, 100)}
_FNS = {"sum": ("total", "sum of", "overall"), "avg": ("average", "mean", "avg", "typical"),
        "max": ("highest", "maximum", "largest", "biggest", "top"),
        "min": ("lowest", "minimum", "smallest")}
_MORE = (">", ("more than", "over", "above", "greater than", "exceeding", "bigger than"))
_LESS = ("<", ("less than", "under", "below", "lower than"))


class GeneralGenerator:
    """Samples over invented domains (``invented_share``) and Spider's training schemas."""

    def __init__(self, rng: random.Random, spider: dict[str, dict] | None = None,
                 invented_share: float = 0.65, domains: tuple[str, ...] | None = None) -> None:
        self.rng = rng
        self.spider = spider or {}
        self.spider_names = sorted(self.spider)
        self.invented_share = invented_share if self.spider else 1.0
        self.domains = domains or tuple(sorted(DOMAINS))
        self.vocab = ValueVocabulary()
        self.shapes: list[tuple[Callable[[GSchema], Draft | None], float]] = [
            (self.count, 10), (self.aggregate, 9), (self.group_by, 10), (self.top_n, 10), (self.having, 6),
            (self.distinct_count, 6), (self.ratio, 7), (self.relative_date, 9), (self.join, 12),
            (self.value_filter, 9), (self.anti_join, 3), (self.above_average, 3), (self.ages, 4),
            (self.two_periods, 3), (self.lookup, 4)]

    def schema(self) -> GSchema:
        rng = self.rng
        if rng.random() < self.invented_share:
            domain = rng.choice(self.domains)
            schema = invented_schema(domain, rng, self.vocab)
            others = [d for d in self.domains if d != domain] or [domain]
            return with_distractors(schema, rng, self.vocab, others) if rng.random() < 0.4 else schema
        return spider_schema(self.spider[rng.choice(self.spider_names)], rng, self.vocab)

    def sample(self) -> Sample:
        rng = self.rng
        for _ in range(50):
            schema = self.schema()
            shape = rng.choices([s for s, _ in self.shapes], weights=[w for _, w in self.shapes])[0]
            draft = shape(schema)
            if draft is None:
                continue
            source = "spider" if schema.domain == "spider" else "invented"
            question = add_noise(draft.question, rng, draft.protect)
            return Sample(question, draft.sql, context(with_pk_refs(schema), schema.name),
                          f"general:{source}:{draft.category}")
        raise RuntimeError("no sample")

    # --- words ---------------------------------------------------------------------------------

    def many(self, t: GTable) -> str:
        return t.plural[0] if len(t.plural) == 1 or self.rng.random() < 0.55 else self.rng.choice(t.plural[1:])

    def one(self, t: GTable) -> str:
        return t.singular[0] if len(t.singular) == 1 or self.rng.random() < 0.55 else self.rng.choice(t.singular[1:])

    def said(self, c: GCol) -> str:
        return c.phrases[0] if len(c.phrases) == 1 or self.rng.random() < 0.5 else self.rng.choice(c.phrases[1:])

    def value(self, c: GCol) -> tuple[str, str]:
        v = self.rng.choice(c.values)
        return v, (v.lower() if self.rng.random() < 0.25 else v)

    def pick(self, items: list):   # noqa: ANN201
        return self.rng.choice(items) if items else None

    # --- conditions ----------------------------------------------------------------------------

    def condition(self, s: Scope, t: GTable, allow_period: bool = True) -> tuple[str, str, tuple[str, ...]] | None:
        """(SQL predicate, words, protected values) restricting ``t``'s rows, or None."""
        rng = self.rng
        options = []
        if [c for c in t.of("cat", "city", "country") if c.values]:
            options += ["value"] * 3
        if t.of("bool"):
            options.append("bool")
        if t.of(*MEASURES):
            options.append("number")
        if allow_period and t.of("date", "ts", "start"):
            options += ["period"] * 2
        if t.of("end"):
            options.append("open")
        if not options:
            return None
        kind = rng.choice(options)
        if kind == "value":
            c = rng.choice([c for c in t.of("cat", "city", "country") if c.values])
            v, said = self.value(c)
            where = f"{s.col(t, c)} = {quote_literal(v)}"
            if c.role in ("city", "country"):
                text = rng.choice(("in {v}", "from {v}", "based in {v}", "with {c} {v}")).format(v=said, c=self.said(c))
            else:
                text = rng.choice(("with {c} {v}", "whose {c} is {v}", "that are {v}", "where {c} is {v}",
                                   "with {c} = {v}", "marked {v}")).format(c=self.said(c), v=said)
            return where, text, (v,)
        if kind == "bool":
            c = rng.choice(t.of("bool"))
            if rng.random() < 0.75:
                return s.col(t, c), rng.choice(("that are {c}", "flagged {c}", "which are {c}")).format(
                    c=self.said(c)), ()
            return f"NOT {s.col(t, c)}", rng.choice(("that are not {c}", "not {c}")).format(c=self.said(c)), ()
        if kind == "number":
            c = rng.choice(t.of(*MEASURES))
            op, words = rng.choice((_MORE, _MORE, _LESS, (">=", ("at least",)), ("<=", ("at most", "no more than"))))
            x = rng.choice(_THRESHOLDS[c.role])
            return f"{s.col(t, c)} {op} {x}", f"with {self.said(c)} {rng.choice(words)} {x}", ()
        if kind == "open":
            c = rng.choice(t.of("end"))
            return f"{s.col(t, c)} IS NULL", rng.choice(("that are still open", "with no {c}", "that have not ended",
                                                          "still active", "that are ongoing")).format(c=self.said(c)), ()
        c = rng.choice(t.of("date", "ts", "start"))
        period = sample_period(rng, 0.0)
        assert period is not None
        main = c is t.of("date", "ts", "start")[0]
        text = period.phrase if main and rng.random() < 0.7 else f"with {self.said(c)} {period.phrase}"
        return period.sql(s.col(t, c)), text, ()

    @staticmethod
    def where(cond: tuple[str, str, tuple[str, ...]] | None) -> str:
        return f" WHERE {cond[0]}" if cond else ""

    # --- shapes --------------------------------------------------------------------------------

    def count(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        t = rng.choice(g.tables)
        cond = self.condition(s, t) if rng.random() < 0.75 else None
        sql = f"SELECT count(*) FROM {s.ref(t)}{self.where(cond)}"
        text = rng.choice(("how many {t} {c}", "number of {t} {c}", "count of {t} {c}", "count the {t} {c}",
                           "how many {t} are there {c}", "total {t} {c}", "what's the number of {t} {c}",
                           "# of {t} {c}")).format(t=self.many(t), c=cond[1] if cond else "")
        return Draft(text, sql, "count", cond[2] if cond else ())

    def aggregate(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        t = self.pick([t for t in g.tables if t.of(*MEASURES)])
        if t is None:
            return None
        c = rng.choice(t.of(*MEASURES))
        fn = rng.choice(("sum", "avg", "avg", "max", "min") if c.role in ("money", "qty", "dur") else ("avg", "max", "min"))
        cond = self.condition(s, t) if rng.random() < 0.6 else None
        sql = f"SELECT {fn}({s.col(t, c)}) FROM {s.ref(t)}{self.where(cond)}"
        text = rng.choice(("{f} {m} of {t} {c}", "what is the {f} {m} of {t} {c}", "{f} {m} {c}",
                           "{f} {m} across {t} {c}", "{t} {c}: {f} {m}")).format(
            f=rng.choice(_FNS[fn]), m=self.said(c), t=self.many(t), c=cond[1] if cond else "")
        return Draft(text, sql, "aggregate", cond[2] if cond else ())

    def _parent_link(self, g: GSchema) -> tuple[GTable, GCol, GTable] | None:
        links = [(t, c, g.table(c.ref)) for t in g.tables for c in t.fks
                 if c.ref and g.table(c.ref).label is not None and g.table(c.ref).pk]
        return self.pick(links)

    def group_by(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        link = self._parent_link(g) if rng.random() < 0.55 else None
        if link is not None:
            child, fk, parent = link
            lab = parent.label
            assert lab is not None
            measure = self.pick(child.of(*MEASURES)) if rng.random() < 0.5 else None
            frm = f"FROM {s.ref(child)} {s.join(child, fk, parent)}"
            cond = self.condition(s, child) if rng.random() < 0.3 else None
            if measure is not None:
                fn = rng.choice(("sum", "avg"))
                sql = (f"SELECT {s.col(parent, lab)}, {fn}({s.col(child, measure)}) {frm}{self.where(cond)} "
                       f"GROUP BY {s.col(parent, lab)}")
                text = rng.choice(("{f} {m} by {p}", "{f} {m} per {p} {c}", "{f} {m} of {t} for each {p} {c}",
                                   "{p} and their {f} {m}")).format(
                    f=rng.choice(_FNS[fn]), m=self.said(measure), p=self.one(parent), t=self.many(child),
                    c=cond[1] if cond else "")
            else:
                sql = f"SELECT {s.col(parent, lab)}, count(*) {frm}{self.where(cond)} GROUP BY {s.col(parent, lab)}"
                text = rng.choice(("number of {t} per {p} {c}", "how many {t} does each {p} have {c}",
                                   "{t} by {p} {c}", "count {t} for each {p} {c}", "{p} with their number of {t}")).format(
                    t=self.many(child), p=self.one(parent), c=cond[1] if cond else "")
            return Draft(text, sql, "group_by", cond[2] if cond else ())
        t = self.pick([t for t in g.tables if t.of("cat", "city", "country", "bool", "year")])
        if t is None:
            return None
        by = rng.choice(t.of("cat", "city", "country", "bool", "year"))
        measure = self.pick(t.of(*MEASURES)) if rng.random() < 0.5 else None
        if measure is not None:
            fn = rng.choice(("sum", "avg", "max"))
            sql = f"SELECT {s.col(t, by)}, {fn}({s.col(t, measure)}) FROM {s.ref(t)} GROUP BY {s.col(t, by)}"
            text = rng.choice(("{f} {m} by {b}", "{f} {m} for each {b}", "{f} {m} of {t} per {b}",
                               "break down {f} {m} by {b}")).format(
                f=rng.choice(_FNS[fn]), m=self.said(measure), b=self.said(by), t=self.many(t))
        else:
            sql = f"SELECT {s.col(t, by)}, count(*) FROM {s.ref(t)} GROUP BY {s.col(t, by)}"
            text = rng.choice(("number of {t} by {b}", "how many {t} per {b}", "{t} per {b}", "count {t} by {b}",
                               "breakdown of {t} by {b}", "{t} split by {b}")).format(t=self.many(t), b=self.said(by))
        return Draft(text, sql, "group_by")

    def top_n(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        n = rng.choice((1, 1, 3, 5, 5, 10))
        desc = rng.random() < 0.75
        order = "DESC" if desc else "ASC"
        most = rng.choice(("most", "top", "highest", "biggest") if desc else ("fewest", "lowest", "least"))
        link = self._parent_link(g) if rng.random() < 0.55 else None
        if link is not None:
            child, fk, parent = link
            lab = parent.label
            assert lab is not None
            measure = self.pick(child.of("money", "qty", "dur")) if rng.random() < 0.5 else None
            cond = self.condition(s, child) if rng.random() < 0.4 else None
            frm = f"FROM {s.ref(child)} {s.join(child, fk, parent)}{self.where(cond)}"
            agg = f"sum({s.col(child, measure)})" if measure else "count(*)"
            sql = f"SELECT {s.col(parent, lab)}, {agg} {frm} GROUP BY {s.col(parent, lab)} ORDER BY {agg} {order} LIMIT {n}"
            what = f"{rng.choice(('total', ''))} {self.said(measure)}".strip() if measure else self.many(child)
            subj = self.one(parent) if n == 1 else f"{n} {self.many(parent)}"
            if n == 1:
                text = rng.choice(("which {p} has the {m} {w} {c}", "{p} with the {m} {w} {c}",
                                   "top {p} by {w} {c}" if desc else "{p} with the {m} {w} {c}")).format(
                    p=subj, m=most, w=what, c=cond[1] if cond else "")
            else:
                text = rng.choice(("top {p} by {w} {c}" if desc else "bottom {p} by {w} {c}",
                                   "the {p} with the {m} {w} {c}", "{p} with {m} {w} {c}")).format(
                    p=subj, m=most, w=what, c=cond[1] if cond else "")
            return Draft(text, sql, "top_n", cond[2] if cond else ())
        t = self.pick([t for t in g.tables if t.label is not None and t.of(*MEASURES)])
        if t is None:
            return None
        lab = t.label
        assert lab is not None
        c = rng.choice(t.of(*MEASURES))
        cond = self.condition(s, t) if rng.random() < 0.35 else None
        sql = (f"SELECT {s.col(t, lab)}, {s.col(t, c)} FROM {s.ref(t)}{self.where(cond)} "
               f"ORDER BY {s.col(t, c)} {order} LIMIT {n}")
        word = rng.choice(("highest", "largest", "biggest", "most") if desc else ("lowest", "smallest"))
        if n == 1:
            text = rng.choice(("which {s} has the {w} {m} {c}", "{s} with the {w} {m} {c}",
                               "the {s} {c} with the {w} {m}")).format(s=self.one(t), w=word, m=self.said(c),
                                                                       c=cond[1] if cond else "")
        else:
            text = rng.choice(("top {n} {t} by {m} {c}" if desc else "bottom {n} {t} by {m} {c}",
                               "{n} {t} with the {w} {m} {c}", "the {w} {m} {t}: top {n} {c}")).format(
                n=n, t=self.many(t), m=self.said(c), w=word, c=cond[1] if cond else "")
        return Draft(text, sql, "top_n", cond[2] if cond else ())

    def having(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        link = self._parent_link(g)
        if link is not None and rng.random() < 0.7:
            child, fk, parent = link
            lab = parent.label
            assert lab is not None
            measure = self.pick(child.of("money", "qty", "dur")) if rng.random() < 0.35 else None
            frm = f"FROM {s.ref(child)} {s.join(child, fk, parent)}"
            if measure is not None:
                x = rng.choice(_THRESHOLDS[measure.role]) * rng.choice((10, 20, 100))
                sql = f"SELECT {s.col(parent, lab)}, sum({s.col(child, measure)}) {frm} GROUP BY {s.col(parent, lab)} HAVING sum({s.col(child, measure)}) > {x}"
                text = rng.choice(("{p} with total {m} over {x}", "which {p} have more than {x} in {m}",
                                   "{p} whose {t} add up to more than {x} {m}")).format(
                    p=self.many(parent), m=self.said(measure), x=x, t=self.many(child))
            else:
                x = rng.choice((1, 2, 3, 4, 5, 10, 20))
                op, words = rng.choice(((">", ("more than", "over")), (">=", ("at least",)), ("<", ("fewer than", "less than"))))
                sql = f"SELECT {s.col(parent, lab)}, count(*) {frm} GROUP BY {s.col(parent, lab)} HAVING count(*) {op} {x}"
                text = rng.choice(("{p} with {w} {x} {t}", "which {p} have {w} {x} {t}",
                                   "list {p} that have {w} {x} {t}")).format(
                    p=self.many(parent), w=rng.choice(words), x=x, t=self.many(child))
            return Draft(text, sql, "having")
        t = self.pick([t for t in g.tables if t.of("cat", "city", "country")])
        if t is None:
            return None
        by = rng.choice(t.of("cat", "city", "country"))
        x = rng.choice((1, 2, 3, 5, 10))
        sql = f"SELECT {s.col(t, by)}, count(*) FROM {s.ref(t)} GROUP BY {s.col(t, by)} HAVING count(*) > {x}"
        text = rng.choice(("{b} values with more than {x} {t}", "which {b} have more than {x} {t}",
                           "{b} having over {x} {t}")).format(b=self.said(by), x=x, t=self.many(t))
        return Draft(text, sql, "having")

    def distinct_count(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        link = self._parent_link(g)
        if link is not None and rng.random() < 0.6:
            child, fk, parent = link
            cond = self.condition(s, child) if rng.random() < 0.5 else None
            sql = f"SELECT count(DISTINCT {s.col(child, fk)}) FROM {s.ref(child)}{self.where(cond)}"
            verb = rng.choice(("have", "have any", "appear in", "are linked to"))
            text = rng.choice(("how many {p} {v} {t} {c}", "number of distinct {p} with {t} {c}",
                               "how many different {p} {v} {t} {c}")).format(
                p=self.many(parent), v=verb, t=self.many(child), c=cond[1] if cond else "")
            return Draft(text, sql, "distinct_count", cond[2] if cond else ())
        t = self.pick([t for t in g.tables if t.of("cat", "city", "country", "label")])
        if t is None:
            return None
        c = rng.choice(t.of("cat", "city", "country", "label"))
        if rng.random() < 0.6:
            sql = f"SELECT count(DISTINCT {s.col(t, c)}) FROM {s.ref(t)}"
            text = rng.choice(("how many different {c}s are there", "number of distinct {c} values",
                               "how many unique {c}s do {t} have", "count distinct {c} of {t}")).format(
                c=self.said(c), t=self.many(t))
        else:
            sql = f"SELECT DISTINCT {s.col(t, c)} FROM {s.ref(t)}"
            text = rng.choice(("list the distinct {c}s of {t}", "what are the different {c}s",
                               "which {c}s do {t} have", "all {c} values")).format(c=self.said(c), t=self.many(t))
        return Draft(text, sql, "distinct_count")

    def ratio(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        t = self.pick([t for t in g.tables if [c for c in t.of("cat", "city", "country") if c.values] or t.of("bool")])
        if t is None:
            return None
        measure = self.pick(t.of("money", "qty")) if rng.random() < 0.25 else None
        cond = self.condition(s, t, allow_period=False)
        if cond is None or "IS NULL" in cond[0] or ">" in cond[0] or "<" in cond[0]:
            return None
        if measure is not None:
            sql = (f"SELECT 100.0 * sum({s.col(t, measure)}) FILTER (WHERE {cond[0]}) / sum({s.col(t, measure)}) "
                   f"FROM {s.ref(t)}")
            text = rng.choice(("share of {m} from {t} {c}", "what percent of total {m} comes from {t} {c}",
                               "% of {m} for {t} {c}")).format(m=self.said(measure), t=self.many(t), c=cond[1])
        else:
            sql = f"SELECT 100.0 * count(*) FILTER (WHERE {cond[0]}) / count(*) FROM {s.ref(t)}"
            text = rng.choice(("percentage of {t} {c}", "what % of {t} {c}", "share of {t} {c}",
                               "what fraction of {t} {c}", "what percent of {t} {c}", "{t} {c} as a % of all {t}",
                               "rate of {t} {c}")).format(t=self.many(t), c=cond[1])
        return Draft(text, sql, "ratio", cond[2])

    def relative_date(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        t = self.pick([t for t in g.tables if t.of("date", "ts", "start")])
        if t is None:
            return None
        c = t.of("date", "ts", "start")[0] if rng.random() < 0.8 else rng.choice(t.of("date", "ts", "start"))
        period = sample_period(rng, 0.0)
        assert period is not None
        when = period.sql(s.col(t, c))
        measure = self.pick(t.of("money", "qty", "dur")) if rng.random() < 0.45 else None
        if measure is None and rng.random() < 0.3:   # a monthly series
            sql = (f"SELECT date_trunc('month', {s.col(t, c)}) AS month, count(*) FROM {s.ref(t)} "
                   f"WHERE {s.col(t, c)} >= date_trunc('month', current_date) - interval '11 months' "
                   f"GROUP BY 1 ORDER BY 1")
            text = rng.choice(("{t} per month over the last 12 months", "monthly {t} for the past year",
                               "number of {t} by month, last 12 months")).format(t=self.many(t))
            return Draft(text, sql, "relative_date")
        if measure is not None:
            fn = rng.choice(("sum", "sum", "avg"))
            sql = f"SELECT {fn}({s.col(t, measure)}) FROM {s.ref(t)} WHERE {when}"
            text = rng.choice(("{f} {m} {p}", "{f} {m} of {t} {p}", "what was the {f} {m} {p}")).format(
                f=rng.choice(_FNS[fn]), m=self.said(measure), t=self.many(t), p=period.phrase)
        else:
            sql = f"SELECT count(*) FROM {s.ref(t)} WHERE {when}"
            text = rng.choice(("how many {t} {p}", "number of {t} {p}", "{t} {p}", "count of {t} {p}",
                               "how many new {t} {p}")).format(t=self.many(t), p=period.phrase)
        return Draft(text, sql, "relative_date")

    def _path(self, g: GSchema, hops: int) -> list[tuple[GTable, GCol, GTable]] | None:
        """A chain child -> parent -> grandparent ... along foreign keys."""
        starts = [t for t in g.tables if t.fks]
        if not starts:
            return None
        t = self.rng.choice(starts)
        path: list[tuple[GTable, GCol, GTable]] = []
        seen = {t.ident}
        for _ in range(hops):
            fks = [c for c in t.fks if c.ref and c.ref not in seen and g.table(c.ref).pk]
            if not fks:
                break
            fk = self.rng.choice(fks)
            parent = g.table(fk.ref)   # type: ignore[arg-type]
            path.append((t, fk, parent))
            seen.add(parent.ident)
            t = parent
        return path or None

    def join(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        path = self._path(g, rng.choice((1, 1, 2, 2, 3)))
        if path is None:
            return None
        child, top = path[0][0], path[-1][2]
        frm = f"FROM {s.ref(child)} " + " ".join(s.join(c, fk, p) for c, fk, p in path)
        named = [c for c in top.of("label", "cat", "city", "country") if c.values]
        if not named:
            return None
        c = rng.choice(named)
        v, said = self.value(c)
        where = f"{s.col(top, c)} = {quote_literal(v)}"
        of = self.one(top) if c.role == "label" else f"{self.said(c)}"
        pick = rng.random()
        if pick < 0.45:
            measure = self.pick(child.of("money", "qty", "dur"))
            if measure is not None and rng.random() < 0.6:
                fn = rng.choice(("sum", "avg"))
                sql = f"SELECT {fn}({s.col(child, measure)}) {frm} WHERE {where}"
                text = rng.choice(("{f} {m} of {t} for {v}", "{f} {m} for {o} {v}", "what is the {f} {m} of {v}'s {t}")).format(
                    f=rng.choice(_FNS[fn]), m=self.said(measure), t=self.many(child), v=said, o=of)
            else:
                sql = f"SELECT count(*) {frm} WHERE {where}"
                text = rng.choice(("how many {t} for {v}", "number of {t} of {o} {v}", "how many {t} does {v} have",
                                   "count {t} linked to {v}", "{t} for {o} {v}: how many")).format(
                    t=self.many(child), v=said, o=of)
        else:
            lab = child.label
            if lab is None:
                cols = [x for x in child.cols if x.role not in ("key", "fk", "ts_noise", "text")][:2]
                if not cols:
                    return None
                shown = ", ".join(s.col(child, x) for x in cols)
            else:
                shown = s.col(child, lab)
            sql = f"SELECT {shown} {frm} WHERE {where}"
            text = rng.choice(("list the {t} of {v}", "{t} for {o} {v}", "which {t} belong to {v}",
                               "show {t} where the {o} is {v}", "{v} {t}")).format(t=self.many(child), v=said, o=of)
        return Draft(text, sql, "join", (v,))

    def value_filter(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        t = self.pick([t for t in g.tables if t.label is not None])
        if t is None:
            return None
        lab = t.label
        assert lab is not None
        conds = []
        first = self.condition(s, t)
        if first is None:
            return None
        conds.append(first)
        if rng.random() < 0.25:
            second = self.condition(s, t, allow_period=False)
            if second is not None and second[0] != first[0]:
                conds.append(second)
        extra = self.pick(t.of(*MEASURES, "cat", "city", "date")) if rng.random() < 0.4 else None
        cols = s.col(t, lab) + (f", {s.col(t, extra)}" if extra is not None else "")
        sql = f"SELECT {cols} FROM {s.ref(t)} WHERE " + " AND ".join(c[0] for c in conds)
        words = " and ".join(c[1] for c in conds)
        text = rng.choice(("list {t} {c}", "show all {t} {c}", "which {t} {c}", "{t} {c}", "give me the {t} {c}",
                           "names of {t} {c}")).format(t=self.many(t), c=words)
        if extra is not None:
            text += rng.choice((" with their {x}", " and their {x}", ", show {x}")).format(x=self.said(extra))
        return Draft(text, sql, "value_filter", tuple(v for c in conds for v in c[2]))

    def anti_join(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        link = self._parent_link(g)
        if link is None:
            return None
        child, fk, parent = link
        lab, key = parent.label, fk.ref_col or parent.pk
        assert lab is not None and key is not None
        sub = f"SELECT 1 FROM {s.ref(child)} WHERE {s.col(child, fk)} = {s.alias(parent)}.{q_(key)}"
        sql = f"SELECT {s.col(parent, lab)} FROM {s.ref(parent)} WHERE NOT EXISTS ({sub})"
        text = rng.choice(("{p} with no {t}", "which {p} have never had any {t}", "{p} without {t}",
                           "list {p} that have no {t}", "{p} that never appear in {t}")).format(
            p=self.many(parent), t=self.many(child))
        return Draft(text, sql, "anti_join")

    def above_average(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        t = self.pick([t for t in g.tables if t.label is not None and t.of(*MEASURES)])
        if t is None:
            return None
        lab, c = t.label, rng.choice(t.of(*MEASURES))
        assert lab is not None
        above = rng.random() < 0.7
        inner = Scope()
        sub = f"SELECT avg({inner.col(t, c)}) FROM {inner.ref(t)}"
        sql = f"SELECT {s.col(t, lab)}, {s.col(t, c)} FROM {s.ref(t)} WHERE {s.col(t, c)} {'>' if above else '<'} ({sub})"
        text = rng.choice(("{t} with {m} {a} average", "which {t} have a {m} {a} the average",
                           "{t} whose {m} is {a} the mean")).format(
            t=self.many(t), m=self.said(c), a="above" if above else "below")
        return Draft(text, sql, "nested")

    def ages(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        births = [t for t in g.tables if t.of("birth")]
        spans = [t for t in g.tables if t.of("start") and t.of("end")]
        if births and (not spans or rng.random() < 0.5):
            t = rng.choice(births)
            b = t.of("birth")[0]
            age = f"date_part('year', age({s.col(t, b)}))"
            if t.label is not None and rng.random() < 0.4:
                n = rng.choice((1, 5, 10))
                young = rng.random() < 0.5
                sql = (f"SELECT {s.col(t, t.label)}, {age} AS age FROM {s.ref(t)} "
                       f"ORDER BY {s.col(t, b)} {'DESC' if young else 'ASC'} LIMIT {n}")
                text = ("the {w} {t}" if n == 1 else "the {n} {w} {ts}").format(
                    w="youngest" if young else "oldest", t=self.one(t), ts=self.many(t), n=n)
                return Draft(text, sql, "date_diff")
            fn = rng.choice(("avg", "max", "min"))
            sql = f"SELECT {fn}({age}) FROM {s.ref(t)}"
            text = rng.choice(("{f} age of {t}", "how old are {t} on {f}", "{f} {t} age")).format(
                f={"avg": "average", "max": "maximum", "min": "minimum"}[fn] if fn != "avg" else rng.choice(("average", "mean")),
                t=self.many(t))
            return Draft(text, sql, "date_diff")
        if not spans:
            return None
        t = rng.choice(spans)
        a, b = t.of("start")[0], t.of("end")[0]
        if rng.random() < 0.5:
            sql = f"SELECT avg({s.col(t, b)} - {s.col(t, a)}) FROM {s.ref(t)} WHERE {s.col(t, b)} IS NOT NULL"
            text = rng.choice(("average length of {t} in days", "how many days do {t} last on average",
                               "mean duration of {t} (days)", "average days between {a} and {b}")).format(
                t=self.many(t), a=self.said(a), b=self.said(b))
        else:
            sql = f"SELECT count(*) FROM {s.ref(t)} WHERE {s.col(t, b)} IS NULL"
            text = rng.choice(("how many {t} are still open", "number of ongoing {t}", "how many {t} have no {b} yet",
                               "count active {t}")).format(t=self.many(t), b=self.said(b))
        return Draft(text, sql, "date_diff")

    def two_periods(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        t = self.pick([t for t in g.tables if t.of("date", "ts", "start")])
        if t is None:
            return None
        c = t.of("date", "ts", "start")[0]
        col = s.col(t, c)
        unit = rng.choice(("month", "year", "quarter", "week"))
        step = "3 months" if unit == "quarter" else f"1 {unit}"
        this = f"{col} >= date_trunc('{unit}', current_date)"
        last = (f"{col} >= date_trunc('{unit}', current_date) - interval '{step}' "
                f"AND {col} < date_trunc('{unit}', current_date)")
        measure = self.pick(t.of("money", "qty")) if rng.random() < 0.4 else None
        agg = f"sum({s.col(t, measure)})" if measure else "count(*)"
        sql = (f"SELECT {agg} FILTER (WHERE {this}) AS this_{unit}, {agg} FILTER (WHERE {last}) AS last_{unit} "
               f"FROM {s.ref(t)}")
        what = f"total {self.said(measure)}" if measure else f"number of {self.many(t)}"
        text = rng.choice(("{w} this {u} vs last {u}", "compare {w} this {u} with last {u}",
                           "{w}: this {u} compared to the previous {u}")).format(w=what, u=unit)
        return Draft(text, sql, "two_period")

    def lookup(self, g: GSchema) -> Draft | None:
        rng, s = self.rng, Scope()
        t = self.pick([t for t in g.tables if t.label is not None and t.label.values])
        if t is None:
            return None
        lab = t.label
        assert lab is not None
        attrs = [c for c in t.cols if c.role not in ("key", "fk", "label", "ts_noise", "text")]
        if not attrs:
            return None
        chosen = rng.sample(attrs, min(len(attrs), rng.choice((1, 1, 2))))
        v, said = self.value(lab)
        sql = f"SELECT {', '.join(s.col(t, c) for c in chosen)} FROM {s.ref(t)} WHERE {s.col(t, lab)} = {quote_literal(v)}"
        names = " and ".join(self.said(c) for c in chosen)
        text = rng.choice(("what is the {a} of {v}", "{a} of {t} {v}", "{v} {a}", "show the {a} for {v}",
                           "what's {v}'s {a}")).format(a=names, v=said, t=self.one(t))
        return Draft(text, sql, "lookup", (v,))


def load_spider_pool(datasets: Path) -> dict[str, dict]:
    """Spider's training schemas: every database of ``tables.json`` but the dev set's."""
    spider = datasets / "spider"
    dev = set((spider / "dev_db_ids.txt").read_text().split())
    return spider_schemas(spider / "tables.json", dev)
