"""Table selection: which tables of a large schema the prompt should show for one question.

The model's input is bounded, so for wide schemas we rank tables by lexical overlap of the
question with table and column names (singularised word pieces of ``snake_case`` and
``camelCase``), plus a strong bonus for tables holding a linked value, then add the tables
on foreign-key paths between the chosen ones (bridge tables a join needs even though the
question never names them). Cheap and deterministic; recall is measured on synthetic data.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from ask.schema import SchemaContext, Table
from ask.value_linking import ValueMatch, normalise, singular, table_ref
from ask.value_linking import identifier_words as name_words   # before _IGNORED

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
    return name_words(name) - _IGNORED


@dataclass(frozen=True, slots=True)
class ScoredTable:
    table: Table
    score: float


def score_tables(question: str, schema: SchemaContext,
                 matches: Sequence[ValueMatch] = ()) -> list[ScoredTable]:
    words = {singular(w) for w in normalise(question)} - _IGNORED
    hinted = {h for w in words for h in _HINTS.get(w, ())}
    linked = {m.table for m in matches}
    out = []
    for t in schema.tables:
        tname = identifier_words(t.name)
        score = 3.0 * len(tname & words) + 1.0 * len(tname & hinted)
        for col in t.columns:
            score += 1.0 * len(identifier_words(col.name) & words)
        if table_ref(schema, t.schema, t.name) in linked:
            score += 4.0
        out.append(ScoredTable(t, score))
    return out


def select_tables(question: str, schema: SchemaContext, matches: Sequence[ValueMatch] = (),
                  *, max_tables: int = 8) -> list[Table]:
    """The relevant tables in schema order: best scored first, then FK bridges between them."""
    scored = sorted(enumerate(score_tables(question, schema, matches)),
                    key=lambda it: (-it[1].score, it[0]))
    seeds = [s.table for _, s in scored if s.score > 0][:max_tables]
    if not seeds:
        seeds = [s.table for _, s in scored[:max_tables]]
    chosen = _with_bridges(schema, seeds, max_tables)
    # Room left: the best of the rest, neighbours of what is chosen first (likely join partners).
    picked = {_key(t) for t in chosen}
    graph = _fk_graph(schema)
    near = {n for k in picked for n in graph[k]}
    rest = sorted((it for it in scored if _key(it[1].table) not in picked),
                  key=lambda it: (-it[1].score, _key(it[1].table) not in near, it[0]))
    chosen += [s.table for _, s in rest[: max(0, max_tables - len(chosen))]]
    order = {id(t): i for i, t in enumerate(schema.tables)}
    return sorted(chosen, key=lambda t: order[id(t)])


def _key(t: Table) -> tuple[str, str]:
    return (t.schema, t.name)


def _fk_graph(schema: SchemaContext) -> dict[tuple[str, str], set[tuple[str, str]]]:
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
    by_key = {_key(t): t for t in schema.tables}
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
    return [by_key[k] for k in chosen]


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
