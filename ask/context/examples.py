"""Taught examples: question/SQL pairs kept in the user's database, in ``askproxy.examples``.

The table lives in the user's database so that PostgreSQL's own privileges decide who benefits:
the proxy reads it through the caller's session, so grants and row-level security pick the
examples a role gets, exactly as they pick the rows of any other table. ``askproxy init``
creates it (:data:`CREATE_STATEMENTS`) and grants nothing.

Reading is cached per database under a digest of the visible rows' contents. Each ASK first
asks for that digest (one round trip: one statement, the role's own snapshot of the rows it may
see) and reloads the rows only when it changed, so a change from any client, through this proxy
or not, is seen by the next ASK. A cache entry is only ever used by a session whose own digest
equals the one the rows were read under, in one statement, so a role never gets an example it
cannot see itself. Whether to read at all comes from the caller's schema context, which is
read through its session and cached: a role that cannot see the table (no USAGE on the schema,
no SELECT), or a database without it, has no examples and pays nothing, no statement and no
error. So ``askproxy init`` or a GRANT counts when the schema context is read again: at once
when made through the proxy (DDL drops cached contexts, as does a TEACH whose caller's context
lacked the table), else after ``[ask] schema_ttl_s`` or the admin console's REFRESH SCHEMA.

A question is answered from an example when it equals a taught question after
:func:`normalize_question`; the newest such example wins, so teaching again corrects an answer.
Otherwise a close paraphrase of a taught question is answered with that example's SQL, its
values re-bound to the ones asked (:mod:`ask.context.example_match`); the caller validates it.
Failing that, an example of the same structure may be adapted to the question (another period
unit or column: :mod:`ask.context.example_adapt`), a candidate the planner checks as model SQL;
and a question said in words the schema does not spell ("takings" for revenue, "planted" for a
block's year) may be *placed* by the example it says otherwise (:meth:`ExampleIndex.placed`),
where the planner would refuse it or the model is unsure.
The examples visible to the caller (:meth:`ExampleStore.visible`) are read once per ASK for both.
"""

from __future__ import annotations

import asyncio
import json
import logging
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, TypeVar, cast

from ask.context.example_adapt import adapt, adapt_bucket, rows_asked, top_n
from ask.context.example_match import (THRESHOLD, Shape, asked_slots, best_rebinding, bucket, grouped_reading,
                                       claim_slots, shape, taught_slots, vocabulary, whole_names)
from ask.context.example_place import best_placement, spelt_inside, table_words
from ask.context.value_linking import ValueMatch, link_values
from ask.schema import SchemaContext
from engines.lru import LRU, CountedCache
from ask.upstream import Upstream, UpstreamQueryError

log = logging.getLogger(__name__)
_T = TypeVar("_T")

SCHEMA = "askproxy"
TABLE = "examples"
QUALIFIED = f"{SCHEMA}.{TABLE}"

_COLUMNS = ("id", "question", "sql")

CREATE_SCHEMA = f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"
CREATE_TABLE = f"""CREATE TABLE IF NOT EXISTS {QUALIFIED} (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  question text NOT NULL,
  sql text NOT NULL,
  created_by name NOT NULL DEFAULT current_user,
  created_at timestamptz NOT NULL DEFAULT now()
)"""
CREATE_STATEMENTS = (CREATE_SCHEMA, CREATE_TABLE)

# More rows than this are not loaded (logged): the index is held in memory per database.
MAX_EXAMPLES = 10_000
_DIGEST = ("encode(sha256(convert_to(coalesce(string_agg(id::text || ':' || md5(question) || ':'"
           " || md5(sql), ',' ORDER BY id), ''), 'UTF8')), 'hex')")
VERSION_SQL = f"SELECT {_DIGEST}, count(*) FROM {QUALIFIED}"
# The rows and their digest in one statement: one snapshot, so the digest names these rows.
ROWS_SQL = (f"WITH v AS (SELECT id, question, sql FROM {QUALIFIED}) "
            f"SELECT (SELECT {_DIGEST} FROM v), "
            "(SELECT json_agg(json_build_array(id, question, sql) ORDER BY id) FROM v)")

_QUOTES = "\"'`“”‘’«»„"
_TRAILING = ".,;:!?" + _QUOTES + " "


def normalize_question(question: str) -> str:
    """The form two questions must share to count as the same: case folded, quotes dropped,
    whitespace collapsed, trailing punctuation removed."""
    text = unicodedata.normalize("NFKC", question).casefold()
    text = text.translate({ord(q): None for q in _QUOTES})
    return " ".join(text.split()).rstrip(_TRAILING).strip()


@dataclass(frozen=True, slots=True)
class Example:
    id: int
    question: str
    sql: str


@dataclass(frozen=True, slots=True)
class Found:
    """The example answering a question, and its SQL for it: as taught for the taught question
    itself, re-bound to the values asked for a paraphrase (then still to be validated)."""
    example: Example
    sql: str
    paraphrase: bool = False


# The links of the question asked, computed only when it is no taught question itself.
Linker = Callable[[], Awaitable[Sequence[ValueMatch]]]


class ExampleIndex:
    """The examples one digest names, by normalised question (the newest id wins)."""

    def __init__(self, examples: list[Example]) -> None:
        self._by_question: dict[str, Example] = {}
        for example in sorted(examples, key=lambda e: e.id):
            self._by_question[normalize_question(example.question)] = example
        # The taught questions' shapes under the last schema vocabulary asked about.
        self._shapes: tuple[str, dict[Any, list[tuple[Shape, Example]]]] | None = None
        self._adapt_buckets: tuple[Any, dict[Any, list[tuple[Shape, Example]]]] | None = None
        # What later stages derive from these examples, per schema version (the taught
        # lexicon): kept with the index, so it goes when the rows change.
        self._derived: LRU[tuple[str, str], Any] = LRU(8)

    @classmethod
    def shaped(cls, shaped: Sequence[tuple[Example, Shape]], schema: SchemaContext
               ) -> ExampleIndex:
        """An index of examples whose shapes under ``schema`` are made already (the examples the
        proxy writes itself, :mod:`ask.context.self_examples`): kept on the index alone, never
        in the shapes that taught examples share."""
        index = cls([e for e, _ in shaped])
        buckets: dict[Any, list[tuple[Shape, Example]]] = {}
        for example, made in sorted(shaped, key=lambda pair: pair[0].id):
            buckets.setdefault(bucket(made), []).append((made, example))
        index._shapes = (schema.fingerprint, buckets)
        return index

    def __len__(self) -> int:
        return len(self._by_question)

    def examples(self) -> list[Example]:
        """The examples, one per normalised question (the newest), oldest first."""
        return sorted(self._by_question.values(), key=lambda e: e.id)

    def derived(self, name: str, schema: SchemaContext, build: Callable[[], _T]) -> _T:
        """``build()`` once per (``name``, schema version) for these examples."""
        key = (name, schema.fingerprint)
        found = self._derived.get(key)
        if found is None:
            found = build()
            self._derived.put(key, found)
        return cast(_T, found)

    def exact(self, question: str) -> Example | None:
        return self._by_question.get(normalize_question(question))

    async def find(self, question: str, schema: SchemaContext, links: Linker) -> Found | None:
        """The example answering ``question`` for a caller whose schema context is ``schema``:
        the one taught for this very question, else the one it paraphrases (``links``: the
        question's value links, asked for only then)."""
        example = self.exact(question)
        if example is not None:
            return Found(example, example.sql)
        if not len(self):
            return None
        # Shapes of a new index and the scoring cost milliseconds per thousand examples: off
        # the event loop.
        return await asyncio.to_thread(self.paraphrase, question, await links(),
                                       without_examples_table(schema))

    def paraphrase(self, question: str, links: Sequence[ValueMatch], schema: SchemaContext,
                   threshold: float = THRESHOLD) -> Found | None:
        """The example ``question`` paraphrases, its SQL re-bound to the values asked."""
        asked, claim = _asked(question, links, schema)
        candidates = self._taught_shapes(schema).get(bucket(asked), [])
        found = best_rebinding(asked, [(s, e.sql) for s, e in candidates], threshold, claim)
        if found is None:
            # "clinic revenue": the taught "revenue by clinic", where a taught question groups
            # by that very word
            grouped = grouped_reading(question, asked)
            if grouped is None:
                return None
            asked, word = grouped
            candidates = [c for c in self._taught_shapes(schema).get(bucket(asked), [])
                          if ("PER", word) in c[0].focus]
            found = best_rebinding(asked, [(s, e.sql) for s, e in candidates], threshold)
            if found is None:
                return None
        n, rebinding = found
        return Found(candidates[n][1], rebinding.sql, paraphrase=True)

    def placed(self, question: str, links: Sequence[ValueMatch], schema: SchemaContext
               ) -> Found | None:
        """The example that places ``question`` where the schema's words do not
        (:func:`~ask.context.example_place.best_placement`), its SQL re-bound to the values
        asked: for a question the planner would otherwise refuse as unplaced."""
        if not self._by_question:
            return None
        asked = shape(question, asked_slots(links), vocabulary(schema))
        candidates = self._taught_shapes(schema).get(bucket(asked), [])
        found = best_placement(asked, [(s, e.sql) for s, e in candidates],
                               lambda sql: table_words(sql, schema),
                               inside=lambda word: spelt_inside(word, schema))
        if found is None:
            return None
        n, rebinding = found
        return Found(candidates[n][1], rebinding.sql, paraphrase=True)

    def adapt(self, question: str, links: Sequence[ValueMatch], schema: SchemaContext
              ) -> Found | None:
        """The example whose SQL adapts to ``question`` (:mod:`ask.context.example_adapt`), with
        that SQL: a candidate still to be checked as model SQL is."""
        if not self._by_question:
            return None
        asked, claim = _asked(question, links, schema)
        candidates = self._adaptable(schema).get(adapt_bucket(asked), [])
        found = adapt(asked, [(s, e.sql) for s, e in candidates], schema, claim)
        if found is None and len(asked.numbers) == 1 and str(rows_asked(question)) == asked.numbers[0]:
            # "the 3 busiest ..." from a taught "the busiest ..." (LIMIT 1)
            candidates = self._taught_shapes(schema).get((bucket(asked)[0], 0), [])
            found = top_n(asked, [(s, e.sql) for s, e in candidates], claim)
        if found is None:
            return None
        return Found(candidates[found[0]][1], found[1], paraphrase=True)

    def _adaptable(self, schema: SchemaContext) -> dict[Any, list[tuple[Shape, Example]]]:
        """The taught shapes by :func:`adapt_bucket`, oldest first, made once per schema
        version (with the shapes)."""
        shapes = self._taught_shapes(schema)
        if self._adapt_buckets is None or self._adapt_buckets[0] is not shapes:
            buckets: dict[Any, list[tuple[Shape, Example]]] = {}
            for item in sorted((c for items in shapes.values() for c in items),
                               key=lambda c: c[1].id):
                buckets.setdefault(adapt_bucket(item[0]), []).append(item)
            self._adapt_buckets = (shapes, buckets)
        return self._adapt_buckets[1]

    def _taught_shapes(self, schema: SchemaContext) -> dict[Any, list[tuple[Shape, Example]]]:
        """The taught questions' shapes by :func:`bucket`, oldest first (so the newest wins
        ties), made once per schema version."""
        if self._shapes is None or self._shapes[0] != schema.fingerprint:
            buckets: dict[Any, list[tuple[Shape, Example]]] = {}
            for e in sorted(self._by_question.values(), key=lambda e: e.id):
                taught = _taught_shape(e, schema)
                buckets.setdefault(bucket(taught), []).append((taught, e))
            self._shapes = (schema.fingerprint, buckets)
        return self._shapes[1]


def _asked(question: str, links: Sequence[ValueMatch], schema: SchemaContext
           ) -> tuple[Shape, Callable[[Shape], Shape | None]]:
    """The shape of the question asked, and how to remake it with the slots it spells for a
    taught shape (:func:`claim_slots`)."""
    words = vocabulary(schema)
    slots = asked_slots(links)

    # What is claimed depends on the taught slots alone: once per distinct set of them.
    claimed: dict[tuple[tuple[str, str, str], ...], Shape | None] = {}

    def claim(taught: Shape) -> Shape | None:
        key = tuple(s.readings[0] for s in taught.slots)
        if key not in claimed:
            more = claim_slots(question, slots, taught, schema)
            claimed[key] = shape(question, more, words) if more is not None else None
        return claimed[key]

    return shape(question, slots, words), claim


# Shapes outlive an index: a TEACH makes a new index, whose other examples keep their shapes.
_SHAPES: LRU[tuple[str, str, str], Shape] = LRU(2 * MAX_EXAMPLES)


def _taught_shape(example: Example, schema: SchemaContext) -> Shape:
    key = (example.question, example.sql, schema.fingerprint)
    found = _SHAPES.get(key)
    if found is None:
        found = example_shape(example, schema)
        _SHAPES.put(key, found)
    return found


def example_shape(example: Example, schema: SchemaContext) -> Shape:
    """What ``example``'s question says under ``schema`` (its values as slots), uncached."""
    links = link_values(" ".join(example.question.split()), schema)
    return shape(example.question, taught_slots(example.question, example.sql, links),
                 vocabulary(schema), example.sql, whole_names(schema))


_EMPTY = ExampleIndex([])


def without_examples_table(schema: SchemaContext) -> SchemaContext:
    """``schema`` without the proxy's own schema: examples teach ASK, they are not data to
    ask about (nor may generated SQL read them)."""
    if not any(t.schema == SCHEMA for t in schema.tables):
        return schema
    # One filtered context per cached context: its own derived structures (prompt pieces,
    # indexes, constraint tables) are then built once, not on every ASK.
    return schema.derived("without_examples_table", lambda s: replace(
        s, tables=tuple(t for t in s.tables if t.schema != SCHEMA)))


def visible_to(schema: SchemaContext) -> bool:
    """Whether the role of ``schema`` may read the examples table (the columns we read)."""
    table = schema.table(TABLE, SCHEMA)
    return table is not None and all(table.column(c) is not None for c in _COLUMNS)


class CheckedExamples:
    """Bounded memo of an example's validation against one schema context *object*.

    Validating a taught statement costs 0.5-3 ms (pglast, then sqlglot), more than the rest of
    a taught answer. The result depends only on the SQL and the context, and the schema cache
    hands out the same context object until it changes, so a hit is one identity test (the
    entry holds the object, so its identity cannot be reused while it is cached).
    """

    def __init__(self, max_entries: int = 1024) -> None:
        self._entries: LRU[tuple[int, str], tuple[SchemaContext, str]] = LRU(max_entries)

    def get(self, example: Example, schema: SchemaContext) -> str | None:
        entry = self._entries.get((example.id, example.sql))
        return entry[1] if entry is not None and entry[0] is schema else None

    def put(self, example: Example, schema: SchemaContext, sql: str) -> None:
        self._entries.put((example.id, example.sql), (schema, sql))


class ExampleStore(CountedCache):
    """Bounded LRU of example indexes, keyed by (database, digest of the visible rows)."""

    def __init__(self, max_entries: int = 64) -> None:
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._entries: LRU[tuple[str, str], ExampleIndex] = LRU(max_entries)


    async def visible(self, schema: SchemaContext, upstream: Upstream) -> ExampleIndex:
        """The examples the caller behind ``upstream`` may read (``schema``: its context); none
        (no statement) when its context has no examples table."""
        if not visible_to(schema):
            return _EMPTY
        return await self.index(schema.database, upstream)

    async def index(self, database: str, upstream: Upstream) -> ExampleIndex:
        row = await _read(upstream, VERSION_SQL)
        if row is None:
            return _EMPTY
        digest, count = row
        if int(count or 0) > MAX_EXAMPLES:
            log.warning("%s holds %s rows visible to this role, over the %d read; answering "
                        "without taught examples", QUALIFIED, count, MAX_EXAMPLES)
            return _EMPTY
        cached = self._entries.get((database, digest or ""))     # counts the hit or the miss
        return cached if cached is not None else await self._load(database, upstream)

    async def _load(self, database: str, upstream: Upstream) -> ExampleIndex:
        row = await _read(upstream, ROWS_SQL)
        if row is None:
            return _EMPTY
        digest, rows = row
        examples = [Example(int(i), q, s) for i, q, s in json.loads(rows or "[]")]
        if len(examples) > MAX_EXAMPLES:
            return _EMPTY
        index = ExampleIndex(examples)
        self._entries.put((database, digest or ""), index)
        return index

    def invalidate_all(self) -> None:
        self._entries.clear()


async def _read(upstream: Upstream, sql: str) -> tuple[Any, ...] | None:
    """The one row of ``sql``, or None when the examples cannot be read: the schema context is
    cached, so the table may have gone since, or a grant with it."""
    try:
        return tuple((await upstream.fetch(sql)).rows[0])
    except UpstreamQueryError as exc:
        log.info("taught examples unreadable (%s); answering without them", exc.sqlstate)
        return None
