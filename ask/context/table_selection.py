"""Table selection: which tables of a large schema the prompt should show for one question.

The model's input is bounded, so for wide schemas we rank tables by lexical overlap of the
question with table and column names (singularised word pieces of ``snake_case`` and
``camelCase``) and with the words of the table's ``COMMENT ON TABLE``, plus a strong bonus for tables holding a linked value, then add the tables
on foreign-key paths between the chosen ones (bridge tables a join needs even though the
question never names them). A name also counts in the words the reader knows for it
(:func:`ask.context.related_words.name_spellings`: "learners" for ``Student``, "litres" for
``qty_l``), a table's at a little less than its own name. Cheap and deterministic; recall is
measured on synthetic data.

What depends on the schema alone (each table's name and column words, the foreign-key graph)
is derived once per schema version (:meth:`ask.schema.SchemaContext.derived`); a question then
costs one pass over those sets, and the prompt, which may try several table budgets, ranks the
tables once (:func:`rank_tables`, :func:`select_ranked`).
"""

from __future__ import annotations

import functools
import heapq
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from ask.context import folded_names
from ask.context.refusal import english
from ask.context.related_words import name_spellings, question_forms
from ask.schema import SchemaContext, Table
from ask.context.value_linking import ValueMatch, normalise, singular, table_ref

_IGNORED = frozenset("id ids the of a an in on by for to and or is are what how which".split())
# A few analyst words that point at a table without naming it.
_HINTS: dict[str, tuple[str, ...]] = {
    "revenue": ("order", "sale", "line", "item", "invoice", "payment"),
    "sale": ("order", "line", "item", "invoice"),
    "sold": ("order", "line", "item", "sale"),
    "bought": ("order", "line", "item", "purchase"),
    "purchase": ("order", "line", "item"),
    "spend": ("order", "payment", "line"),
    "price": ("product", "item"),
    "cheapest": ("product", "item"),
    "expensive": ("product", "item"),
    "aov": ("order", "line"),
    "basket": ("order", "line"),
}


def identifier_words(name: str) -> set[str]:
    return set(_identifier_words(name))


@functools.lru_cache(maxsize=1 << 16)
def _identifier_words(name: str) -> frozenset[str]:
    # a folded part in its words (isbillable: billable): ask.context.folded_names
    return frozenset(folded_names.identifier_words(name, english()) - _IGNORED)


@dataclass(frozen=True, slots=True)
class ScoredTable:
    table: Table
    score: float


# name, columns (with the reader's words for them), SQL name, the table's COMMENT (the words it
# adds to the name's), and the reader's words for the table's name
_TableWords = tuple[frozenset[str], tuple[frozenset[str], ...], str, frozenset[str], frozenset[str]]


def _table_words(schema: SchemaContext) -> list[_TableWords]:
    out = []
    for t in schema.tables:
        name = _identifier_words(t.name)
        described = comment_words(t.comment) - name
        out.append((name, tuple(_identifier_words(c.name) | name_spellings(c.name) for c in t.columns),
                    table_ref(schema, t.schema, t.name), described, name_spellings(t.name) - name - described))
    return out


def question_words(question: str) -> set[str]:
    """The question's words as names spell them (singular, irregular and British/American
    forms), without the filler words."""
    words = {singular(w) for w in normalise(question)}
    words.update(f for w in normalise(question) for f in question_forms(w))
    return words - _IGNORED


def comment_words(comment: str | None) -> frozenset[str]:
    """The words of a ``COMMENT ON TABLE``, singular, without the filler words: what the table
    holds in its owner's words ("vehicles of the fleet" for ``tbl_vhcl``)."""
    if not comment:
        return frozenset()
    return frozenset(singular(w) for w in normalise(comment)) - _IGNORED


def score_tables(question: str, schema: SchemaContext,
                 matches: Sequence[ValueMatch] = ()) -> list[ScoredTable]:
    words = question_words(question)
    hinted = {h for w in words for h in _HINTS.get(w, ())}
    linked = {m.table for m in matches}
    out = []
    for t, (tname, columns, ref, described, related) in zip(schema.tables,
                                                            schema.derived("selection.words", _table_words)):
        score = 3.0 * len(tname & words) + 1.0 * len(tname & hinted) + 1.0 * len(described & words) \
            + 2.0 * len(related & words)
        for col in columns:
            score += 1.0 * len(col & words)
        if ref in linked:
            score += 4.0
        out.append(ScoredTable(t, score))
    return out


class _WordIndex:
    """Which tables each word scores for (the inverse of :func:`score_tables`' sets), so that
    a question touches only the tables it can score for."""

    def __init__(self, schema: SchemaContext) -> None:
        self.names: dict[str, list[int]] = {}
        self.described: dict[str, list[int]] = {}              # word -> tables whose comment has it
        self.related: dict[str, list[int]] = {}                # word -> tables it is the reader's word for
        self.columns: dict[str, list[tuple[int, int]]] = {}     # word -> (table, columns)
        self.refs: dict[str, list[int]] = {}
        self.position: dict[tuple[str, str], int] = {}
        for pos, (name, columns, ref, described, related) in enumerate(schema.derived("selection.words", _table_words)):
            for w in name:
                self.names.setdefault(w, []).append(pos)
            for w in described:
                self.described.setdefault(w, []).append(pos)
            for w in related:
                self.related.setdefault(w, []).append(pos)
            counts: dict[str, int] = {}
            for col in columns:
                for w in col:
                    counts[w] = counts.get(w, 0) + 1
            for w, n in counts.items():
                self.columns.setdefault(w, []).append((pos, n))
            self.refs.setdefault(ref, []).append(pos)
        for pos, t in enumerate(schema.tables):
            self.position.setdefault(_key(t), pos)


@dataclass(frozen=True, slots=True)
class Ranking:
    """Every table's :func:`score_tables` score, kept only where it is positive."""
    scores: dict[int, float]             # catalog position -> score
    best: list[tuple[int, float]]        # the same, best first (then catalog order)


# How much each kind of overlap adds to a table's lexical score (:func:`lexical_parts`' keys).
LEXICAL_WEIGHTS: dict[str, float] = {"name": 3.0, "columns": 1.0, "described": 1.0, "related": 2.0,
                                     "hinted": 1.0, "linked": 4.0}


def lexical_parts(question: str, schema: SchemaContext,
                  matches: Sequence[ValueMatch] = ()) -> dict[str, dict[int, float]]:
    """The parts of :func:`rank_tables`' score, unweighted and kept apart (part -> catalog
    position -> count), for the tables the question can score for: name words, column words,
    comment words, the reader's words for the name, analyst hints, a linked value. The trained
    ranker (:mod:`ask.context.table_ranker`) weighs them itself."""
    index = schema.derived("selection.index", _WordIndex)
    words = question_words(question)
    name: dict[int, float] = {}
    columns: dict[int, float] = {}
    described: dict[int, float] = {}
    related: dict[int, float] = {}
    hinted: dict[int, float] = {}
    linked: dict[int, float] = {}
    for w in words:
        for pos in index.names.get(w, ()):
            name[pos] = name.get(pos, 0.0) + 1.0
        for pos, n in index.columns.get(w, ()):
            columns[pos] = columns.get(pos, 0.0) + n
        for pos in index.described.get(w, ()):
            described[pos] = described.get(pos, 0.0) + 1.0
        for pos in index.related.get(w, ()):
            related[pos] = related.get(pos, 0.0) + 1.0
    for h in {h for w in words for h in _HINTS.get(w, ())}:
        for pos in index.names.get(h, ()):
            hinted[pos] = hinted.get(pos, 0.0) + 1.0
    for ref in {m.table for m in matches}:
        for pos in index.refs.get(ref, ()):
            linked[pos] = linked.get(pos, 0.0) + 1.0
    return {"name": name, "columns": columns, "described": described, "related": related,
            "hinted": hinted, "linked": linked}


def rank_tables(question: str, schema: SchemaContext, matches: Sequence[ValueMatch] = ()) -> Ranking:
    """The scores of :func:`score_tables`, in time proportional to the tables the question
    can score for (the scores are whole numbers: any order of summing gives the same)."""
    scores: dict[int, float] = {}
    for part, got in lexical_parts(question, schema, matches).items():
        weight = LEXICAL_WEIGHTS[part]
        for pos, n in got.items():
            scores[pos] = scores.get(pos, 0.0) + weight * n
    return Ranking(scores, sorted(scores.items(), key=lambda it: (-it[1], it[0])))


def prepare(schema: SchemaContext) -> None:
    """Derive what ranking and selecting tables of ``schema`` needs."""
    schema.derived("selection.index", _WordIndex)
    _fk_graph(schema)
    if schema.tables:
        _position(schema, schema.tables[0])
        _table_by_key(schema, _key(schema.tables[0]))


def select_tables(question: str, schema: SchemaContext, matches: Sequence[ValueMatch] = (),
                  *, max_tables: int = 8) -> list[Table]:
    """The relevant tables in schema order: best scored first, then FK bridges between them."""
    return select_ranked(schema, rank_tables(question, schema, matches), max_tables)


def select_ranked(schema: SchemaContext, ranking: Ranking, max_tables: int) -> list[Table]:
    """:func:`select_tables` from tables ranked already."""
    tables = schema.tables
    seeds = [tables[pos] for pos, _ in ranking.best[:max_tables]] or list(tables[:max_tables])
    chosen = _with_bridges(schema, seeds, max_tables)
    # Room left: the best of the rest, neighbours of what is chosen first (likely join partners).
    picked = {_key(t) for t in chosen}
    graph = _fk_graph(schema)
    near = {n for k in picked for n in graph[k]}
    chosen += _rest(schema, ranking, picked, near, max(0, max_tables - len(chosen)))
    return sorted(chosen, key=lambda t: _position(schema, t))


def _rest(schema: SchemaContext, ranking: Ranking, picked: set[tuple[str, str]],
          near: set[tuple[str, str]], room: int) -> list[Table]:
    """The ``room`` best tables not picked, ordered by (score descending, neighbours of the
    picked first, catalog order): those with a score, then neighbours, then the catalog."""
    if room == 0:
        return []
    tables = schema.tables
    position = schema.derived("selection.index", _WordIndex).position
    out = heapq.nsmallest(room, (it for it in ranking.best if _key(tables[it[0]]) not in picked),
                          key=lambda it: (-it[1], _key(tables[it[0]]) not in near, it[0]))
    rest = [tables[pos] for pos, _ in out]
    if len(rest) < room:
        neighbours = sorted(pos for k in near - picked if (pos := position[k]) not in ranking.scores)
        rest += [tables[pos] for pos in neighbours[:room - len(rest)]]
    pos = 0
    while len(rest) < room and pos < len(tables):
        k = _key(tables[pos])
        if pos not in ranking.scores and k not in picked and k not in near:
            rest.append(tables[pos])
        pos += 1
    return rest


def _position(schema: SchemaContext, table: Table) -> int:
    return schema.derived("selection.order", lambda s: {id(t): i for i, t in enumerate(s.tables)})[id(table)]


def _key(t: Table) -> tuple[str, str]:
    return (t.schema, t.name)


def _fk_graph(schema: SchemaContext) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """Undirected foreign-key graph, derived once per schema (never changed by a caller)."""
    return schema.derived("selection.fk_graph", _build_fk_graph)


def _build_fk_graph(schema: SchemaContext) -> dict[tuple[str, str], set[tuple[str, str]]]:
    graph: dict[tuple[str, str], set[tuple[str, str]]] = {_key(t): set() for t in schema.tables}
    for t in schema.tables:
        for fk in t.foreign_keys:
            ref = (fk.ref_schema, fk.ref_table)
            if ref in graph and ref != _key(t):
                graph[_key(t)].add(ref)
                graph[ref].add(_key(t))
    return graph


def _with_bridges(schema: SchemaContext, seeds: list[Table], max_tables: int) -> list[Table]:
    graph = _fk_graph(schema)
    chosen: list[tuple[str, str]] = []
    for seed in seeds:
        k = _key(seed)
        if k in chosen:
            continue
        path = _shortest_path(graph, k, set(chosen)) if chosen else [k]
        new = [p for p in path if p not in chosen]
        if len(chosen) + len(new) > max_tables:
            if len(chosen) < max_tables:
                chosen.append(k)
            continue
        chosen.extend(new)
    return [_table_by_key(schema, k) for k in chosen]


def _table_by_key(schema: SchemaContext, key: tuple[str, str]) -> Table:
    # As {_key(t): t for t in schema.tables}[key] did: the last table of that key.
    return schema.derived("selection.by_key", lambda s: {_key(t): t for t in s.tables})[key]


def _shortest_path(graph: dict[tuple[str, str], set[tuple[str, str]]],
                   start: tuple[str, str], targets: set[tuple[str, str]],
                   max_hops: int = 4) -> list[tuple[str, str]]:
    """Nodes from ``start`` up to (excluding) the nearest target; just ``start`` if none near."""
    prev: dict[tuple[str, str], tuple[str, str] | None] = {start: None}
    queue = deque([(start, 0)])
    while queue:
        node, hops = queue.popleft()
        if node in targets:
            path = []
            cur = prev[node]
            while cur is not None:
                path.append(cur)
                cur = prev[cur]
            return path
        if hops == max_hops:
            continue
        for nxt in sorted(graph[node]):
            if nxt not in prev:
                prev[nxt] = node
                queue.append((nxt, hops + 1))
    return [start]
