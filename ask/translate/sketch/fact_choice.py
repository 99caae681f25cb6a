"""Which table a measure lives on, when several hold it: "invoice amount", "amount collected
from GB accounts", "revenue collected this year" on a star schema whose subscriptions and
invoices both keep an amount. A measure placed on a table the question does not name moves to
the one table whose column holding the word has another word the question says beside it
("amount collected": paid), else to the table the question's named tables and linked values
reach by the fewest foreign keys: in a star schema, the fact whose dimensions the question
names. Of that table's columns holding the word, the one whose other words are said beside it,
else its first."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ask.context.value_linking import ValueMatch
from ask.schema import Column, SchemaContext, Table, short_type
from ask.translate.sketch.measures import Measure, sales_event, words_of
from ask.translate.sketch.names import Mention, name_index, resolve
from ask.translate.sketch.spelling import fk_edges
from ask.translate.sketch.vocabulary import sing

# Words that say the money was received: "amount collected" is the column named "paid".
_RECEIVED = frozenset(("paid", "collected", "received"))
# Farther than this, a table is not reached at all.
_FAR = 4


def measures_on_reached_tables(words: list[str], mentions: list[Mention], links: Sequence[ValueMatch],
                               schema: SchemaContext) -> list[Mention]:
    """``mentions`` with each one-word measure ("amount", "revenue", "quantity") moved to the
    table nearest what else the question names, where that is another table than the one it
    was placed on and the only nearest (:mod:`.fact_choice`)."""
    out = list(mentions)
    for m in mentions:
        if m.column is None or m.end - m.start != 1 or not _numeric(m.column):
            continue
        word = sing(words[m.start])
        anchors = {id(x.table): x.table for x in mentions if x.column is None and not (m.start <= x.start < m.end)}
        anchors.update({id(t): t for t in (resolve(schema, v.table) for v in links if v.exact) if t is not None})
        said = _said_beside(words, m.start, m.end)
        sold = _sold_instead(schema, word, m.table, m.column)
        if sold:
            held = sold     # a price list's "revenue" (stock × list price): the transactions' instead
        elif id(m.table) in anchors or not anchors and not said & _RECEIVED:
            continue        # the measure is on a table the question names, or nothing else is named
        else:
            held = _sales_events(schema, _holding(schema, word, m.column, bool(said & _RECEIVED)))
        if len({id(t) for t, _ in held}) < 2 and not sold:
            continue
        near = [(t, c) for t, c in held if (set(_own_words(c, t, word)) - {word}) & said]    # "amount collected"
        if len({id(t) for t, _ in near}) != 1:
            distance = {id(t): _distance(schema, t, list(anchors.values())) for t, _ in held}
            near = [(t, c) for t, c in held if distance[id(t)] == min(distance.values())]
        if len({id(t) for t, _ in near}) != 1 and sold:
            near = [(t, c) for t, c in near if t is near[0][0]]     # the first, as "total revenue" reads
        if len({id(t) for t, _ in near}) != 1:
            continue
        table = near[0][0]
        columns = [c for t, c in held if t is table]
        kept = m.column if table is m.table else columns[0]
        column = next((c for c in columns if (set(_own_words(c)) - {word}) & said), kept)
        if column is not m.column:
            out = [Mention(table, column, m.start, m.end, m.negated) if x is m else x for x in out]
            if m.end < len(words) and words[m.end] in _RECEIVED:     # "rent paid on Dallas properties"
                out = [x for x in out if not (x.start == m.end and x.column is not None
                                              and short_type(x.column.type) in ("date", "ts"))]
    return out


def _sold_instead(schema: SchemaContext, word: str, table: Table, placed: Column) -> list[tuple[Table, Column]]:
    """Where a revenue is placed on a table whose rows are no sales events (a price list's stock
    × price: :func:`.measures.sales_event`) and the word names the revenue of tables whose rows
    are, those tables' revenue (sales events first in the index, :mod:`.names`); else none."""
    if not isinstance(placed, Measure) or placed.name != "revenue" or sales_event(schema, table):
        return []
    return [(t, c) for t, c in _holding(schema, word, placed) if t is not table and sales_event(schema, t)]


def _sales_events(schema: SchemaContext, held: list[tuple[Table, Column]]) -> list[tuple[Table, Column]]:
    """Of the tables whose revenue a word names, those whose rows are sales events where there
    are some: the nearest table is not moved to when it is a price list."""
    events: list[tuple[Table, Column]] = [(t, c) for t, c in held if isinstance(c, Measure) and c.name == "revenue"
                                          and sales_event(schema, t)]
    return events if events and all(isinstance(c, Measure) and c.name == "revenue" for _, c in held) else held


def _said_beside(words: list[str], start: int, end: int) -> set[str]:
    """The words right before and after the measure's ("invoice amount", "amount due", "amount
    collected"), a word of money received also as "paid"."""
    said = set(words[max(0, start - 1):start] + words[end:end + 1])
    return said | {"paid", "payment"} if said & _RECEIVED else said


def _numeric(column: Column) -> bool:
    return isinstance(column, Measure) or short_type(column.type) in ("int", "num")


def _own_words(column: Column, table: Table | None = None, word: str = "") -> tuple[str, ...]:
    """A column's words; a measure's, the words of the columns it is worked out from; the
    amount of a table named by the word (:func:`_named_amount`), its table's words too."""
    if table is not None and word and word not in {sing(w) for w in words_of(column)}:
        return words_of(column) + tuple(sing(w) for w in words_of(Column(table.name, "text")))
    if isinstance(column, Measure) and column.expr:
        return tuple(w for name in _COLUMNS.findall(column.expr) for w in words_of(Column(name, "numeric")))
    return words_of(column)


_COLUMNS = re.compile(r"\.\"?([A-Za-z_][A-Za-z0-9_]*)")


def _holding(schema: SchemaContext, word: str, placed: Column, received: bool = False) -> list[tuple[Table, Column]]:
    """Every table's number column or implied measure that the word names as it names
    ``placed``: a column whose name holds the word, or a measure of the same name; with money
    said to have come in (``received``), the amount of a table the word names."""
    if isinstance(placed, Measure):     # the measures the word spells (the index holds them all)
        index = schema.derived("sketch.names", name_index)
        return [(t, c) for t, c in index.get((word,), ()) if isinstance(c, Measure)
                and c.name == placed.name and c.unit == placed.unit]
    out: list[tuple[Table, Column]] = []
    for table in schema.tables:
        keys = set(table.primary_key) | {c for fk in table.foreign_keys for c in fk.columns}
        found = [(table, c) for c in table.columns if c.name not in keys and _numeric(c)
                 and word in {sing(w) for w in words_of(c)}]
        out += found or (_named_amount(table, word, keys) if received else [])
    return out


# What a table of money received calls its sum: ``rent_payments.amount``, ``fee_receipts.amt``.
_AMOUNT = frozenset(("amount", "amt", "paid", "value", "total", "sum"))


def _named_amount(table: Table, word: str, keys: set[str]) -> list[tuple[Table, Column]]:
    """The one amount of a table whose name holds the word and keeps no column of it: the rent
    a ``rent_payments`` table holds is its ``amount``."""
    if word not in {sing(w) for w in words_of(Column(table.name, "text"))}:
        return []
    found = [(table, c) for c in table.columns if c.name not in keys and _numeric(c) and set(words_of(c)) & _AMOUNT]
    return found if len(found) == 1 else []


def _distance(schema: SchemaContext, table: Table, anchors: list[Table]) -> int:
    """The foreign keys from ``table`` to each of ``anchors``, added up (each at most :data:`_FAR`)."""
    edges = schema.derived("sketch.edges", fk_edges)
    hops = {id(table): 0}
    frontier = [table]
    for depth in range(1, _FAR):
        nxt = []
        for t in frontier:
            for other, _ in edges.get(id(t), ()):
                if id(other) not in hops:
                    hops[id(other)] = depth
                    nxt.append(other)
        frontier = nxt
    return sum(hops.get(id(a), _FAR) for a in anchors)
