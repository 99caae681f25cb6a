"""The parts of a reading, and how they are spelt as PostgreSQL: targets, joins along foreign
keys (three hops, or longer with a reason: :func:`fk_path`), filters, grouping, HAVING, order and limit."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from pglast.keywords import RESERVED_KEYWORDS, TYPE_FUNC_NAME_KEYWORDS

from ask.context.introspection import quote_ident
from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch.date_keys import date_dimensions, inferred_date_keys


Group = tuple[Table, "Column | None", tuple[Column, ...]]      # (table, shown, grouping keys)
Select = tuple[str, Table, "Column | None"]                      # (aggregate or "", table, column)
Ranking = tuple[str, str, bool, "Table | None"]                  # (expression, direction, a count?, table)


@dataclass(slots=True)
class Parts:
    """What the words say, before it is spelled as SQL."""
    table: Table | None = None
    selects: list[tuple[str, Table, Column | None]] = field(default_factory=list)  # (agg, table, column)
    filters: list[str] = field(default_factory=list)
    filter_tables: list[Table] = field(default_factory=list)
    group: tuple[Table, Column | None, tuple[Column, ...]] | None = None   # (table, shown, keys)
    order: tuple[str, str] | None = None          # (expression, direction)
    limit: int | None = None
    distinct: bool = False
    having: tuple[str, str] | None = None           # (operator, number) against having_of
    having_of: str = "count(*)"                     # or an aggregate: "whose average age is above 30"
    star: bool = False                              # "all the information about ..."
    share: str | None = None                        # the condition a share counts ("": each group's share)
    period: tuple[str, Table, Column] | None = None  # "by month": (unit, table, date column)
    measure: str | None = None                      # shown after the targets (what a ranking ranks by)
    compared: list[str] = field(default_factory=list)  # "this month vs last month": one column each
    taught_dates: dict[str, str] = field(default_factory=dict)  # table -> the date taught periods are on
    taught_joins: frozenset[frozenset[str]] = frozenset()  # table pairs taught SQL joins: preferred paths
    # (table, table) -> the path taught SQL joined them along (:func:`join_path`)
    taught_paths: Mapping[tuple[str, str], tuple[tuple[Table, str], ...]] = field(default_factory=dict)
    intersect: tuple[str, str] | None = None        # "in both 2014 and 2015": rows of each, INTERSECT
    setop: str = "INTERSECT"                        # or EXCEPT: "A but not B"
    negated: list[tuple[str, Table, str]] = field(default_factory=list)  # (filter, its table, the value held)
    said: frozenset[str] = frozenset()              # the question's words: which of two keys to one table
    # money columns kept in minor units, shown in major ones ("in dollars": .money_units)
    in_major: frozenset[str] = frozenset()
    # a group shown by another table's columns: the person a profile's rows are (:func:`.names.group_names`)
    group_names: list[tuple[Table, Column]] = field(default_factory=list)


class Unreadable(Exception):
    """The question has a shape this reader does not know."""


def spell(parts: Parts, schema: SchemaContext) -> str | None:
    table = parts.table
    if table is None:
        return None
    if parts.intersect is not None:
        return _intersection(parts, schema)
    needed = [table] + [t for _, t, _ in parts.selects] + parts.filter_tables
    named_by = parts.group_names
    if parts.group is not None:
        needed.append(parts.group[0])
        needed.extend(t for t, _ in named_by[:1])
    if parts.period is not None:
        needed.append(parts.period[1])
    joined: list[Table] = []
    joins = join_path(table, needed, schema, joined, parts.taught_joins, parts.said, parts.taught_paths,
                      _added_up(parts))
    targets: list[str] = []
    if parts.period is not None:
        unit, owner, column = parts.period
        targets.append(f"date_trunc('{unit}', {qualified(owner, column)}) AS {unit}")
    if named_by:        # "top 5 tutors by completed lessons": each tutor by the names auth_user holds
        targets.extend(qualified(t, c) for t, c in named_by)
    elif parts.group is not None and not any(c is parts.group[1] for _, _, c in parts.selects):
        targets.append(qualified(parts.group[0], parts.group[1]))
    for agg, t, c in parts.selects:
        if agg == "count" and parts.group is None and parts.period is None and _fans_out(table, joined, schema):
            # "how many accounts opened tickets": each account once, however many tickets joined
            targets.append(f"count(DISTINCT {qualified(table, table.column(table.primary_key[0]))})")
        elif agg == "count" and (money := _money_in_major(t, parts.in_major)) is not None:
            # "payouts last month, in dollars": their money, not how many
            targets.append(f"sum({qualified(t, money)})")
        elif agg == "count":
            targets.append("count(*)")
        elif agg == "share":
            value = f"sum({qualified(t, c)})" if c is not None else "count(*)"
            targets.append(f"100.0 * {value} FILTER (WHERE {parts.share}) / {value}" if parts.share
                           else f"100.0 * {value} / sum({value}) OVER ()")
        elif agg == "count_distinct":
            targets.append(f"count(DISTINCT {qualified(t, c)})")
        elif agg:
            targets.append(f"{agg}({qualified(t, c)})")
        elif c is not None:
            targets.append(qualified(t, c))
    if parts.measure is not None and parts.measure not in targets and not parts.star:
        targets.append(parts.measure)
    if parts.compared:
        if not any(_AGGREGATE.match(t) for t in targets):
            raise Unreadable("two periods of what")
        # the group's columns once, each aggregate once per period
        targets = [x for t in targets for x in ([t] if not _AGGREGATE.match(t) else
                                                [f"{t} FILTER (WHERE {c})" for c in parts.compared])]
    if parts.in_major:
        targets = [f"{t} / {MINOR_PER_MAJOR}.0" if _in_minor_units(t.split(" FILTER (WHERE ")[0], parts.in_major)
                   else t for t in targets]
    if parts.star:
        targets = [f"{ident(table.name)}.*"]
    if not targets:
        return None
    distinct = parts.distinct or _listed_through_many(parts, table, joined, schema)
    sql = "SELECT " + ("DISTINCT " if distinct else "") + ", ".join(targets)
    sql += f" FROM {ident(table.name)}" + "".join(joins)
    if parts.filters:
        sql += " WHERE " + " AND ".join(parts.filters)
    if parts.period is not None:
        sql += " GROUP BY 1"
    elif parts.group is not None:
        keys = list(parts.group[2]) + [c for a, t, c in parts.selects
                                       if not a and c is not None and c not in parts.group[2]]
        owners = {id(c): t for _, t, c in parts.selects if c is not None}
        owners.update((id(c), t) for t, c in named_by)
        keys += [c for _, c in named_by if c not in keys]
        sql += " GROUP BY " + ", ".join(qualified(owners.get(id(c), parts.group[0]), c) for c in keys)
    if parts.having is not None:
        sql += f" HAVING {parts.having_of} {parts.having[0]} {parts.having[1]}"
    if parts.order is not None:
        sql += f" ORDER BY {parts.order[0]} {order_direction(parts.order[1], parts.order[0])}"
    elif parts.period is not None:
        sql += " ORDER BY 1"
    if parts.limit is not None:
        sql += f" LIMIT {parts.limit}"
    return sql


def order_direction(direction: str, expr: str = "") -> str:
    """Rows without a value never come first: "the highest" is a value (PostgreSQL sorts NULL
    above every value, so DESC alone would put empty rows on top; a count is never NULL)."""
    return "DESC NULLS LAST" if direction == "DESC" and not expr.startswith("count(") else direction


def _intersection(parts: Parts, schema: SchemaContext) -> str | None:
    """What is shown for rows meeting one condition INTERSECT what is shown for the other: a
    listing only (a count or a ranking of both at once is another shape)."""
    if parts.group is not None or parts.having is not None or parts.order is not None or parts.limit \
            or parts.period is not None or parts.share is not None or parts.measure is not None \
            or parts.compared or parts.star or any(agg for agg, _, _ in parts.selects):
        raise Unreadable("both at once, counted or ranked")
    sides = []
    for condition in parts.intersect or ():
        side = spell(dataclasses.replace(parts, filters=parts.filters + [condition], intersect=None,
                                         distinct=False), schema)
        if side is None:
            return None
        sides.append(side)
    return f" {parts.setop} ".join(sides)


_AGGREGATE = re.compile(r"^(count|sum|avg|min|max)\((.*)\)$")
MINOR_PER_MAJOR = 100       # cents in a dollar, pence in a pound


def _money_in_major(table: Table, minor: frozenset[str]) -> Column | None:
    """The one money column of ``table`` kept in minor units, when the question asks for money
    in major ones (``minor``: :func:`.money_units.minor_refs`, empty otherwise)."""
    if not minor:
        return None
    money = [c for c in table.columns if qualified(table, c) in minor]
    return money[0] if len(money) == 1 else None


def _in_minor_units(target: str, minor: frozenset[str]) -> bool:
    """A target showing money kept in minor units: such a column, or its sum, mean or extreme
    (also over a product, ``sum(quantity * unit_price_cents)``); not a count, not a ratio."""
    if target in minor:
        return True
    shown = _AGGREGATE.match(target)
    if shown is None or shown.group(1) == "count":
        return False
    inner = shown.group(2)
    return inner in minor or " * " in inner and "/" not in inner and any(m in inner for m in minor)


def qualified(table: Table, column: Column | None) -> str:
    if column is None:
        raise Unreadable("no column")
    expr = getattr(column, "expr", "")      # a measure the schema implies (.measures)
    return expr or f"{ident(table.name)}.{ident(column.name)}"


def _listed_through_many(parts: Parts, table: Table, joined: list[Table], schema: SchemaContext) -> bool:
    """"keepers who look after the Arctic zone": the main table's rows listed through a bridge
    (a joined table that references both the main table and another joined one: a rota, a
    many-to-many link) would repeat once per match; each is listed once. A plain one-to-many
    join keeps its rows, as a question about them usually means."""
    plain = parts.selects and all(not agg and t is table for agg, t, _ in parts.selects)
    if not plain or parts.group is not None or parts.period is not None or parts.order is not None \
            or parts.measure is not None or parts.star:
        return False
    refs = {id(t): {id(schema.table(fk.ref_table, fk.ref_schema)) for fk in t.foreign_keys} for t in joined}
    others = {id(t) for t in joined}
    return any(id(table) in refs[id(t)] and (refs[id(t)] & others) - {id(t)} for t in joined)


def _fans_out(table: Table, joined: list[Table], schema: SchemaContext) -> bool:
    """A joined table references ``table`` (one row of it meets many), and it has a one-column key."""
    return len(table.primary_key) == 1 and any(
        schema.table(fk.ref_table, fk.ref_schema) is table for t in joined for fk in t.foreign_keys)


def _added_up(parts: Parts) -> frozenset[str]:
    """The tables whose rows a grouped or ranked reading adds up per row shown (a column
    summed, averaged or counted in a target, or in the aggregate it ranks by)."""
    if parts.group is None and (parts.order is None or "(" not in parts.order[0]):
        return frozenset()
    out = {t.name for agg, t, c in parts.selects if agg and c is not None}
    if parts.order is not None:
        out |= {t.name for _, t, _ in parts.selects if f"{ident(t.name)}." in parts.order[0]}
        out |= {t.name for t in parts.filter_tables if f"{ident(t.name)}." in parts.order[0]}
    return frozenset(out)


def join_path(root: Table, needed: list[Table], schema: SchemaContext,
              joined_tables: list[Table] | None = None,
              preferred: frozenset[frozenset[str]] = frozenset(), said: frozenset[str] = frozenset(),
              taught: Mapping[tuple[str, str], tuple[tuple[Table, str], ...]] | None = None,
              added_up: frozenset[str] = frozenset()) -> list[str]:
    """JOIN clauses reaching every needed table from ``root`` along foreign keys (:func:`fk_path`);
    the tables joined are added to ``joined_tables``; of equally short paths, one along the
    ``preferred`` table pairs (joins taught examples made) first; of two keys between the same
    tables, the one whose role the question ``said`` (:func:`said_key`). Where taught SQL joined
    a needed table to ``root`` or another needed table already joined along a path of its own
    (``taught``: :func:`.taught.TaughtLexicon.paths`), that path, however long, unless the
    schema's shortest one is shorter ("loans by branch": a loan's own branch, though a taught
    path went through its member's home branch): this user's way from one to the other."""
    joined = {id(root)}
    clauses: list[str] = []
    named = [root, *needed]
    for target in needed:
        if id(target) in joined:
            continue
        path = fk_path(schema, root, target, joined, preferred, frozenset(id(t) for t in needed), said)
        path = [(table, said_key(schema, condition, said)) for table, condition in path] if path and said else path
        learnt = _taught_path(named, joined, target, taught, added_up)
        if learnt is not None and (path is None or len(path) >= len(learnt)):
            path = learnt
        if path is None:
            raise Unreadable(f"no foreign key path to {target.name}")
        for table, condition in path:
            if id(table) not in joined:
                joined.add(id(table))
                clauses.append(f" JOIN {ident(table.name)} ON {condition}")
                if joined_tables is not None:
                    joined_tables.append(table)
    return clauses


def _taught_path(named: list[Table], joined: set[int], target: Table,
                 taught: Mapping[tuple[str, str], tuple[tuple[Table, str], ...]] | None,
                 added_up: frozenset[str] = frozenset()) -> list[tuple[Table, str]] | None:
    """The path taught SQL joined ``target`` along from a table the question names that is
    joined already (the first such), None where none was taught. Against a key (a step from
    the table a key names to the one referring: one row to many), only to a table whose rows
    the reading adds up per row shown (``added_up``: "top consultant by fees", summing
    placements per consultant); else each row shown would repeat once per row reached."""
    if not taught:
        return None
    for start in named:
        path = taught.get((start.name, target.name)) if id(start) in joined else None
        if path is None or path[-1][0] is not target:
            continue
        tables = [start, *(t for t, _ in path)]
        if all(_refers(a, c) for a, (_, c) in zip(tables, path)) or target.name in added_up:
            return list(path)
    return None


def fk_path(schema: SchemaContext, root: Table, target: Table, joined: set[int],
            preferred: frozenset[frozenset[str]] = frozenset(), needed: frozenset[int] = frozenset(),
            said: frozenset[str] = frozenset()) -> list[tuple[Table, str]] | None:
    """The shortest foreign-key path from what is joined to ``target``; of equally short ones,
    the one through the most ``needed`` tables (ids: joined anyway), then along the most
    ``preferred`` pairs (orders -> stores -> regions, both taught, over orders -> customers ->
    regions, one taught), then along the most keys whose role the question ``said`` ("tickets
    *opened* per quarter": the ticket's ``opened_date_key``, not its account's sign-up key), then
    one whose every key points away from what is joined (an invoice's subscription's plan, not its
    account's subscriptions' plans: no row repeated), else the first found. Never through a date
    dimension (:func:`.date_keys.date_dimensions`): rows of one day are not related by it. Up to
    three keys any path; a longer one only through tables the question names or pure bridges
    (:func:`_through_bridges`)."""
    edges = schema.derived("sketch.edges", fk_edges)
    bases = {_base(w) for w in said}
    frontier: list[tuple[Table, list[tuple[Table, str]], tuple[int, int, int, int]]] = [
        (t, [], (0, 0, 0, 0)) for t in schema.tables if id(t) in joined or t is root]
    seen = {id(t) for t, _, _ in frontier}
    days = date_dimensions(schema)
    for _ in range(3):
        layer: dict[int, tuple[Table, list[tuple[Table, str]], tuple[int, int, int, int]]] = {}
        for table, path, taught in frontier:
            if path and id(table) in days:
                continue        # two rows of the same day are not related by it: a path ends at the dates
            for other, condition in edges.get(id(table), ()):
                if id(other) in seen:
                    continue
                score = (taught[0] + (id(other) in needed),
                         taught[1] + (frozenset((table.name, other.name)) in preferred),
                         taught[2] + bool(bases and _key_role(condition) & bases),
                         int(_refers(table, condition) and (not path or taught[3] == 1)))
                best = layer.get(id(other))
                if best is None or score > best[2]:
                    layer[id(other)] = (other, path + [(other, condition)], score)
        if id(target) in layer:
            return layer[id(target)][1]
        seen.update(layer)
        frontier = list(layer.values())
    starts = [t for t in schema.tables if id(t) in joined or t is root]
    return _through_bridges(edges, starts, target, needed, days)


# The most foreign keys a path longer than three may take (:func:`_through_bridges`).
LONGEST_PATH = 6


def _through_bridges(edges: dict[int, list[tuple[Table, str]]], starts: list[Table], target: Table,
                     needed: frozenset[int], days: frozenset[int]) -> list[tuple[Table, str]] | None:
    """A path longer than three keys, taken only with a reason: every table it passes through is
    one the question names (``needed``) or a pure bridge (a many-to-many table of keys alone), so
    no table the question does not mean decides what is joined; the shortest such, when exactly
    one is shortest (else which of two the question means is not said). No shorter path joins
    the tables at all, or :func:`fk_path` had found it."""
    return _unique_shortest(edges, starts, target,
                            lambda table, other, condition: other is target or id(other) in needed
                            or pure_bridge(other), days)


def _refers(table: Table, condition: str) -> bool:
    """``condition`` (a key's join, the referring table's side first: :func:`fk_edges`) is a key
    of ``table`` to another table."""
    return condition.split(".", 1)[0] == ident(table.name)


Path = list[tuple[Table, str]]


def _unique_shortest(edges: dict[int, list[tuple[Table, str]]], starts: list[Table], target: Table,
                     step: Callable[[Table, Table, str], bool], days: frozenset[int]) -> Path | None:
    """The one shortest path (4 to :data:`LONGEST_PATH` keys) from ``starts`` to ``target`` whose
    every step ``step`` accepts (the step's table, the next one, the key joining them); None
    when there is none, or several as short."""
    frontier: list[tuple[Table, Path, int]] = [(t, [], 1) for t in starts]
    seen = {id(t) for t in starts}
    for depth in range(LONGEST_PATH):
        layer: dict[int, tuple[Table, Path, int]] = {}
        for table, path, ways in frontier:
            if path and id(table) in days:
                continue
            for other, condition in edges.get(id(table), ()):
                if id(other) in seen or not step(table, other, condition):
                    continue
                before = layer.get(id(other))
                layer[id(other)] = (other, path + [(other, condition)], ways) if before is None \
                    else (other, before[1], before[2] + ways)
        if id(target) in layer:
            _, found, ways = layer[id(target)]
            return found if depth >= 3 and ways == 1 else None
        seen.update(layer)
        frontier = list(layer.values())
    return None


def pure_bridge(table: Table) -> bool:
    """A many-to-many table with no role of its own: keys to two or more other tables and no
    column that is not one of its keys."""
    keys = {c for fk in table.foreign_keys for c in fk.columns}
    refs = {(fk.ref_schema, fk.ref_table) for fk in table.foreign_keys} - {(table.schema, table.name)}
    return len(refs) >= 2 and all(c.name in keys or c.name in table.primary_key for c in table.columns)


def said_key(schema: SchemaContext, condition: str, said: frozenset[str]) -> str:
    """``condition`` joins two tables along one of their foreign keys; where another key joins
    the same two tables and its role is a word the question says ("matches Static Pulse *won*":
    ``winner_team_id`` over ``home_team_id``; "trips that *ended* in": ``end_station_id``), that
    key's condition instead."""
    edges = schema.derived("sketch.edges", fk_edges)
    pair = _pair(condition)
    alike = [c for other in edges.values() for _, c in other if _pair(c) == pair and c != condition]
    if not alike:
        return condition
    bases = {_base(w) for w in said}
    for candidate in dict.fromkeys([condition, *alike]):
        if _key_role(candidate) & bases:
            return candidate
    return condition


def roles_said(words: list[str], sql: str, schema: SchemaContext) -> set[int]:
    """The question's words that say the role of a key ``sql`` joins along (:func:`said_key`):
    "won" of ``winner_team_id``."""
    edges = schema.derived("sketch.edges", fk_edges)
    chosen = {c for other in edges.values() for _, c in other if f" ON {c}" in sql}
    roles = set().union(*(_key_role(c) for c in chosen)) if chosen else set()
    return {i for i, w in enumerate(words) if _base(w) in roles}


def _pair(condition: str) -> frozenset[str]:
    return frozenset(side.split(".")[0] for side in condition.split(" AND ")[0].split(" = "))


def _key_role(condition: str) -> set[str]:
    """The words of a key's columns that are not its table's: "winner" of ``winner_team_id``."""
    sides = condition.split(" AND ")[0].split(" = ")
    words: set[str] = set()
    tables: set[str] = set()
    for side in sides:
        table, _, column = side.partition(".")
        words |= {_base(w) for w in re.findall(r"[a-z]+", column.strip('"').lower())}
        tables |= {_base(w) for w in re.findall(r"[a-z]+", table.strip('"').lower())}
    return {w for w in words - tables - {"id", "key", "fk", "ref", "no", "code"} if len(w) >= 3}


def _base(word: str) -> str:
    """"won", "wins", "winner" -> "win"; "ended" -> "end"; "hosted" -> "host"."""
    word = _IRREGULAR_PAST.get(word, word)
    for ending in ("ners", "ner", "ers", "er", "ing", "ed", "es", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[:-len(ending)]
    return word


_IRREGULAR_PAST = {"won": "win", "lost": "lose", "led": "lead", "held": "hold", "ran": "run"}


def fk_edges(schema: SchemaContext) -> dict[int, list[tuple[Table, str]]]:
    edges: dict[int, list[tuple[Table, str]]] = {}
    for table in schema.tables:
        for fk in table.foreign_keys:
            ref = schema.table(fk.ref_table, fk.ref_schema)
            if ref is None or ref is table:
                continue
            condition = " AND ".join(
                f"{ident(table.name)}.{ident(a)} = {ident(ref.name)}.{ident(b)}"
                for a, b in zip(fk.columns, fk.ref_columns))
            edges.setdefault(id(table), []).append((ref, condition))
            edges.setdefault(id(ref), []).append((table, condition))
        for column, dim, key in inferred_date_keys(schema, table):     # a star schema's undeclared date keys
            condition = f"{ident(table.name)}.{ident(column)} = {ident(dim.name)}.{ident(key)}"
            edges.setdefault(id(table), []).append((dim, condition))
            edges.setdefault(id(dim), []).append((table, condition))
    return edges


PLAIN = re.compile(r"[a-z_][a-z0-9_]*")


KEYWORDS = frozenset(RESERVED_KEYWORDS) | frozenset(TYPE_FUNC_NAME_KEYWORDS)


def ident(name: str) -> str:
    """Bare when PostgreSQL reads it so (lower case, not a keyword), else quoted."""
    return name if PLAIN.fullmatch(name) and name not in KEYWORDS else quote_ident(name)
