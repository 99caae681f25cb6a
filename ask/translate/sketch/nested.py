"""Questions that compare a row with other rows: "customers who never ordered" (NOT EXISTS over
the table that references it), "products priced above the average" (a scalar subquery), and
"what percent of orders are online" (a count with a FILTER over the count of all)."""

from __future__ import annotations

from ask.schema import SchemaContext, Table, short_type
from ask.translate.sketch.names import Mention, mention_at
from ask.translate.sketch.spelling import Parts, Unreadable, ident, qualified
from ask.translate.sketch.vocabulary import NUMERIC, find, use

_NEVER = (("never",), ("without",), ("no",), ("not", "any"), ("have", "not"), ("has", "not"),
          ("did", "not"), ("do", "not"), ("does", "not"), ("haven't",), ("hasn't",), ("didn't",))
_ABOVE = {"above": ">", "over": ">", "below": "<", "under": "<", "more": ">", "greater": ">",
          "higher": ">", "larger": ">", "bigger": ">", "less": "<", "lower": "<", "smaller": "<"}
_SHARE = frozenset(("percent", "percentage", "share", "proportion", "fraction"))


def absent_table(words: list[str], used: list[bool], mentions: list[Mention]) -> Mention | None:
    """The table a "never" / "without" / "not any" names: its rows must be absent."""
    for phrase in _NEVER:
        at = find(words, phrase)
        if at < 0:
            continue
        end = at + len(phrase)
        for skip in range(0, 4):        # "never placed an order", "do not have any performances"
            target = mention_at(mentions, end + skip)
            if target is not None and target.column is None:
                use(used, at, target.end)       # "never rented a unit": the verb is the relation
                return target
    return None


def not_exists(schema: SchemaContext, outer: Table, absent: Table) -> str:
    """NOT EXISTS over ``absent`` rows that reference ``outer`` by a foreign key; when they do
    not, over the rows that link the two ("members who never borrowed a book": no loans)."""
    direct = _referencing(schema, absent, outer)
    if direct is not None:
        return direct
    for bridge in schema.tables:
        if bridge is not outer and bridge is not absent and any(
                schema.table(fk.ref_table, fk.ref_schema) is absent for fk in bridge.foreign_keys):
            found = _referencing(schema, bridge, outer)
            if found is not None:
                return found
    raise Unreadable(f"{absent.name} does not reference {outer.name}")


def _referencing(schema: SchemaContext, inner: Table, outer: Table) -> str | None:
    for fk in inner.foreign_keys:
        if schema.table(fk.ref_table, fk.ref_schema) is outer:
            condition = " AND ".join(f"{ident(inner.name)}.{ident(a)} = {ident(outer.name)}.{ident(b)}"
                                     for a, b in zip(fk.columns, fk.ref_columns))
            return f"NOT EXISTS (SELECT 1 FROM {ident(inner.name)} WHERE {condition})"
    return None


def average_comparison(words: list[str], used: list[bool], mentions: list[Mention],
                       parts: Parts) -> None:
    """"above the average age", "price higher than average": a column against its mean."""
    at = find(words, ("average",))
    if at < 1:
        return
    before = [i for i in range(max(0, at - 3), at) if words[i] in _ABOVE]
    if not before:
        return
    cue = before[-1]
    target = mention_at(mentions, at + 1)
    column = target if target is not None and target.column is not None else next(
        (m for m in mentions if m.column is not None and (m.end <= cue or cue < m.start < at)
         and short_type(m.column.type) in NUMERIC), None)
    if column is None or column.column is None or short_type(column.column.type) not in NUMERIC:
        raise Unreadable("above the average of what")
    expr = qualified(column.table, column.column)
    parts.filters.append(f"{expr} {_ABOVE[words[cue]]} (SELECT avg({expr}) FROM {ident(column.table.name)})")
    parts.filter_tables.append(column.table)
    use(used, cue, at + 1)
    if target is not None and target is column:
        use(used, target.start, target.end)
    use(used, column.start, column.end)


def share_cue(words: list[str], used: list[bool], mentions: list[Mention]) -> bool:
    """"what percent of ...", "the share of ...": a ratio of counts (unless a column is
    called so)."""
    for i, w in enumerate(words):
        if w in _SHARE and not any(m.start <= i < m.end and m.column is not None for m in mentions):
            use(used, i, i + 1)
            return True
    return False
