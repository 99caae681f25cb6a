"""Examples the proxy writes itself: question/SQL pairs drafted over the caller's own schema.

When an ASK first meets a schema context, plain shapes (counts, lists, filters on a stored
value, aggregates, per-group counts and measures, top rows, counts along a foreign key) are
drafted over its real tables and columns, the roles of which are read from names and types as
the training data reads them (:mod:`ask.context.column_roles`), with the stored values value
linking holds. They are kept in memory on the context (:meth:`SchemaContext.derived`), never
written anywhere: a context is the one role's view of one database under one search path, so
what one role's examples name no other role sees, and they go when the context goes (DDL, a
role change, the schema TTL), as everything derived from it does. A context remade on every ASK
(row-level security) finds them in a small cache by (database, role, search path, schema
version); the stored values of row-security tables, session state, are never drafted.

They are retrieved as taught examples are (:class:`ask.context.examples.ExampleIndex`: the
question itself after normalisation, or a paraphrase of it with its values re-bound), but only
a near-exact match counts (:data:`THRESHOLD`, stricter than the taught one), only after every
taught example had its turn, and the SQL found is a candidate the planner checks as it checks
model SQL (``GENERATED`` in :mod:`ask.planner`). Their ids are negative: never a taught id.

Building is bounded: at most :data:`Budget.max_examples` drafts, shaped (the slow part: value
linking of each question) for at most :data:`Budget.max_seconds` of one worker thread; drafts
are taken in rounds of shape over all tables (every table's count first), so a wide schema cut
short still has its simplest questions everywhere. The build runs in a thread of its own, and
an ASK on a schema of at most :data:`Budget.wait_tables` tables waits for it at most
:data:`Budget.first_wait_s` (:func:`ready`): a small schema's first ASK already has its
examples. A wider schema's build takes longer than any wait (about a second at 1,000 tables), so
its ASKs never wait: they go on without the examples (the model and the reader answer them as
before) until the build is done, and the build starts :data:`Budget.wide_delay_s` after the
first of them, which would otherwise share the interpreter with it while preparing the schema.
That build also gives way to ASKs (:mod:`ask.foreground`): every :data:`Budget.yield_every`
drafts it waits while any ASK is being planned (at most :data:`Budget.max_yield_s` in all), so
it runs between ASKs rather than at half the speed of each (its time budget counts only the
time it works).
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from pglast.keywords import RESERVED_KEYWORDS

from ask.collector_pause import collector_paused
from ask.foreground import FOREGROUND, Foreground
from ask.context.column_roles import Roles, make_alias, plural, roles, singular, words
from ask.context.example_match import Shape, asked_slots, shape, stem, vocabulary
from ask.context.examples import Example, ExampleIndex, Found, example_shape
from ask.context.introspection import quote_ident
from ask.context.value_linking import ValueMatch, normalise
from ask.schema import ForeignKey, SchemaContext, Table
from engines.lru import LRU

log = logging.getLogger(__name__)

# Near-exact only: a generated question is plainer than anything taught, and a wrong match
# must not displace what the reader or the model would have got right.
THRESHOLD = 0.8
DERIVED = "self_examples"


@dataclass(frozen=True, slots=True)
class Budget:
    max_examples: int = 3000
    max_seconds: float = 1.0
    first_wait_s: float = 0.25      # what an ASK waits for a build it started or found running
    wait_tables: int = 100          # above this many tables an ASK never waits for the build
    wide_delay_s: float = 3.0       # and the build starts this long after the ASK that asked for it
    yield_every: int = 32           # a wide build waits for ASKs in flight every this many drafts
    max_yield_s: float = 30.0       # and waits that long at most in all, then builds regardless


@dataclass(frozen=True, slots=True)
class SelfExamples:
    """The examples written over one schema context, and what building them took. On a wide
    schema also ``postings``: for each token of the examples' shapes, the examples holding it
    (:func:`_narrowed`)."""
    index: ExampleIndex
    drafted: int
    kept: int
    seconds: float
    shaped: tuple[tuple[Example, Shape], ...] = ()
    postings: dict[str, frozenset[int]] | None = None


# A context whose tables have row-level security is made again on every ASK (their values are
# session state: ask.context.introspection.with_values), so what is built over it is also kept
# here, by its role's key and content, lest each of its ASKs pay for a build.
_BUILT: LRU[tuple[str, str, tuple[str, ...], str], SelfExamples] = LRU(32)


_Key = tuple[str, str, tuple[str, ...], str]
_RUNNING: dict[_Key, threading.Event] = {}
_RUNNING_LOCK = threading.Lock()


def self_examples(schema: SchemaContext, budget: Budget = Budget()) -> SelfExamples:
    """The examples written over ``schema``, built on first use and kept on it. Blocking until
    built: call it off the event loop."""
    return schema.derived(DERIVED, lambda s: _built(s, budget))


def ready(schema: SchemaContext, budget: Budget = Budget()) -> SelfExamples | None:
    """The examples over ``schema`` if they are built or get built within
    ``budget.first_wait_s``, else None (their build goes on in its own thread, started here
    if none runs). Blocking up to that wait: call it off the event loop."""
    if schema.has_derived(DERIVED):
        return self_examples(schema, budget)
    key = _key(schema)
    found = _BUILT.get(key)
    if found is None:
        if len(schema.tables) > budget.wait_tables:
            _start(schema, key, budget, delay_s=budget.wide_delay_s)
            return None
        if not _start(schema, key, budget).wait(budget.first_wait_s):
            return None
        found = _BUILT.get(key)
        if found is None:            # the build failed (logged by its thread) or was evicted
            return None
    built = found
    return schema.derived(DERIVED, lambda s: built)


def _key(schema: SchemaContext) -> _Key:
    return (schema.database, schema.role, schema.search_path, schema.fingerprint)


def _built(schema: SchemaContext, budget: Budget) -> SelfExamples:
    key = _key(schema)
    found = _BUILT.get(key)
    if found is None:
        found = build(schema, budget)
        _BUILT.put(key, found)
    return found


def _start(schema: SchemaContext, key: _Key, budget: Budget, delay_s: float = 0.0) -> threading.Event:
    """The event set when ``key``'s build ends; starts that build in a daemon thread unless
    one runs (after ``delay_s``)."""
    with _RUNNING_LOCK:
        running = _RUNNING.get(key)
        if running is not None:
            return running
        done = _RUNNING[key] = threading.Event()

    def run() -> None:
        try:
            if delay_s > 0:         # a wide schema's: no ASK waits for it, it waits for them
                time.sleep(delay_s)
            _BUILT.put(key, build(schema, budget, FOREGROUND if delay_s > 0 else None))
        except Exception:
            log.exception("building the examples over %s for %s failed", schema.database, schema.role)
        finally:
            with _RUNNING_LOCK:
                del _RUNNING[key]
            done.set()

    threading.Thread(target=run, name="askproxy-self-examples", daemon=True).start()
    return done


def match(question: str, links: Sequence[ValueMatch], schema: SchemaContext) -> Found | None:
    """The generated example ``question`` asks (itself, or a near-exact paraphrase), its SQL
    re-bound to the values asked; a candidate still to be checked. None as well while the
    schema's examples are still being built (:func:`ready`)."""
    built = ready(schema)
    if built is None:
        return None
    index = built.index
    if not len(index):
        return None
    exact = index.exact(question)
    if exact is not None:
        return Found(exact, exact.sql, paraphrase=True)
    words = vocabulary(schema)
    asked = shape(question, asked_slots(links), words)
    if built.postings is not None:
        index = _narrowed(built, asked.tokens, schema)
    found = index.paraphrase(question, links, schema, THRESHOLD) if len(index) else None
    if found is None:
        return None
    # Near-exact: the question says nothing the generated one does not ("books with more pages
    # than average" is no "average pages of all books", nor "earnings in descending order"
    # their total), nor names a column of the schema more often ("name and age ordered by
    # age" is no "name ordered by age"), whatever the similarity.
    if not asked.tokens <= example_shape(found.example, schema).tokens:
        return None
    # (Only the words the shape keeps: "number" in "count the number of" is no column's.)
    named, generated = _named(question, words & asked.tokens), _named(found.example.question, words)
    return found if all(n <= generated[w] for w, n in named.items()) else None


def _narrowed(built: SelfExamples, tokens: frozenset[str], schema: SchemaContext) -> ExampleIndex:
    """The examples whose shapes hold every token of the question asked: on a wide schema only
    they are scored. Only such an example is ever taken (the near-exact test in :func:`match`),
    so this finds the best of those where the whole index would give nothing when its best
    example is not one of them; and it costs what they number, not what the schema does."""
    postings = built.postings or {}
    held: frozenset[int] | None = None
    for token in sorted(tokens, key=lambda t: len(postings.get(t, ()))):
        held = postings.get(token, frozenset()) if held is None else held & postings.get(token, frozenset())
        if not held:
            break
    chosen = sorted(held) if held is not None else range(len(built.shaped))
    return ExampleIndex.shaped([built.shaped[n] for n in chosen], schema)


def _named(question: str, words: frozenset[str]) -> Counter[str]:
    """How often ``question`` says each word of the schema's names."""
    return Counter(w for w in map(stem, normalise(question)) if w in words)


def build(schema: SchemaContext, budget: Budget = Budget(),
          yield_to: Foreground | None = None) -> SelfExamples:
    """The examples over ``schema``. With ``yield_to``, every ``budget.yield_every`` drafts the
    build waits while foreground work (ASKs) runs there; ``seconds`` and the time budget count
    only the time it worked."""
    start = time.perf_counter()
    deadline = start + budget.max_seconds
    shaped: list[tuple[Example, Shape]] = []
    drafted = 0
    waited = 0.0
    with collector_paused():
        for question, sql in drafts(schema):
            if yield_to is not None and drafted % budget.yield_every == 0 and waited < budget.max_yield_s:
                pause = yield_to.wait_idle(budget.max_yield_s - waited)
                waited += pause
                deadline += pause
            if drafted >= budget.max_examples or time.perf_counter() > deadline:
                break
            drafted += 1
            example = Example(-drafted, question, sql)
            shaped.append((example, example_shape(example, schema)))
        index = ExampleIndex.shaped(shaped, schema)
        postings = _postings(shaped) if len(schema.tables) > budget.wait_tables else None
    return SelfExamples(index, drafted, len(shaped), time.perf_counter() - start - waited,
                        tuple(shaped), postings)


def _postings(shaped: Sequence[tuple[Example, Shape]]) -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = {}
    for n, (_, made) in enumerate(shaped):
        for token in made.tokens:
            found.setdefault(token, set()).add(n)
    return {token: frozenset(ns) for token, ns in found.items()}


# --- drafts -------------------------------------------------------------------------------------

_TEXT = re.compile(r"^(text|character varying|character|varchar|char|citext|name)\b")
_NUMBER = re.compile(r"^(integer|bigint|smallint|real|double precision|numeric|decimal)\b")


@dataclass(frozen=True, slots=True)
class _Table:
    """One table as the drafts see it: its reference, alias, roles and English words."""
    table: Table
    ref: str
    roles: Roles
    many: str
    one: str

    def col(self, name: str) -> str:
        return f"{self.roles.alias}.{quote_ident(name)}"

    @property
    def source(self) -> str:
        return f"{self.ref} {self.roles.alias}"


def drafts(schema: SchemaContext) -> Iterator[tuple[str, str]]:
    """Every draft over ``schema``: one round of each shape over all tables, in order. A table
    is read (roles, words) when a round first needs it, so the first drafts come at once."""
    tables = {(t.schema, t.name): t for t in schema.tables}
    views: dict[tuple[str, str], _Table] = {}

    def view(key: tuple[str, str]) -> _Table:
        if key not in views:
            views[key] = _view(tables[key], schema)
        return views[key]

    def joined(child: _Table) -> Iterator[tuple[str, str]]:
        for fk in child.table.foreign_keys:
            key = (fk.ref_schema, fk.ref_table)
            if key in tables and tables[key] is not child.table:
                yield from _joined(child, fk, view(key))

    for shape_ in (*_SHAPES[:3], joined, *_SHAPES[3:]):
        for key in tables:
            yield from shape_(view(key))


def _view(table: Table, schema: SchemaContext) -> _Table:
    typed = replace(table, columns=tuple(replace(c, type=_role_type(c.type)) for c in table.columns))
    alias = make_alias(table.name.lower(), set())
    if alias.upper() in RESERVED_KEYWORDS or not alias.isidentifier():
        alias = "t"
    on_path = schema.table(table.name) is table
    ref = quote_ident(table.name) if on_path else f"{quote_ident(table.schema)}.{quote_ident(table.name)}"
    return _Table(table, ref, roles(typed, alias), plural(_lower(table.name)),
                  singular(_lower(table.name)))


def _role_type(pg_type: str) -> str:
    """The spelling :func:`roles` reads a type by: text, numeric or as it was."""
    if _TEXT.match(pg_type):
        return "text"
    return "numeric" if _NUMBER.match(pg_type) else pg_type


def _lower(name: str) -> str:
    return words(re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)).lower()


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _said(column: str) -> str:
    return _lower(column)


def _count(v: _Table) -> Iterator[tuple[str, str]]:
    yield f"how many {v.many} are there", f"SELECT count(*) FROM {v.source}"


def _listing(v: _Table) -> Iterator[tuple[str, str]]:
    label = v.roles.label
    if label is not None:
        yield (f"list the {_said(label)} of all {v.many}",
               f"SELECT {v.col(label)} FROM {v.source}")


def _filtered(v: _Table) -> Iterator[tuple[str, str]]:
    if v.table.row_security:      # its values are this session's, never kept past its ASK
        return
    for cat in v.roles.cats + ((v.roles.label,) if v.roles.label else ()):
        column = v.table.column(cat)
        if column is None or not column.values:
            continue
        value = column.values[0]
        where = f"WHERE {v.col(cat)} = {quote_literal(value)}"
        yield (f"how many {v.many} have {_said(cat)} {value}",
               f"SELECT count(*) FROM {v.source} {where}")
        if v.roles.label and cat != v.roles.label:
            listed = f"SELECT {v.col(v.roles.label)} FROM {v.source} {where}"
            yield f"list the {_said(v.roles.label)} of {v.many} whose {_said(cat)} is {value}", listed
            yield f"which {v.many} have {_said(cat)} {value}", listed


_AGGREGATES = (("avg", "average"), ("max", "maximum"), ("min", "minimum"), ("sum", "total"))


def _aggregated(v: _Table) -> Iterator[tuple[str, str]]:
    for num in v.roles.nums:
        for fn, word in _AGGREGATES:
            yield (f"what is the {word} {_said(num)} of all {v.many}",
                   f"SELECT {fn}({v.col(num)}) FROM {v.source}")


def _grouped(v: _Table) -> Iterator[tuple[str, str]]:
    for cat in v.roles.cats:
        yield (f"how many {v.many} are there for each {_said(cat)}",
               f"SELECT {v.col(cat)}, count(*) FROM {v.source} GROUP BY {v.col(cat)}")
        yield (f"how many different {_said(cat)} values are there",
               f"SELECT count(DISTINCT {v.col(cat)}) FROM {v.source}")
        for num in v.roles.nums[:2]:
            yield (f"what is the average {_said(num)} for each {_said(cat)}",
                   f"SELECT {v.col(cat)}, avg({v.col(num)}) FROM {v.source} GROUP BY {v.col(cat)}")


def _ranked(v: _Table) -> Iterator[tuple[str, str]]:
    label = v.roles.label
    if label is None:
        return
    for num in v.roles.nums:
        for word, order in (("highest", "DESC"), ("lowest", "ASC")):
            yield (f"which {v.one} has the {word} {_said(num)}",
                   f"SELECT {v.col(label)}, {v.col(num)} FROM {v.source} "
                   f"ORDER BY {v.col(num)} {order} LIMIT 1")


def _joined(child: _Table, fk: ForeignKey, parent: _Table) -> Iterator[tuple[str, str]]:
    label = parent.roles.label
    if label is None or len(fk.columns) != 1 or not fk.ref_columns:
        return
    p_alias = parent.roles.alias if parent.roles.alias != child.roles.alias else f"{parent.roles.alias}2"
    lab = f"{p_alias}.{quote_ident(label)}"
    key = f"{p_alias}.{quote_ident(fk.ref_columns[0])}"
    frm = f"FROM {child.source} JOIN {parent.ref} {p_alias} ON {key} = {child.col(fk.columns[0])}"
    # Grouped by the key too: two parents of one name stay two rows.
    group = f"GROUP BY {key}, {lab}"
    yield (f"how many {child.many} does each {parent.one} have",
           f"SELECT {lab}, count(*) {frm} {group}")
    yield (f"which {parent.one} has the most {child.many}",
           f"SELECT {lab}, count(*) {frm} {group} ORDER BY count(*) DESC LIMIT 1")


def _sorted(v: _Table) -> Iterator[tuple[str, str]]:
    label = v.roles.label
    if label is None:
        return
    for num in v.roles.nums:
        for said, order in (("", ""), (" descending", " DESC")):
            yield (f"list the {_said(label)} of all {v.many} in{said} order of {_said(num)}",
                   f"SELECT {v.col(label)} FROM {v.source} ORDER BY {v.col(num)}{order}")


# One round over all tables per shape, simplest first (the joins along foreign keys after the
# first three): a build cut short keeps these.
_SHAPES = (_count, _listing, _filtered, _grouped, _aggregated, _ranked, _sorted)
