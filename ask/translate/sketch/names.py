"""Where the question spells the schema's own names: tables and columns, by their words.

``order_lines`` reads as "order lines", ``customerName`` as "customer name", ``num_of_staff``
as "number of staff" or "staff number", a column's trailing words alone ("description") when
they are distinctive; the question's words are compared singular, stemmed and with common
abbreviations spelt out. Mentions are ordered by their table's *focus* (how much of the
question the table could hold), so a name spelt alike in several tables resolves to the table
the question is about.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ask.context.value_linking import ValueMatch
from ask.schema import Column, SchemaContext, Table, short_type

from ask.translate.sketch.vocabulary import (ABBREVIATIONS, FILLER, NAME_COLUMNS, TABLE_PREFIXES,
                                             VERBS, sing, stem)


@dataclass(frozen=True, slots=True)
class Mention:
    table: Table
    column: Column | None   # None: the table itself
    start: int
    end: int


def name_words(name: str) -> tuple[str, ...]:
    parts = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower().replace("-", "_").split("_")
    return tuple(sing(p) for p in parts if p)


def find_mentions(words: list[str], schema: SchemaContext) -> list[Mention]:
    """Every span of the question that spells a table's or a column's name (singular forms)."""
    index = schema.derived("sketch.names", name_index)
    flat = [sing(w) for w in words]
    found: list[Mention] = []
    stemmed = [ABBREVIATIONS.get(w) or stem(w) for w in flat]
    for start in range(len(flat)):
        if stemmed[start] != flat[start]:
            for table, column in index.get((stemmed[start],), ()):
                found.append(Mention(table, column, start, start + 1))
        if words[start] in VERBS and (start == 0 or words[start - 1] in ("please", "and", "also")):
            continue
        for length in (3, 2, 1):
            key = tuple(flat[start:start + length])
            if len(key) < length:
                continue
            for table, column in index.get(key, ()):
                found.append(Mention(table, column, start, start + length))
    return found


def name_index(schema: SchemaContext) -> dict[tuple[str, ...], list[tuple[Table, Column | None]]]:
    index: dict[tuple[str, ...], list[tuple[Table, Column | None]]] = {}
    for table in schema.tables:
        for key in spellings(table.name):
            index.setdefault(key, []).append((table, None))
        for column in table.columns:
            for key in spellings(column.name, table.name):
                index.setdefault(key, []).append((table, column))
    return index


def spellings(name: str, table: str | None = None) -> set[tuple[str, ...]]:
    words = name_words(name)
    out = {words} if 0 < len(words) <= 3 else set()
    if table is None:
        if len(words) > 1 and words[0] in TABLE_PREFIXES:
            out.add(words[1:])
        return out
    # template_type_description reads as "description" or "type description": a column's
    # trailing words, which the question's other words then place in one table
    if words and words[-1] != "id":
        out.update(words[i:] for i in range(1, len(words))
                   if len(words) - i <= 3 and (len(words) - i > 1 or len(words[i]) >= 4))
    if len(words) >= 3 and words[-1] != "id":
        out.add(words[:2])                     # net_worth_millions reads as "net worth"
    prefix = name_words(table)
    for own in (prefix, prefix[-1:]):
        if len(words) > len(own) and words[:len(own)] == own:
            out.add(words[len(own):])          # templates.template_id reads as "id"
    for spelled in list(out):
        if len(spelled) == 1 and len(words) > 1:
            continue        # line_no's "no" alone is not "number": a lone suffix stays as spelt
        expanded = tuple(ABBREVIATIONS.get(w, w) for w in spelled)
        out.add(expanded)
        if len(expanded) == 2:
            out.add((expanded[0], "of", expanded[1]))    # number_products: "number of products"
        if len(expanded) == 3 and expanded[1] == "of":
            out.add((expanded[2], expanded[0]))          # num_of_staff: "staff number"
    return {w for w in out if w and not (len(w) == 1 and w[0] in FILLER and w[0] not in ("name", "names"))}


def mention_at(mentions: list[Mention], at: int) -> Mention | None:
    """The longest mention starting at ``at`` (or one word later, past an adjective)."""
    for start in (at, at + 1):
        here = [m for m in mentions if m.start == start]
        if here:
            here.sort(key=lambda m: (-(m.end - m.start), m.column is not None))
            return here[0]
    return None


def table_focus(mentions: list[Mention], links: Sequence[ValueMatch] = ()) -> dict[str, int]:
    """How much of the question each table could hold: its name, its columns and its values
    mentioned."""
    score: dict[str, int] = {}
    for m in mentions:
        score[m.table.name] = score.get(m.table.name, 0) + (2 if m.column is None else 1)
    for link in links:
        if link.exact:
            name = link.table.rsplit(".", 1)[-1]
            score[name] = score.get(name, 0) + 2
    return score


_MONEY = frozenset(("price", "cost", "amount", "fee", "charge", "salary", "fare", "rate"))


def money_column(mentions: list[Mention]) -> tuple[Table, Column] | None:
    """What "expensive", "cheaper than", "costs over" are about: the price of the table the
    question is most about (mentions come ordered by focus)."""
    for m in mentions:
        for column in m.table.columns:
            if short_type(column.type) in ("int", "num") and set(name_words(column.name)) & _MONEY:
                return m.table, column
    return None


def name_column(table: Table) -> Column | None:
    for name in NAME_COLUMNS:
        col = table.column(name)
        if col is not None:
            return col
    for col in table.columns:
        if col.name.lower().endswith("name") and short_type(col.type) == "text":
            return col
    return None


def resolve(schema: SchemaContext, ref: str) -> Table | None:
    if "." in ref:
        schema_name, name = ref.split(".", 1)
        return schema.table(name, schema_name)
    return schema.table(ref)
