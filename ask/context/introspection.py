"""Schema introspection: what the caller's role may see, read through the caller's session,
and :class:`SchemaCache`, which keeps what was read (the context's types: :mod:`ask.schema`).

Everything is read through :class:`ask.upstream.Upstream`, i.e. on the client's own
connection as the client's own role, so privileges and row-level security apply exactly as
they would to the generated SQL: a table the role cannot SELECT from never reaches the model,
nor do column values hidden by a column grant or an RLS policy.

A cache miss costs the cache key (database, role, search_path), one catalog query that returns
everything as JSON (:mod:`ask.context.catalog`: set-based, so it stays cheap on schemas of
thousands of tables), and, only for small tables whose statistics are missing, hidden by RLS
or incomplete (values seen once are not "most common"), bounded ``SELECT DISTINCT`` reads of
the value-linking columns, :data:`_PROBE_CHUNK` columns a statement (one round trip on most
schemas). Large tables only ever get values from ``pg_stats``.

Those reads have one row per column, a ``UNION ALL`` of one aggregate each, never one
function call with an argument per column: PostgreSQL allows functions 100 arguments
(SQLSTATE 54023), which every schema of a few dozen tables exceeded. They read at most
:data:`_MAX_FALLBACK_COLUMNS` columns, those of the tables with the fewest (estimated) rows
first: the cheapest to read, and the lookup tables whose values questions name; on wider
schemas the columns of the largest tables get no values.

Values of a table under row-level security that applies to the role are session state: a
policy may read settings (``current_setting('app.tenant')``), ``session_user`` or anything
else, and custom settings are not even listed in ``pg_settings``, so no cache key can capture
what they depend on. Such values never come from ``pg_stats`` and are never cached: the
schema is cached per (database, role, search_path) without them, and a hit re-reads them,
one more round trip, on every ASK.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, runtime_checkable

from ask.collector_pause import paused
from ask.context.catalog import (RawTable, catalog_sql, column_names, key_names, raw_tables,
                                 type_names)
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.schema_release import release
from ask.upstream import QueryResult, Upstream, UpstreamQueryError
from engines.lru import LRU, CountedCache

log = logging.getLogger(__name__)

_KINDS = {"r": "table", "v": "view", "m": "matview", "f": "foreign", "p": "partitioned"}
# Bounds the fallback query (~200 bytes of SQL and one small scan per column): beyond this
# many columns, those of the largest tables get no values.
_MAX_FALLBACK_COLUMNS = 2048
_SMALL_TABLE_BYTES = 1 << 20     # tables up to this size may have their values read
# Columns read per statement of the value probe. PostgreSQL plans a statement of n subqueries
# in worse than linear time (2,048 in one statement: 330-400 ms of planning on the 2-core VM;
# the same in statements of 64-128: 110-160 ms in all), and each statement is a point where
# a cancelled ASK stops.
_PROBE_CHUNK = 128

KEY_SQL = "SELECT current_database(), current_user, array_to_json(current_schemas(false))"

@runtime_checkable
class CatalogUpstream(Upstream, Protocol):
    async def fetch_catalog(self, sql: str) -> QueryResult:
        """Run one read of the system catalogs with JIT off for it alone, leaving the
        session's settings and transaction state as they were. On a catalog of thousands of
        tables the planner's estimate crosses ``jit_above_cost``; where the server has LLVM,
        compiling then cost 110-150 ms of server CPU, more than the query saved."""
        ...


async def read_catalog(upstream: Upstream, sql: str) -> QueryResult:
    """``sql`` through :meth:`CatalogUpstream.fetch_catalog` where ``upstream`` has it."""
    if isinstance(upstream, CatalogUpstream):
        return await upstream.fetch_catalog(sql)
    return await upstream.fetch(sql)


@dataclass(frozen=True, slots=True)
class CacheKey:
    database: str
    role: str
    search_path: tuple[str, ...]


Target = tuple[str, str, str]      # (schema, table, column) whose values are read from rows


@dataclass(frozen=True, slots=True)
class SharedSchema:
    """What one introspection found that holds for every session of the role: ``context``
    without the values of tables under row-level security, and ``scoped``, the columns of
    those tables whose values each ASK reads again on its own session. ``bytes`` is its
    :func:`approximate_bytes`, counted where it is built (a worker thread: tens of
    milliseconds at 5,000 tables), not when the cache stores it on the event loop."""
    context: SchemaContext
    scoped: tuple[Target, ...] = ()
    bytes: int = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "bytes", approximate_bytes(self.context))


def quote_ident(name: str) -> str:
    """Always-quoted identifier: correct for any name, whatever its case or characters."""
    return '"' + name.replace('"', '""') + '"'


async def introspect(upstream: Upstream, *, max_values: int = 50,
                     small_table_bytes: int = _SMALL_TABLE_BYTES) -> SchemaContext:
    """Read the schema context of the role behind ``upstream`` (as its session sees it)."""
    shared, scoped_values = await _introspect(upstream, max_values, small_table_bytes)
    return with_values(shared.context, scoped_values)


async def _introspect(upstream: Upstream, max_values: int, small_table_bytes: int
                      ) -> tuple[SharedSchema, dict[Target, tuple[str, ...]]]:
    """The catalog in one round trip, then the values of every probed column.

    Decoding the catalog's JSON and building the context run in a worker thread: megabytes
    on a schema of thousands of tables, which the event loop (every other session) must not
    wait for."""
    result = await read_catalog(upstream, catalog_sql(max_values, small_table_bytes))
    row = result.rows[0]
    raw, targets = await asyncio.to_thread(paused(_decode), row[3])
    # The tables with no probed column need no values: a worker thread builds them while the
    # server reads the values, the proxy's CPU beside the server's instead of after it.
    early = asyncio.ensure_future(asyncio.to_thread(paused(_unprobed_tables), row, raw, targets))
    try:
        probed = await _probe_values(upstream, targets, max_values)
    except BaseException:
        early.cancel()
        raise
    return await asyncio.to_thread(paused(_shared_schema), row, raw, targets, probed, await early)


def _decode(tables_json: str | None) -> tuple[list[RawTable], list[Target]]:
    raw = raw_tables(tables_json)
    return raw, _fallback_targets(raw)


@dataclass(frozen=True, slots=True)
class _Unprobed:
    """What the catalog alone gives: the lookups every table is built with, the functions',
    operators' and casts' volatilities, and the tables none of whose columns the value probe
    reads, by their position in the catalog's list."""
    names: dict[int, dict[int, str]]
    types: dict[tuple[int, int], str]
    refs: dict[int, tuple[str, str]]
    volatilities: tuple[dict[str, frozenset[str]], ...]
    tables: dict[int, Table]


def _unprobed_tables(row: Sequence[Any], raw: list[RawTable], targets: Sequence[Target]) -> _Unprobed:
    names, types = column_names(raw), type_names(row[4])
    refs = {t[0]: (t[2], t[3]) for t in raw}
    probed = {target[:2] for target in targets}
    return _Unprobed(names, types, refs, tuple(_volatility_map(json.loads(j or "[]")) for j in row[5:8]),
                     {i: _table(t, {}, names, refs, types) for i, t in enumerate(raw)
                      if (t[2], t[3]) not in probed})


def _shared_schema(row: Sequence[Any], raw: list[RawTable], targets: list[Target],
                   probed: dict[Target, tuple[str, ...]], early: _Unprobed | None = None
                   ) -> tuple[SharedSchema, dict[Target, tuple[str, ...]]]:
    """The context: the tables of ``early`` (:func:`_unprobed_tables`) as they are, the
    others built with ``probed``'s values."""
    database, role, path = row[:3]
    protected = {(t[2], t[3]) for t in raw if t[7]}
    scoped = tuple(t for t in targets if t[:2] in protected)
    shared_values = {k: v for k, v in probed.items() if k[:2] not in protected}
    early = early or _unprobed_tables(row, raw, [(t[2], t[3], "") for t in raw])     # none built early
    names, types, refs, built = early.names, early.types, early.refs, early.tables
    functions, operators, casts = early.volatilities
    context = SchemaContext(
        database=database or "",
        role=role or "",
        search_path=tuple(json.loads(path or "[]")),
        tables=tuple(built[i] if i in built else _table(t, shared_values, names, refs, types)
                     for i, t in enumerate(raw)),
        functions=functions,
        operators=operators,
        casts=casts,
    )
    return SharedSchema(context, scoped), {k: v for k, v in probed.items() if k in scoped}


def _fallback_targets(raw: Sequence[RawTable]) -> list[Target]:
    """The columns whose values are read from rows: fewest estimated rows first, bounded."""
    ranked = sorted((t[6] or 0.0, i, (t[2], t[3], c[1]))
                    for i, t in enumerate(raw) for c in t[10] if c[8])
    return [target for _, _, target in ranked[:_MAX_FALLBACK_COLUMNS]]


def with_values(context: SchemaContext, values: dict[Target, tuple[str, ...]]) -> SchemaContext:
    """``context`` with the values of the given row-security columns filled in."""
    if not values:
        return context
    tables = tuple(
        replace(t, columns=tuple(replace(c, values=values.get((t.schema, t.name, c.name), c.values))
                                 for c in t.columns)) if t.row_security else t
        for t in context.tables)
    return replace(context, tables=tables)


def _table(raw: RawTable, probed: dict[Target, tuple[str, ...]], names: dict[int, dict[int, str]],
           refs: dict[int, tuple[str, str]], types: dict[tuple[int, int], str]) -> Table:
    oid, _, schema, name, kind, comment, rows, rls, pk, fks, raw_columns = raw
    # Tens of thousands of columns on a wide schema: positional arguments, and lookups only
    # where there can be something to find (probed values exist only for probed columns).
    columns = tuple(
        Column(c_name, types[typid, typmod], not notnull, c_comment,
               (probe and probed.get((schema, name, c_name)))
               or (_values(values, enum) if values else ()))
        for _, c_name, typid, typmod, notnull, c_comment, values, enum, probe in raw_columns)
    own = names[oid]
    return Table(schema=schema, name=name, columns=columns,
                 primary_key=(key_names(pk, own) or ()) if pk else (),
                 foreign_keys=_foreign_keys(fks, own, names, refs) if fks else (), comment=comment,
                 kind=_KINDS[kind], rows=rows, row_security=bool(rls))


def _foreign_keys(raw: Sequence[list[Any]], own: dict[int, str], names: dict[int, dict[int, str]],
                  refs: dict[int, tuple[str, str]]) -> tuple[ForeignKey, ...]:
    """In the order the constraints were created; a key with a column the role cannot see, on
    either side, is left out."""
    fks = []
    ordered = sorted(raw, key=lambda fk: fk[0]) if len(raw) > 1 else raw
    for _, conkey, confrelid, confkey in ordered:
        cols, ref_cols = key_names(conkey, own), key_names(confkey, names[confrelid])
        if cols is not None and ref_cols is not None:
            fks.append(ForeignKey(cols, *refs[confrelid], ref_cols))
    return tuple(fks)


def _values(values: list[Any] | None, enum: bool) -> tuple[str, ...]:
    if enum:
        return tuple(values or ())   # declaration order carries meaning
    return _sorted_values(values)


def _sorted_values(values: Iterable[str | None] | None) -> tuple[str, ...]:
    # Sorted, so the schema fingerprint does not move when ANALYZE reorders frequencies.
    return tuple(sorted(v for v in values or () if v is not None))


def _volatility_map(rows: list[list[Any]]) -> dict[str, frozenset[str]]:
    """Keys ``schema.name`` always; bare ``name`` only when resolvable along the path."""
    merged: dict[str, set[str]] = {}
    for schema, name, volatilities, on_path in rows:
        keys = [f"{schema}.{name}".lower()] + ([name.lower()] if on_path else [])
        for key in keys:
            merged.setdefault(key, set()).update(volatilities)
    return {k: frozenset(v) for k, v in merged.items()}


async def _probe_values(upstream: Upstream, targets: Sequence[Target],
                        max_values: int) -> dict[Target, tuple[str, ...]]:
    """Distinct values of the given string columns (of small tables), :data:`_PROBE_CHUNK`
    columns a statement; if any statement fails, none (as one statement for all would).

    Runs as the caller's role, so RLS hides exactly the rows the role cannot see. One row per
    column (a ``UNION ALL`` of one aggregate each), so no function gets an argument per column.
    """
    found: dict[Target, tuple[str, ...]] = {}
    for first in range(0, len(targets), _PROBE_CHUNK):
        try:
            result = await upstream.fetch(_probe_sql(targets, first, max_values))
        except UpstreamQueryError as exc:
            log.warning("value probe failed (sqlstate %s); continuing without values", exc.sqlstate)
            return {}
        for k, raw in result.rows:
            values: list[str] | None = json.loads(raw) if raw is not None else None
            if k is not None and values is not None and len(values) <= max_values:
                found[targets[int(k)]] = _sorted_values(values)
    return found


def _probe_sql(targets: Sequence[Target], first: int, max_values: int) -> str:
    """The statement reading targets ``first`` ... ``first + _PROBE_CHUNK - 1``: each row is
    (its index in ``targets``, a JSON array of at most ``max_values + 1`` distinct values)."""
    return " UNION ALL ".join(
        f"SELECT {k} AS k, json_agg(v) AS vals FROM (SELECT DISTINCT {quote_ident(col)}::text AS v "
        f"FROM {quote_ident(schema)}.{quote_ident(table)} WHERE {quote_ident(col)} IS NOT NULL "
        f"LIMIT {int(max_values) + 1}) q"
        for k, (schema, table, col) in enumerate(targets[first:first + _PROBE_CHUNK], first))


def approximate_bytes(context: SchemaContext) -> int:
    """About what a cached context costs in memory, with what is derived from it (prompt
    pieces, indexes, the decoding constraint: roughly as much again as the context itself).
    Counted from the text it holds: a few hundred bytes of objects per table and column, the
    characters of names, types, comments and values."""
    size = 2048
    for t in context.tables:
        size += 600 + 2 * (len(t.name) + len(t.schema) + len(t.comment or ""))
        for c in t.columns:
            size += 400 + 2 * (len(c.name) + len(c.type) + len(c.comment or ""))
            size += sum(80 + 2 * len(v) for v in c.values)
    size += 150 * (len(context.functions) + len(context.operators) + len(context.casts))
    return 2 * size


class SchemaCache(CountedCache):
    """Bounded LRU of schema contexts with a TTL, keyed by (database, role, search_path).

    ``get`` costs one cheap query on a hit, plus one re-reading the values of tables under
    row-level security where the role has any (they are never cached: see the module
    docstring). The bound is in bytes (:func:`approximate_bytes`), since one context of a
    schema of thousands of tables weighs as much as thousands of small ones; ``max_entries``
    bounds the count as well. DDL relayed by a session invalidates the contexts of its
    database (:meth:`invalidate_database`), a change to roles every context
    (:meth:`invalidate_all`).
    """

    def __init__(self, *, max_entries: int = 64, max_bytes: int = 256 << 20, ttl_s: float = 300.0,
                 max_values: int = 50, clock: Callable[[], float] = time.monotonic) -> None:
        if max_entries < 1 or max_bytes < 1:
            raise ValueError("max_entries and max_bytes must be at least 1")
        # What the bounds or the TTL push out is freed off the event loop too (release).
        self._entries: LRU[CacheKey, SharedSchema] = LRU(
            max_entries, max_size=max_bytes, size=lambda shared: shared.bytes,
            ttl_s=ttl_s, clock=clock, on_evict=release)
        self._max_bytes = max_bytes
        self._max_values = max_values


    @property
    def bytes(self) -> int:
        """The approximate size of the contexts held (:func:`approximate_bytes`)."""
        return self._entries.total_size

    async def key(self, upstream: Upstream) -> CacheKey:
        row = (await upstream.fetch(KEY_SQL)).rows[0]
        return CacheKey(row[0] or "", row[1] or "", tuple(json.loads(row[2] or "[]")))

    async def get(self, upstream: Upstream) -> SchemaContext:
        key = await self.key(upstream)
        shared = self._entries.get(key)
        if shared is not None:
            if not shared.scoped:
                return shared.context
            values = await _probe_values(upstream, shared.scoped, self._max_values)
            return with_values(shared.context, values)
        shared, values = await _introspect(upstream, self._max_values, _SMALL_TABLE_BYTES)
        self._store(key, shared)
        return with_values(shared.context, values)

    def invalidate_all(self) -> None:
        self._drop(list(self._entries))

    def invalidate_database(self, database: str) -> None:
        """Forget every role's contexts of ``database`` (after DDL relayed there)."""
        self._drop([k for k in self._entries if k.database == database])

    def invalidate_role(self, role: str) -> int:
        """Forget ``role``'s contexts in every database (``REFRESH SCHEMA role``); how many."""
        keys = [k for k in self._entries if k.role == role]
        self._drop(keys)
        return len(keys)

    def _drop(self, keys: list[CacheKey]) -> None:
        """Forget ``keys``; what they held is freed off the event loop, in pieces
        (:mod:`ask.schema_release`: a 5,000-table context freed here held the loop 40-70 ms)."""
        dropped: list[object] = [self._entries.peek(key) for key in keys]
        for key in keys:
            self._entries.discard(key)
        if any(d is not None for d in dropped):
            release(dropped)

    def _store(self, key: CacheKey, shared: SharedSchema) -> None:
        if not self._entries.put(key, shared):
            log.warning("a schema context of about %d MiB exceeds the schema cache (%d MiB): "
                        "not cached", shared.bytes >> 20, self._max_bytes >> 20)
