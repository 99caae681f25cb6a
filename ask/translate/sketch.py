"""Reading a plain question straight onto the caller's schema, without the model.

Most analyst questions are one of a few shapes — a count, a list, an aggregate of a measure,
one of those per group, the row with the largest or smallest value — filtered by named values
and number comparisons. The shape is carried by English words that mean the same on any
schema ("how many", "average", "per", "more than", "the most"); what the question is about is
carried by the schema's own names and stored values, which :mod:`ask.context.subjects` and
value linking already find. So a question whose every content word is one of those can be
*read*: the SQL follows from where the words sit, with no training and no schema of ours in
it.

:func:`read_question` returns the reading and how much of the question it accounts for
(``coverage``); a question it cannot read (a word it has no place for, two readings it cannot
choose between) gets ``None``. The planner offers the reading as one more candidate, checked
like any other.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pglast.keywords import RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS

from ask.context.value_linking import ValueMatch, normalise, singular
from ask.schema import Column, SchemaContext, Table, short_type

# Words that carry no schema meaning in a question (English function words and question frames).
_FILLER = frozenset("""
a an the of for in on at to from by with and or is are was were be been being do does did
what which who whom whose where when how that this these those there their its it his her
they them we us our you your i me my all any each every some list show give find tell return
display get provide name names please also as have has had than then both either only just
whole entire different distinct unique whether ever currently current value values record
records row rows data information info detail details corresponding respective respectively
along together having exist exists existing ones one there's what's
""".split())

_COUNT_FRAMES = (("how", "many"), ("number", "of"), ("count", "of"), ("count",), ("total", "number", "of"))
_AGGREGATES = {
    "average": "avg", "mean": "avg", "avg": "avg", "total": "sum", "sum": "sum", "combined": "sum",
    "maximum": "max", "max": "max", "minimum": "min", "min": "min",
}
# Superlatives: as an aggregate ("the highest age" -> max) or as a ranking ("the singer with
# the highest age" -> ORDER BY ... LIMIT 1).
_SUPERLATIVES = {
    "highest": "DESC", "largest": "DESC", "biggest": "DESC", "greatest": "DESC", "most": "DESC",
    "maximum": "DESC", "max": "DESC", "longest": "DESC", "oldest": "DESC", "latest": "DESC",
    "newest": "DESC", "heaviest": "DESC", "top": "DESC",
    "lowest": "ASC", "smallest": "ASC", "least": "ASC", "fewest": "ASC", "minimum": "ASC",
    "min": "ASC", "shortest": "ASC", "youngest": "ASC", "earliest": "ASC", "cheapest": "ASC",
    "lightest": "ASC",
}
_AGE_WORDS = {"oldest": "DESC", "youngest": "ASC", "older": ">", "younger": "<"}
_COMPARATORS = (
    (("more", "than"), ">"), (("greater", "than"), ">"), (("larger", "than"), ">"),
    (("bigger", "than"), ">"), (("higher", "than"), ">"), (("older", "than"), ">"),
    (("longer", "than"), ">"), (("over",), ">"), (("above",), ">"), (("after",), ">"),
    (("exceeding",), ">"), (("exceeds",), ">"), (("later", "than"), ">"), (("newer", "than"), ">"),
    (("earlier", "than"), "<"), (("cheaper", "than"), "<"), (("heavier", "than"), ">"),
    (("lighter", "than"), "<"), (("bigger", "than"), ">"), (("not", "more", "than"), "<="),
    (("less", "than"), "<"), (("fewer", "than"), "<"), (("smaller", "than"), "<"),
    (("lower", "than"), "<"), (("younger", "than"), "<"), (("shorter", "than"), "<"),
    (("under",), "<"), (("below",), "<"), (("before",), "<"),
    (("at", "least"), ">="), (("no", "less", "than"), ">="), (("at", "most"), "<="),
    (("no", "more", "than"), "<="), (("equal", "to"), "="), (("equals",), "="),
)
_GROUP_FRAMES = (("for", "each"), ("in", "each"), ("of", "each"), ("per",), ("by",), ("each",),
                 ("for", "every"), ("every",))
_ORDER_FRAMES = (("ordered", "by"), ("sorted", "by"), ("order", "by"), ("sort", "by"),
                 ("in", "order", "of"), ("ordered", "in"), ("sorted", "in"), ("order", "of"),
                 ("ranked", "by"), ("arranged", "by"))
_DESC_WORDS = frozenset(("descending", "desc", "decreasing", "reverse"))
_ASC_WORDS = frozenset(("ascending", "asc", "increasing", "alphabetical", "alphabetically"))
_NUMERIC = frozenset(("int", "num"))
_NAME_COLUMNS = ("name", "title", "label", "full_name", "fullname")


@dataclass(frozen=True, slots=True)
class Reading:
    sql: str
    coverage: float         # share of the question's content words the reading accounts for


@dataclass(frozen=True, slots=True)
class _Mention:
    table: Table
    column: Column | None   # None: the table itself
    start: int
    end: int


@dataclass(slots=True)
class _Parts:
    """What the words say, before it is spelled as SQL."""
    table: Table | None = None
    selects: list[tuple[str, Table, Column | None]] = field(default_factory=list)  # (agg, table, column)
    filters: list[str] = field(default_factory=list)
    filter_tables: list[Table] = field(default_factory=list)
    group: tuple[Table, Column | None, tuple[Column, ...]] | None = None   # (table, shown, keys)
    order: tuple[str, str] | None = None          # (expression, direction)
    limit: int | None = None
    distinct: bool = False
    having: tuple[str, str] | None = None           # (operator, number) against count(*)
    star: bool = False                              # "all the information about ..."


def read_question(question: str, schema: SchemaContext,
                  links: Sequence[ValueMatch] = ()) -> Reading | None:
    """The SQL a plain question reads as on ``schema``, or None when it does not read plainly."""
    words = normalise(question)
    if not words or len(words) > 40:
        return None
    used = [False] * len(words)
    mentions = _mentions(words, schema)
    focus = _focus(mentions, links)
    # where names are spelt alike in several tables, every reader below takes the first
    # mention: the one of the table the rest of the question is most about
    mentions.sort(key=lambda m: -focus.get(m.table.name, 0))
    parts = _Parts()
    for m in links:
        if m.exact:
            _use(used, m.start, m.end)
    try:
        _read(words, used, mentions, links, schema, parts)
        sql = _spell(parts, schema)
    except _Unreadable:
        return None
    if sql is None:
        return None
    content = [i for i, w in enumerate(words) if w not in _FILLER]
    if not content:
        return None
    covered = sum(1 for i in content if used[i])
    return Reading(sql, covered / len(content))


class _Unreadable(Exception):
    """The question has a shape this reader does not know."""


def _use(used: list[bool], start: int, end: int) -> None:
    for i in range(max(0, start), min(len(used), end)):
        used[i] = True


def _find(words: list[str], phrase: tuple[str, ...], start: int = 0) -> int:
    n = len(phrase)
    for i in range(start, len(words) - n + 1):
        if tuple(words[i:i + n]) == phrase:
            return i
    return -1


# --- mentions of the schema's names ---------------------------------------------------------

def _sing(word: str) -> str:
    return "id" if word == "ids" else singular(word)


def _stem(word: str) -> str:
    """``opened`` -> ``open``, ``founding`` -> ``found``: a second try for a one-word name."""
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[:-len(suffix)]
    return word


def _name_words(name: str) -> tuple[str, ...]:
    parts = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name).lower().replace("-", "_").split("_")
    return tuple(_sing(p) for p in parts if p)


_VERBS = frozenset(("show", "list", "find", "give", "return", "display", "get", "tell", "provide", "count"))


def _mentions(words: list[str], schema: SchemaContext) -> list[_Mention]:
    """Every span of the question that spells a table's or a column's name (singular forms)."""
    index = schema.derived("sketch.names", _name_index)
    flat = [_sing(w) for w in words]
    found: list[_Mention] = []
    stemmed = [_ABBREVIATIONS.get(w) or _stem(w) for w in flat]
    for start in range(len(flat)):
        if stemmed[start] != flat[start]:
            for table, column in index.get((stemmed[start],), ()):
                found.append(_Mention(table, column, start, start + 1))
        if words[start] in _VERBS and (start == 0 or words[start - 1] in ("please", "and", "also")):
            continue
        for length in (3, 2, 1):
            key = tuple(flat[start:start + length])
            if len(key) < length:
                continue
            for table, column in index.get(key, ()):
                found.append(_Mention(table, column, start, start + length))
    return found


def _name_index(schema: SchemaContext) -> dict[tuple[str, ...], list[tuple[Table, Column | None]]]:
    index: dict[tuple[str, ...], list[tuple[Table, Column | None]]] = {}
    for table in schema.tables:
        for key in _spellings(table.name):
            index.setdefault(key, []).append((table, None))
        for column in table.columns:
            for key in _spellings(column.name, table.name):
                index.setdefault(key, []).append((table, column))
    return index


_TABLE_PREFIXES = frozenset(("ref", "tbl", "tb", "t", "dim", "fact", "lkp", "lu", "map", "app"))


def _spellings(name: str, table: str | None = None) -> set[tuple[str, ...]]:
    words = _name_words(name)
    out = {words} if 0 < len(words) <= 3 else set()
    if table is None:
        if len(words) > 1 and words[0] in _TABLE_PREFIXES:
            out.add(words[1:])
        return out
    # template_type_description reads as "description" or "type description": a column's
    # trailing words, which the question's other words then place in one table
    if words and words[-1] != "id":
        out.update(words[i:] for i in range(1, len(words))
                   if len(words) - i <= 3 and (len(words) - i > 1 or len(words[i]) >= 4))
    if len(words) >= 3 and words[-1] != "id":
        out.add(words[:2])                     # net_worth_millions reads as "net worth"
    prefix = _name_words(table)
    for own in (prefix, prefix[-1:]):
        if len(words) > len(own) and words[:len(own)] == own:
            out.add(words[len(own):])          # templates.template_id reads as "id"
    for spelled in list(out):
        expanded = tuple(_ABBREVIATIONS.get(w, w) for w in spelled)
        out.add(expanded)
        if len(expanded) == 2:
            out.add((expanded[0], "of", expanded[1]))    # number_products: "number of products"
        if len(expanded) == 3 and expanded[1] == "of":
            out.add((expanded[2], expanded[0]))          # num_of_staff: "staff number"
    return {w for w in out if w and not (len(w) == 1 and w[0] in _FILLER and w[0] not in ("name", "names"))}


_ABBREVIATIONS = {"num": "number", "no": "number", "nbr": "number", "qty": "quantity", "amt": "amount",
                  "dt": "date", "yr": "year", "desc": "description", "addr": "address", "nm": "name",
                  "cnt": "count", "avg": "average", "pct": "percent", "dob": "birth"}


# --- reading ------------------------------------------------------------------------------

def _read(words: list[str], used: list[bool], mentions: list[_Mention], links: Sequence[ValueMatch],
          schema: SchemaContext, parts: _Parts) -> None:
    counting = _count_frame(words, used, mentions)
    _link_filters(words, used, mentions, links, schema, parts)
    _number_filters(words, used, mentions, parts)
    ordered = _order_frame(words, used, mentions)
    order = ordered[:2] if ordered is not None else None
    if ordered is not None:
        parts.filter_tables.append(ordered[2])
    group = _group_frame(words, used, mentions)
    aggregates = _aggregates(words, used, mentions)
    ranking = None if aggregates or order is not None else _ranking(words, used, mentions)
    listed, listed_at = _listed(words, used, mentions)
    if aggregates and listed and all(a in ("max", "min") for a, _, _ in aggregates) and not group:
        # "the smallest version number and its type code": the row, not the aggregate; the
        # column is shown when the question names it first ("... of the shop with the largest
        # number of products" only ranks by it)
        order = (_col(aggregates[0][1], aggregates[0][2]), "DESC" if aggregates[0][0] == "max" else "ASC")
        parts.filter_tables.append(aggregates[0][1])
        cue = min(i for i, w in enumerate(words) if _AGGREGATES.get(w) in ("max", "min") or w in _SUPERLATIVES)
        if cue < min(listed_at):
            listed = [("", t, c) for _, t, c in aggregates] + listed
        aggregates = []
        parts.limit = 1
    common = _most_common(words, used, mentions)
    if common is not None and common.column is not None and group is None and counting is None \
            and not aggregates:
        group = (common.table, common.column, (common.column,))
        ranking = ("count(*)", "DESC", True, None)
        listed = [x for x in listed if x[2] is not common.column]
    if any(w in ("information", "info", "details", "everything") for w in words) and not listed \
            and counting is None and not aggregates:
        parts.star = True
        for i, w in enumerate(words):
            if w in ("information", "info", "details", "everything"):
                _use(used, i, i + 1)
    if parts.having is not None and group is None:
        entity = next((m for m in mentions if m.column is None and m.table not in parts.filter_tables), None)
        if listed and listed[0][2] is not None:
            group = (listed[0][1], listed[0][2], (listed[0][2],))
        elif entity is not None and _name_column(entity.table) is not None:
            keys = tuple(c for c in (entity.table.column(k) for k in entity.table.primary_key) if c is not None)
            shown = _name_column(entity.table)
            group = (entity.table, shown, keys + ((shown,) if shown is not None else ()))
        else:
            raise _Unreadable("a count per what")
        listed = [x for x in listed if x[2] is not group[1]]
    if order is None and ranking is None and listed and listed[0][2] is not None and any(
            w in _DESC_WORDS or w in _ASC_WORDS for w in words):
        order = (_col(listed[0][1], listed[0][2]), "DESC" if any(w in _DESC_WORDS for w in words) else "ASC")
    if aggregates and listed and group is None and counting is None and listed[0][2] is not None:
        # "the names of singers and the total sales of their songs": per name
        group = (listed[0][1], listed[0][2], tuple(c for _, _, c in listed if c is not None))
    if "both" in words and len(parts.filters) > 1:
        raise _Unreadable("both (an intersection)")
    if any(w in ("distinct", "different", "unique") for w in words):
        parts.distinct = True
    first = listed[0][2] if listed else None
    counted_ranking = ranking is not None and ranking[2]
    per_row = any(w in ("each", "corresponding", "respective", "every") for w in words)
    if group is None and first is not None and (counted_ranking or (per_row and (counting is not None or aggregates))):
        group = (listed[0][1], first, (first,))     # "... and how many for each"
        listed = listed[1:]
    if group is not None and counting is None and not aggregates and not (ranking and ranking[2]) \
            and parts.having is None:
        if _grouped_by(words, mentions) and not listed and not parts.star:
            counting = len(words)      # "customers by region": how many per region
        else:
            group = None           # "the name of each battle" lists, it does not group
    table = _main_table(mentions, listed, aggregates, group, parts, counting)
    parts.table = table
    parts.filter_tables.extend(_standalone_tables(mentions, used))
    _date_filters(words, used, mentions, table, parts)
    parts.group = group
    if counting is not None:
        if ranking is not None and not ranking[2]:
            raise _Unreadable("a count of the top row")
        distinct_col = listed[0] if parts.distinct and listed and group is None else None
        parts.selects = [] if distinct_col is not None or group is None else [
            x for x in listed if x[1] is group[0]]
        parts.selects.append(("count_distinct", distinct_col[1], distinct_col[2]) if distinct_col
                             else ("count", table, None))
        parts.distinct = False
    elif aggregates:
        parts.selects = ([x for x in listed if group is not None and x[2] is not group[1]]
                         + aggregates)
    elif group is not None:
        parts.selects = listed
    elif listed and "their" in words and not parts.distinct:
        label = _name_column(table)
        seen = [c for _, _, c in listed]
        parts.selects = ([("", table, label)] if label is not None and label not in seen else []) + listed
    else:
        parts.selects = listed or [("", table, _name_column(table))]
    if ranking is not None:
        expr, direction, count_of, _ = ranking
        if count_of and group is None:
            raise _Unreadable("the most of what, per what")
        parts.order = (expr, direction)
        parts.limit = _top_n(words, used) or 1
        if ranking[3] is not None:
            parts.filter_tables.append(ranking[3])
    elif order is not None:
        parts.order = order
        parts.limit = _top_n(words, used) or parts.limit
    if parts.having is not None and parts.group is None:
        raise _Unreadable("a count compared, per what")


def _standalone_tables(mentions: list[_Mention], used: list[bool]) -> list[Table]:
    """Tables the question names on their own ("names of poker players"): the answer keeps
    to their rows, so they are joined even when no column of theirs is shown."""
    spans = [(m.start, m.end) for m in mentions]
    return [m.table for m in mentions if m.column is None
            and not any(a <= m.start and m.end <= b and (a, b) != (m.start, m.end) for a, b in spans)]


def _grouped_by(words: list[str], mentions: list[_Mention]) -> bool:
    """``orders by status``: a breakdown of a table the question names right before ``by`` /
    ``per`` (not ``each``), counted when nothing else is measured."""
    if any(w in ("sort", "sorted", "order", "ordered", "ranked") for w in words):
        return False
    at = next((i for i, w in enumerate(words) if w in ("by", "per")), -1)
    return at > 0 and any(m.column is None and m.end == at for m in mentions)


def _most_common(words: list[str], used: list[bool], mentions: list[_Mention]) -> _Mention | None:
    """``the most common nationality``: the value with the most rows."""
    for i, w in enumerate(words[:-1]):
        if w in ("most", "least") and words[i + 1] in ("common", "frequent", "popular", "usual"):
            target = _mention_at(mentions, i + 2)
            if target is not None and target.column is not None:
                _use(used, i, target.end)
                return target
    return None


_PERIODS = {"day": "day", "week": "week", "month": "month", "quarter": "quarter", "year": "year"}
_DATE_TYPES = frozenset(("date", "ts"))


def _date_filters(words: list[str], used: list[bool], mentions: list[_Mention], table: Table,
                  parts: _Parts) -> None:
    """Relative periods, from ``current_date`` (eval/CONVENTIONS.md): today, yesterday, this /
    last week|month|quarter|year, the past N days|weeks|months, in YEAR."""
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        condition: str | None = None
        span = 1
        if w == "today":
            condition = "{c} >= current_date"
        elif w == "yesterday":
            condition = "{c} >= current_date - 1 AND {c} < current_date"
        elif w == "this" and singular(nxt) in _PERIODS and nxt != "day":
            condition = f"{{c}} >= date_trunc('{_PERIODS[singular(nxt)]}', current_date)"
            span = 2
        elif w in ("last", "previous", "past") and singular(nxt) in _PERIODS and nxt not in ("day", "days"):
            period = _PERIODS[singular(nxt)]
            step = "3 months" if period == "quarter" else f"1 {period}"
            condition = (f"{{c}} >= date_trunc('{period}', current_date) - interval '{step}' "
                         f"AND {{c}} < date_trunc('{period}', current_date)")
            span = 2
        elif w in ("last", "past") and _is_number(nxt) and i + 2 < len(words) and singular(words[i + 2]) in _PERIODS:
            n, unit = int(nxt), singular(words[i + 2])
            condition = (f"{{c}} >= current_date - {n}" if unit == "day"
                         else f"{{c}} >= current_date - interval '{n} {unit}s'")
            span = 3
        elif w in ("in", "during") and _is_number(nxt) and len(nxt) == 4 and 1900 <= int(nxt) <= 2100 \
                and not used[i + 1]:
            condition = f"extract(year FROM {{c}}) = {nxt}"
            span = 2
        if condition is None or used[i + span - 1]:
            continue
        column = _date_column(words, mentions, table)
        if column is None:
            if span == 2 and w in ("in", "during"):
                continue        # "in 2014" may be a plain number elsewhere
            raise _Unreadable("a period of which date")
        start = i - 1 if i > 0 and words[i - 1] in ("in", "during", "over", "for", "within") else i
        _use(used, start, i + span)
        parts.filters.append(condition.format(c=_col(column[0], column[1])))
        parts.filter_tables.append(column[0])


def _date_column(words: list[str], mentions: list[_Mention], table: Table) -> tuple[Table, Column] | None:
    """The date a period filters: one the question names, else the main table's only date."""
    named = [m for m in mentions if m.column is not None and short_type(m.column.type) in _DATE_TYPES]
    if named:
        return named[0].table, named[0].column  # type: ignore[return-value]
    dates = [c for c in table.columns if short_type(c.type) in _DATE_TYPES]
    if len(dates) == 1:
        return table, dates[0]
    stems = {_stem(singular(w)) for w in words}
    matching = [c for c in dates if _name_words(c.name) and set(map(_stem, _name_words(c.name))) & stems]
    if len(matching) == 1:
        return table, matching[0]
    return None


def _count_frame(words: list[str], used: list[bool], mentions: list[_Mention]) -> int | None:
    for frame in _COUNT_FRAMES:
        at = _find(words, frame)
        while at >= 0:
            # "the number of products" may be a column (number_products); "staff number of
            # the museum" names one (a noun before it)
            named = any(m.start == at and m.column is not None and m.end > at + 1 for m in mentions)
            after_noun = at > 0 and words[at - 1] not in _FILLER and words[at - 1] not in _COUNT_LEADS
            if not named and not (frame[0] == "number" and after_noun):
                _use(used, at, at + len(frame))
                return at + len(frame)
            at = _find(words, frame, at + 1)
    return None


_COUNT_LEADS = frozenset(("total", "count", "find", "show", "return", "give", "compute", "calculate"))


_NEGATIONS = frozenset(("not", "isn't", "aren't", "wasn't", "except", "excluding", "other", "besides"))


def _link_filters(words: list[str], used: list[bool], mentions: list[_Mention],
                  links: Sequence[ValueMatch], schema: SchemaContext, parts: _Parts) -> None:
    by_span: dict[tuple[int, int], list[ValueMatch]] = {}
    for m in links:
        if m.exact:
            by_span.setdefault((m.start, m.end), []).append(m)
    chosen: dict[tuple[str, str], list[ValueMatch]] = {}
    for (start, end), found in sorted(by_span.items()):
        # the same value in a code table and the table that references it: the column the
        # question names beside it, else the first
        named = [m for m in found if _named_near(mentions, m, start, end)]
        m = (named or found)[0]
        chosen.setdefault((m.table, m.column), []).append(m)
    for (ref, column_name), group in chosen.items():
        table = _resolve(schema, ref)
        if table is None:
            raise _Unreadable(ref)
        for m in group:
            for mention in _named_near(mentions, m, m.start, m.end):
                _use(used, mention.start, mention.end)
        negated = any(w in _NEGATIONS for m in group for w in words[max(0, m.start - 2):m.start])
        column = f"{_ident(table.name)}.{_ident(column_name)}"
        values = [_literal(m.value) for m in group]
        if len(values) > 1 and not any("or" in words[a.end:b.start] for a, b in zip(group, group[1:])):
            raise _Unreadable("two values of one column, both at once")
        if len(values) > 1:
            parts.filters.append(f"{column} {'NOT IN' if negated else 'IN'} ({', '.join(values)})")
        else:
            parts.filters.append(f"{column} {'<>' if negated else '='} {values[0]}")
        if negated:
            for m in group:
                for i in range(max(0, m.start - 2), m.start):
                    if words[i] in _NEGATIONS:
                        _use(used, i, i + 1)
        parts.filter_tables.append(table)


def _named_near(mentions: list[_Mention], m: ValueMatch, start: int, end: int) -> list[_Mention]:
    """Mentions of the linked column (or its table) just before or after the value."""
    table = m.table.rsplit(".", 1)[-1]
    return [x for x in mentions if x.table.name == table
            and (x.column is None or x.column.name == m.column)
            and (0 <= start - x.end <= 3 or 0 <= x.start - end <= 1)]


def _number_filters(words: list[str], used: list[bool], mentions: list[_Mention], parts: _Parts) -> None:
    for phrase, op in _COMPARATORS:
        at = _find(words, phrase)
        while at >= 0:
            after = at + len(phrase)
            first, this_op = at, op
            if at > 0 and words[at - 1] == "not":
                this_op = {">": "<=", "<": ">=", ">=": "<", "<=": ">"}.get(op, op)
                first = at - 1
            if after < len(words) and _is_number(words[after]) and not used[at]:
                column = _numeric_near(mentions, at, after + 1, words)
                counted = _mention_at(mentions, after + 1)
                if column is None and counted is not None and counted.column is None:
                    # "template types with fewer than 3 templates": a count per group
                    parts.having = (this_op, words[after])
                    parts.filter_tables.append(counted.table)
                    _use(used, first, counted.end)
                    at = _find(words, phrase, at + 1)
                    continue
                if column is None:
                    raise _Unreadable("a number compared with what")
                table, col = column[0], column[1]
                parts.filters.append(f"{_ident(table.name)}.{_ident(col.name)} {this_op} {words[after]}")
                parts.filter_tables.append(table)
                _use(used, first, after + 1)
                _use(used, column[2], column[3])
            at = _find(words, phrase, at + 1)


def _numeric_near(mentions: list[_Mention], start: int, end: int,
                  words: list[str]) -> tuple[Table, Column, int, int] | None:
    """The numeric column a comparison is about: the nearest one named before it (or just after
    the number); ``older than`` is about an age."""
    best: tuple[int, _Mention] | None = None
    for m in mentions:
        if m.column is None or short_type(m.column.type) not in _NUMERIC:
            continue
        distance = start - m.end if m.end <= start else m.start - end
        if -1 <= distance <= 4 and (best is None or distance < best[0]):
            best = (distance, m)
    if best is not None:
        return best[1].table, best[1].column, best[1].start, best[1].end  # type: ignore[return-value]
    if words[start] in _AGE_WORDS:
        for m in mentions:
            if m.column is not None and m.column.name.lower() == "age":
                return m.table, m.column, start, start
    return None


_Group = tuple[Table, "Column | None", tuple[Column, ...]]


def _group_frame(words: list[str], used: list[bool], mentions: list[_Mention]) -> _Group | None:
    for frame in _GROUP_FRAMES:
        at = _find(words, frame)
        if at < 0:
            continue
        after = at + len(frame)
        target = _mention_at(mentions, after)
        if target is None:
            continue
        _use(used, at, target.end)
        if target.column is not None:
            return target.table, target.column, (target.column,)
        shown = _name_column(target.table)
        keys = tuple(c for c in (target.table.column(k) for k in target.table.primary_key) if c is not None)
        if shown is None and not keys:
            raise _Unreadable("group by a table without a name or a key")
        return target.table, shown or keys[0], keys + ((shown,) if shown is not None else ())
    return None


def _group_key(table: Table) -> Column | None:
    return _name_column(table) or (table.column(table.primary_key[0]) if table.primary_key else None)


def _mention_at(mentions: list[_Mention], at: int) -> _Mention | None:
    """The longest mention starting at ``at`` (or one word later, past an adjective)."""
    for start in (at, at + 1):
        here = [m for m in mentions if m.start == start]
        if here:
            here.sort(key=lambda m: (-(m.end - m.start), m.column is not None))
            return here[0]
    return None


def _aggregates(words: list[str], used: list[bool], mentions: list[_Mention]) -> list[tuple[str, Table, Column | None]]:
    """``average age``, ``the maximum and minimum weight``: aggregates of numeric columns."""
    found: list[tuple[str, Table, Column | None]] = []
    pending: list[tuple[int, str]] = []
    for i, w in enumerate(words):
        agg = _AGGREGATES.get(w)
        if agg is None and w in ("highest", "lowest", "largest", "smallest") and not _ranking_context(words, i):
            agg = "max" if _SUPERLATIVES[w] == "DESC" else "min"
        if agg is not None:
            if agg == "sum" and i + 1 < len(words) and words[i + 1] == "number":
                continue        # "total number of" is a count
            pending.append((i, agg))
            continue
        target = next((m for m in mentions if m.start == i and m.column is not None
                       and short_type(m.column.type) in _NUMERIC), None)
        if target is not None and pending:
            for at, agg in pending:
                found.append((agg, target.table, target.column))
                _use(used, at, at + 1)
            _use(used, target.start, target.end)
            pending = []
    return found


def _ranking_context(words: list[str], i: int) -> bool:
    """``the singer with the highest age``: a ranking, not an aggregate."""
    before = words[max(0, i - 3):i]
    return any(w in ("with", "whose", "has", "have", "had", "which", "who") for w in before) or (
        bool(words) and words[0] in ("which", "who"))


def _ranking(words: list[str], used: list[bool],
             mentions: list[_Mention]) -> tuple[str, str, bool, Table | None] | None:
    """``the singer with the highest age`` (ORDER BY age DESC LIMIT 1); ``which year has the
    most concerts`` (ORDER BY count(*) DESC, per group)."""
    for i, w in enumerate(words):
        direction = _SUPERLATIVES.get(w)
        if direction is None:
            continue
        if w in _AGE_WORDS:
            age = next((m for m in mentions if m.column is not None and m.column.name.lower() == "age"), None)
            if age is not None and age.column is not None:
                _use(used, i, i + 1)
                return _col(age.table, age.column), direction, False, age.table
            continue
        if words[i + 1:i + 3] == ["number", "of"] and w in ("most", "least", "fewest", "greatest",
                                                             "largest", "highest", "smallest", "lowest"):
            counted = _mention_at(mentions, i + 3)
            if counted is None or counted.column is None:
                _use(used, i, counted.end if counted is not None else i + 3)
                return "count(*)", direction, True, counted.table if counted is not None else None
        target = _mention_at(mentions, i + 1) or _mention_at(mentions, i + 2)
        _use(used, i, i + 1)
        if target is not None and target.column is not None and short_type(target.column.type) in _NUMERIC:
            _use(used, target.start, target.end)
            return _col(target.table, target.column), direction, False, target.table
        if w in ("most", "least", "fewest"):
            if target is not None:
                _use(used, target.start, target.end)
            return "count(*)", direction, True, target.table if target is not None else None
        raise _Unreadable(f"{w} what")
    return None


_HIGH_WORDS = frozenset(("high", "highest", "old", "oldest", "large", "largest", "most", "big", "biggest",
                         "late", "latest", "new", "newest", "top", "many", "more"))


def _order_frame(words: list[str], used: list[bool], mentions: list[_Mention]) -> tuple[str, str, Table] | None:
    direction = "DESC" if any(w in _DESC_WORDS for w in words) else "ASC"
    at = _find(words, ("from",))
    while at >= 0:
        if at + 3 < len(words) + 1 and "to" in words[at + 2:at + 5]:
            if words[at + 1] in _HIGH_WORDS or (words[at + 1] == "the" and words[at + 2] in _HIGH_WORDS):
                direction = "DESC"
                to = words.index("to", at + 2)
                _use(used, at, min(len(words), to + 3 if words[to + 1:to + 2] == ["the"] else to + 2))
        at = _find(words, ("from",), at + 1)
    for i, w in enumerate(words):
        if w in _DESC_WORDS or w in _ASC_WORDS or w == "order":
            _use(used, i, i + 1)
    for frame in _ORDER_FRAMES:
        at = _find(words, frame)
        if at < 0:
            continue
        after = at + len(frame)
        while after < len(words) and (words[after] in _DESC_WORDS or words[after] in _ASC_WORDS
                                      or words[after] in ("the", "their", "its")):
            after += 1
        target = _mention_at(mentions, after)
        _use(used, at, after)
        if target is None or target.column is None:
            raise _Unreadable("ordered by what")
        _use(used, target.start, target.end)
        return _col(target.table, target.column), direction, target.table
    if any(w in _DESC_WORDS or w in _ASC_WORDS or w in ("sort", "sorted", "order", "ordered") for w in words):
        at = _find(words, ("by",))
        while at >= 0:
            after = at + 1
            while after < len(words) and words[after] in ("the", "their", "its", "his", "her"):
                after += 1
            target = _mention_at(mentions, after)
            if target is not None and target.column is not None:
                _use(used, at, target.end)
                for i, w in enumerate(words):
                    if w in ("sort", "sorted", "ordered"):
                        _use(used, i, i + 1)
                return _col(target.table, target.column), direction, target.table
            at = _find(words, ("by",), at + 1)
    return None


def _top_n(words: list[str], used: list[bool]) -> int | None:
    for i, w in enumerate(words[:-1]):
        if w in ("top", "first") and _is_number(words[i + 1]):
            _use(used, i, i + 2)
            return int(words[i + 1])
        if _is_number(w) and words[i + 1] in _SUPERLATIVES and int(w) < 1000:
            _use(used, i, i + 1)
            return int(w)         # "the 5 largest countries"
    return None


def _focus(mentions: list[_Mention], links: Sequence[ValueMatch] = ()) -> dict[str, int]:
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


def _listed(words: list[str], used: list[bool], mentions: list[_Mention]
            ) -> tuple[list[tuple[str, Table, Column | None]], list[int]]:
    """Columns the question asks to see, in its order (the longest mention at each place), and
    where each starts."""
    out: list[tuple[str, Table, Column | None]] = []
    starts: list[int] = []
    by_start: dict[int, list[_Mention]] = {}
    for m in mentions:
        by_start.setdefault(m.start, []).append(m)
    i = 0
    while i < len(words):
        here = by_start.get(i)
        if not here or used[i]:
            i += 1
            continue
        longest = max(m.end for m in here)
        best = [m for m in here if m.end == longest]
        single = longest - i == 1
        columns = [m for m in best if m.column is not None
                   and not (single and (words[i] in _SUPERLATIVES or words[i] in _AGGREGATES))]
        if any(m.column is None for m in best):
            columns = []        # "battles" names the table, not battle.lost_in_battle
        if columns:
            chosen = columns[0]        # mentions come ordered by their table's focus
            item = ("", chosen.table, chosen.column)
            if item not in out:
                out.append(item)
                starts.append(i)
        _use(used, i, longest)
        i = longest
    return out, starts


def _main_table(mentions: list[_Mention], listed: list[tuple[str, Table, Column | None]],
                aggregates: list[tuple[str, Table, Column | None]], group: _Group | None,
                parts: _Parts, counting: int | None) -> Table:
    tables = [m for m in mentions if m.column is None]
    if counting is not None:
        after = [m for m in tables if m.start >= counting - 1]
        if after:
            return min(after, key=lambda m: m.start).table
    for _, table, _ in aggregates + listed:
        return table
    if tables:
        return tables[0].table
    if group is not None:
        return group[0]
    if parts.filter_tables:
        return parts.filter_tables[0]
    raise _Unreadable("about which table")


def _name_column(table: Table) -> Column | None:
    for name in _NAME_COLUMNS:
        col = table.column(name)
        if col is not None:
            return col
    for col in table.columns:
        if col.name.lower().endswith("name") and short_type(col.type) == "text":
            return col
    return None


# --- spelling -----------------------------------------------------------------------------

def _spell(parts: _Parts, schema: SchemaContext) -> str | None:
    table = parts.table
    if table is None:
        return None
    needed = [table] + [t for _, t, _ in parts.selects] + parts.filter_tables
    if parts.group is not None:
        needed.append(parts.group[0])
    joins = _join_path(table, needed, schema)
    targets: list[str] = []
    if parts.group is not None and not any(c is parts.group[1] for _, _, c in parts.selects):
        targets.append(_col(parts.group[0], parts.group[1]))
    for agg, t, c in parts.selects:
        if agg == "count":
            targets.append("count(*)")
        elif agg == "count_distinct":
            targets.append(f"count(DISTINCT {_col(t, c)})")
        elif agg:
            targets.append(f"{agg}({_col(t, c)})")
        elif c is not None:
            targets.append(_col(t, c))
    if parts.star:
        targets = [f"{_ident(table.name)}.*"]
    if not targets:
        return None
    sql = "SELECT " + ("DISTINCT " if parts.distinct else "") + ", ".join(targets)
    sql += f" FROM {_ident(table.name)}" + "".join(joins)
    if parts.filters:
        sql += " WHERE " + " AND ".join(parts.filters)
    if parts.group is not None:
        keys = list(parts.group[2]) + [c for a, t, c in parts.selects
                                       if not a and c is not None and c not in parts.group[2]]
        owners = {id(c): t for _, t, c in parts.selects if c is not None}
        sql += " GROUP BY " + ", ".join(_col(owners.get(id(c), parts.group[0]), c) for c in keys)
    if parts.having is not None:
        sql += f" HAVING count(*) {parts.having[0]} {parts.having[1]}"
    if parts.order is not None:
        sql += f" ORDER BY {parts.order[0]} {parts.order[1]}"
    if parts.limit is not None:
        sql += f" LIMIT {parts.limit}"
    return sql


def _col(table: Table, column: Column | None) -> str:
    if column is None:
        raise _Unreadable("no column")
    return f"{_ident(table.name)}.{_ident(column.name)}"


def _join_path(root: Table, needed: list[Table], schema: SchemaContext) -> list[str]:
    """JOIN clauses reaching every needed table from ``root`` along foreign keys (≤ 3 hops)."""
    joined = {id(root)}
    clauses: list[str] = []
    for target in needed:
        if id(target) in joined:
            continue
        path = _fk_path(schema, root, target, joined)
        if path is None:
            raise _Unreadable(f"no foreign key path to {target.name}")
        for table, condition in path:
            if id(table) not in joined:
                joined.add(id(table))
                clauses.append(f" JOIN {_ident(table.name)} ON {condition}")
    return clauses


def _fk_path(schema: SchemaContext, root: Table, target: Table,
             joined: set[int]) -> list[tuple[Table, str]] | None:
    edges = schema.derived("sketch.edges", _edges)
    frontier: list[tuple[Table, list[tuple[Table, str]]]] = [
        (t, []) for t in schema.tables if id(t) in joined or t is root]
    seen = {id(t) for t, _ in frontier}
    for _ in range(3):
        nxt: list[tuple[Table, list[tuple[Table, str]]]] = []
        for table, path in frontier:
            for other, condition in edges.get(id(table), ()):
                if id(other) in seen:
                    continue
                step = path + [(other, condition)]
                if other is target:
                    return step
                seen.add(id(other))
                nxt.append((other, step))
        frontier = nxt
    return None


def _edges(schema: SchemaContext) -> dict[int, list[tuple[Table, str]]]:
    edges: dict[int, list[tuple[Table, str]]] = {}
    for table in schema.tables:
        for fk in table.foreign_keys:
            ref = schema.table(fk.ref_table, fk.ref_schema)
            if ref is None or ref is table:
                continue
            condition = " AND ".join(
                f"{_ident(table.name)}.{_ident(a)} = {_ident(ref.name)}.{_ident(b)}"
                for a, b in zip(fk.columns, fk.ref_columns))
            edges.setdefault(id(table), []).append((ref, condition))
            edges.setdefault(id(ref), []).append((table, condition))
    return edges


def _resolve(schema: SchemaContext, ref: str) -> Table | None:
    if "." in ref:
        schema_name, name = ref.split(".", 1)
        return schema.table(name, schema_name)
    return schema.table(ref)


_PLAIN = re.compile(r"[a-z_][a-z0-9_]*")
_KEYWORDS = frozenset(RESERVED_KEYWORDS) | frozenset(TYPE_FUNC_NAME_KEYWORDS)


def _ident(name: str) -> str:
    if _PLAIN.fullmatch(name) and name not in _KEYWORDS:
        return name
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _is_number(word: str) -> bool:
    return word.isdigit()
