"""PostgreSQL types for Spider's coarse ones, chosen per column so the gold queries run.

Spider says only ``number``, ``text``, ``time``, ``boolean`` or ``others``; SQLite then
compares a TEXT column with ``2014`` by affinity, which PostgreSQL refuses. So a column's type
is read from its declared kind, its name, and what the gold queries do with it:

* numbers are ``integer``, or ``numeric`` when the name says money, ratios or measures, or a
  gold literal has a fraction;
* text that the gold SQL treats as a number (compares with a number literal, adds, averages)
  becomes a number, unless some gold literal compared with it is a non-numeric string or it
  is matched with ``LIKE``;
* ``time`` columns become ``date`` or ``timestamp`` (``LIKE`` keeps them text);
* every column joined to another (declared foreign keys, and ``a.x = b.y`` in gold SQL) gets
  the type of its whole join group, so that joins type-check.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping

from eval.spider_dev.column_usage import ColumnRef, ColumnUsage
from eval.spider_dev.dataset import SpiderSchema


class PgType(enum.Enum):
    INTEGER = "integer"
    NUMERIC = "numeric(12,2)"
    TEXT = "text"
    DATE = "date"
    TIMESTAMP = "timestamp"

    @property
    def is_number(self) -> bool:
        return self in (PgType.INTEGER, PgType.NUMERIC)


DECIMAL_NAMES = re.compile(
    r"price|cost|amount|rate|rating|ratio|percent|share|gnp|expectancy|money|earning|salary|"
    r"bonus|worth|spent|mpg|accelerate|edispl|weight|height|average|score|points|_m$|millions|area")
INTEGER_NAMES = re.compile(r"_id$|^id$|rank|year|count|num|number|age$|code")
TIMESTAMP_NAMES = re.compile(r"created|transcript_date|time|_on_market|date_sold|treatment")


def _is_numeric_text(value: object) -> bool:
    if isinstance(value, (int, float)):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def _number_type(name: str, usage: ColumnUsage | None) -> PgType:
    if usage is not None and any(isinstance(v, float) or (isinstance(v, str) and "." in v)
                                 for v in usage.values):
        return PgType.NUMERIC
    if DECIMAL_NAMES.search(name) and not INTEGER_NAMES.search(name):
        return PgType.NUMERIC
    return PgType.INTEGER


def _text_evidence(usage: ColumnUsage | None) -> bool:
    """Gold SQL treats the column as text: LIKE, or a non-numeric string literal."""
    if usage is None:
        return False
    return bool(usage.like_patterns) or not all(_is_numeric_text(v) for v in usage.values)


def base_type(name: str, spider_type: str, usage: ColumnUsage | None) -> PgType:
    if _text_evidence(usage):
        return PgType.TEXT
    if spider_type == "number":
        return _number_type(name, usage)
    if spider_type == "time":
        return PgType.TIMESTAMP if TIMESTAMP_NAMES.search(name) else PgType.DATE
    if usage is not None and usage.numeric_use:
        return _number_type(name, usage)
    return PgType.TEXT


def _join_groups(refs: Iterable[ColumnRef], edges: Iterable[tuple[ColumnRef, ColumnRef]]
                 ) -> dict[ColumnRef, ColumnRef]:
    """Union-find: each column -> the representative of its join group."""
    parent = {ref: ref for ref in refs}

    def find(ref: ColumnRef) -> ColumnRef:
        while parent[ref] != ref:
            parent[ref] = parent[parent[ref]]
            ref = parent[ref]
        return ref

    for a, b in edges:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    return {ref: find(ref) for ref in parent}


def _group_type(types: list[PgType], text_evidence: bool) -> PgType:
    if text_evidence or PgType.TEXT in types and not any(t.is_number for t in types):
        return PgType.TEXT
    if PgType.NUMERIC in types:
        return PgType.NUMERIC
    if PgType.INTEGER in types:
        return PgType.INTEGER
    return types[0]


def join_edges(schema: SpiderSchema, usage: Mapping[ColumnRef, ColumnUsage]
               ) -> list[tuple[ColumnRef, ColumnRef]]:
    edges = [((fk.table, fk.column), (fk.ref_table, fk.ref_column)) for fk in schema.foreign_keys]
    edges += [(ref, other) for ref, u in usage.items() for other in sorted(u.joined_with)]
    return edges


def choose_types(schema: SpiderSchema, usage: Mapping[ColumnRef, ColumnUsage]) -> dict[ColumnRef, PgType]:
    refs = [(t.name, c.name) for t in schema.tables for c in t.columns]
    chosen = {(t.name, c.name): base_type(c.name, c.spider_type, usage.get((t.name, c.name)))
              for t in schema.tables for c in t.columns}
    groups = _join_groups(refs, join_edges(schema, usage))
    members: dict[ColumnRef, list[ColumnRef]] = {}
    for ref, root in groups.items():
        members.setdefault(root, []).append(ref)
    for group in members.values():
        if len(group) > 1:
            evidence = any(_text_evidence(usage.get(ref)) for ref in group)
            kind = _group_type([chosen[ref] for ref in group], evidence)
            chosen.update({ref: kind for ref in group})
    return chosen
