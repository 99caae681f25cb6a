"""Schema introspection: what the caller's role may see, read through the caller's session,
and :class:`SchemaCache`, which keeps what was read (the context's types: :mod:`ask.schema`).

Everything is read through :class:`ask.upstream.Upstream`, i.e. on the client's own
connection as the client's own role, so privileges and row-level security apply exactly as
they would to the generated SQL: a table the role cannot SELECT from never reaches the model,
nor do column values hidden by a column grant or an RLS policy.

A cache miss costs at most three round trips: the cache key (database, role, search_path),
one catalog query that returns everything as JSON, and, only for small tables whose
statistics are missing, hidden by RLS or incomplete (values seen once are not "most common"),
one bounded ``SELECT DISTINCT`` query for all value-linking columns together. Large tables only ever get values from ``pg_stats``.

That last query has one row per column, ``VALUES (k, (SELECT json_agg(...)))``, never one
function call with an argument per column: PostgreSQL allows functions 100 arguments
(SQLSTATE 54023), which every schema of a few dozen tables exceeded. It reads at most
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
from typing import Any

from ask.collector_pause import paused
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.upstream import Upstream, UpstreamQueryError
from engines.lru import LRU, CountedCache

log = logging.getLogger(__name__)

_KINDS = {"r": "table", "v": "view", "m": "matview", "f": "foreign", "p": "partitioned"}
# Bounds the fallback query (~200 bytes of SQL and one small scan per column): beyond this
# many columns, those of the largest tables get no values.
_MAX_FALLBACK_COLUMNS = 2048
_SMALL_TABLE_BYTES = 1 << 20     # tables up to this size may have their values read

KEY_SQL = "SELECT current_database(), current_user, array_to_json(current_schemas(false))"

# One catalog query. {max_values} and {small_bytes} are integers formatted in by us.
_CATALOG_SQL = """
WITH me AS (
  SELECT rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user
), rels AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples,
         obj_description(c.oid, 'pg_class') AS comment,
         has_table_privilege(c.oid, 'SELECT') AS readable,
         CASE WHEN c.relkind IN ('r', 'm') THEN pg_relation_size(c.oid) END AS bytes,
         -- Whether policies filter what the role reads, whatever the session's settings
         -- (row_security = off only exempts an owner, and that owner then sees every row).
         c.relrowsecurity AND NOT coalesce((SELECT bypass FROM me), false)
           AND (c.relforcerowsecurity OR NOT pg_has_role(c.relowner, 'USAGE')) AS rls
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') AND NOT c.relispartition
    AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
    AND has_schema_privilege(n.oid, 'USAGE')
), cols AS (
  SELECT a.attrelid, a.attnum, a.attname, a.attnotnull, a.atttypid, t.typtype,
         format_type(a.atttypid, a.atttypmod) AS typ, col_description(a.attrelid, a.attnum) AS comment,
         t.typcategory = 'S' AS stringy
  FROM pg_attribute a JOIN rels r ON r.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
  WHERE a.attnum > 0 AND NOT a.attisdropped
    AND has_column_privilege(a.attrelid, a.attnum, 'SELECT')
), stats AS (
  -- A lateral lookup per text column: pg_stats is a view keyed by names, and a plain join
  -- against it is misestimated into a quadratic nested loop on schemas with many tables.
  SELECT c.attrelid, c.attnum, st.mcv, st.distinct_est
  FROM cols c JOIN rels r ON r.oid = c.attrelid
  CROSS JOIN LATERAL (
    SELECT s.most_common_vals::text::text[] AS mcv,
           CASE WHEN s.n_distinct >= 0 THEN s.n_distinct
                ELSE -s.n_distinct * greatest(r.reltuples, 0) END AS distinct_est
    FROM pg_stats s
    WHERE s.schemaname = r.nspname AND s.tablename = r.relname AND s.attname = c.attname
      AND s.inherited = (r.relkind = 'p')
    LIMIT 1) st
  WHERE c.stringy
), enums AS (
  SELECT enumtypid, array_agg(enumlabel::text ORDER BY enumsortorder) AS labels
  FROM pg_enum WHERE enumtypid IN (SELECT atttypid FROM cols WHERE typtype = 'e')
  GROUP BY enumtypid
), col_json AS (
  SELECT c.attrelid, json_agg(json_build_object(
           'name', c.attname, 'type', c.typ, 'notnull', c.attnotnull, 'comment', c.comment,
           'values', CASE
              WHEN e.labels IS NOT NULL AND cardinality(e.labels) <= {max_values} THEN e.labels
              WHEN NOT r.rls AND s.distinct_est <= {max_values} THEN s.mcv[1:{max_values}] END,
           'enum', e.labels IS NOT NULL,
           'probe', c.stringy AND r.bytes <= {small_bytes} AND (r.rls OR s.attnum IS NULL OR (
              s.distinct_est > 0 AND s.distinct_est <= {max_values}
              AND coalesce(cardinality(s.mcv) < s.distinct_est - 0.5, true))))
         ORDER BY c.attnum) AS columns
  FROM cols c JOIN rels r ON r.oid = c.attrelid
  LEFT JOIN stats s ON s.attrelid = c.attrelid AND s.attnum = c.attnum
  LEFT JOIN enums e ON e.enumtypid = c.atttypid
  GROUP BY c.attrelid
), visible AS (
  SELECT r.* FROM rels r
  WHERE r.readable OR EXISTS (SELECT 1 FROM cols c WHERE c.attrelid = r.oid)
), keys AS (
  SELECT con.conrelid, con.contype, con.confrelid,
         array_agg(a.attname::text ORDER BY k.ord) AS cols,
         array_agg(fa.attname::text ORDER BY k.ord) AS refcols,
         count(a.attname) = cardinality(con.conkey) AND
           (con.contype = 'p' OR count(fa.attname) = cardinality(con.conkey)) AS complete
  FROM pg_constraint con
  CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)
  LEFT JOIN cols a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
  LEFT JOIN cols fa ON fa.attrelid = con.confrelid AND fa.attnum = k.refnum
  WHERE con.contype IN ('p', 'f') AND con.conrelid IN (SELECT oid FROM visible)
    AND (con.contype = 'p' OR con.confrelid IN (SELECT oid FROM visible))
  GROUP BY con.oid, con.conrelid, con.contype, con.confrelid, con.conkey
), key_json AS (
  SELECT k.conrelid,
         json_agg(k.cols) FILTER (WHERE k.contype = 'p') -> 0 AS pk,
         json_agg(json_build_array(k.cols, fn.nspname, fc.relname, k.refcols))
           FILTER (WHERE k.contype = 'f') AS fks
  FROM keys k LEFT JOIN pg_class fc ON fc.oid = k.confrelid
  LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
  WHERE k.complete
  GROUP BY k.conrelid
), path AS (
  SELECT current_schemas(false) || 'pg_catalog'::name AS schemas
)
SELECT current_database(), current_user, array_to_json(current_schemas(false)),
  (SELECT json_agg(json_build_object(
      'schema', v.nspname, 'name', v.relname, 'kind', v.relkind, 'comment', v.comment,
      'columns', coalesce(cj.columns, '[]'::json),
      'pk', kj.pk, 'fks', kj.fks, 'rls', v.rls,
      -- Never analysed (-1, or 0 before PostgreSQL 14): at most one row per 32 heap bytes.
      'rows', CASE WHEN v.reltuples > 0 THEN v.reltuples ELSE v.bytes / 32 END)
    ORDER BY v.nspname, v.relname)
   FROM visible v LEFT JOIN col_json cj ON cj.attrelid = v.oid
   LEFT JOIN key_json kj ON kj.conrelid = v.oid),
  (SELECT json_agg(json_build_array(n.nspname, p.proname, p.vol, n.nspname = ANY(path.schemas)))
   FROM (SELECT pronamespace, proname, string_agg(DISTINCT (CASE
           -- A call relying on a default argument runs that default: a volatile one makes
           -- the call volatile whatever the function itself is declared as.
           WHEN pronargdefaults > 0 AND EXISTS (
             SELECT 1 FROM regexp_matches(proargdefaults::text, ':(?:op)?funcid (\\d+)', 'g') d(m)
             JOIN pg_proc df ON df.oid = d.m[1]::oid WHERE df.provolatile = 'v')
           THEN 'v' ELSE provolatile END)::text, '') AS vol
         FROM pg_proc WHERE prokind <> 'p' AND has_function_privilege(oid, 'EXECUTE')
         GROUP BY pronamespace, proname) p
   JOIN pg_namespace n ON n.oid = p.pronamespace, path
   WHERE has_schema_privilege(n.oid, 'USAGE')),
  (SELECT json_agg(json_build_array(n.nspname, o.oprname, o.vol, n.nspname = ANY(path.schemas)))
   FROM (SELECT op.oprnamespace, op.oprname, string_agg(DISTINCT f.provolatile::text, '') AS vol
         FROM pg_operator op JOIN pg_proc f ON f.oid = op.oprcode
         WHERE has_function_privilege(f.oid, 'EXECUTE')
         GROUP BY op.oprnamespace, op.oprname) o
   JOIN pg_namespace n ON n.oid = o.oprnamespace, path
   WHERE has_schema_privilege(n.oid, 'USAGE')),
  (SELECT json_agg(json_build_array(n.nspname, c.typname, c.vol, n.nspname = ANY(path.schemas)))
   FROM (SELECT t.typnamespace, t.typname, string_agg(DISTINCT f.provolatile::text, '') AS vol
         FROM pg_cast k JOIN pg_proc f ON f.oid = k.castfunc JOIN pg_type t ON t.oid = k.casttarget
         WHERE k.oid >= 16384   -- user-defined casts only; built-in ones are never volatile
         GROUP BY t.typnamespace, t.typname) c
   JOIN pg_namespace n ON n.oid = c.typnamespace, path)
"""


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
    """Two round trips at most: the catalog, then the values of every probed column.

    Decoding the catalog's JSON and building the context run in a worker thread: megabytes
    on a schema of thousands of tables, which the event loop (every other session) must not
    wait for."""
    sql = _CATALOG_SQL.format(max_values=int(max_values), small_bytes=int(small_table_bytes))
    result = await upstream.fetch(sql)
    row = result.rows[0]
    raw_tables: list[dict[str, Any]] = await asyncio.to_thread(paused(json_array), row[3] or "[]")
    targets = await asyncio.to_thread(_fallback_targets, raw_tables)
    probed = await _probe_values(upstream, targets, max_values)
    return await asyncio.to_thread(paused(_shared_schema), row, raw_tables, targets, probed)


_DECODER = json.JSONDecoder()
_SEPARATORS = frozenset(" \t\r\n,")


def json_array(text: str) -> list[Any]:
    """A JSON array (as ``json_agg`` writes it) decoded one element at a time.

    ``json.loads`` of the megabytes of a schema of thousands of tables is one C call that holds
    the GIL, and with it the event loop and every other session, for its whole duration
    (about 70-120 ms at 5,000 tables on the 2-core VM); between elements the interpreter can
    hand the GIL back every switch interval."""
    items: list[Any] = []
    i = _skip_separators(text, text.index("[") + 1)
    while text[i] != "]":
        item, i = _DECODER.raw_decode(text, i)
        items.append(item)
        i = _skip_separators(text, i)
    return items


def _skip_separators(text: str, i: int) -> int:
    while text[i] in _SEPARATORS:
        i += 1
    return i


def _shared_schema(row: Sequence[Any], raw_tables: list[dict[str, Any]], targets: list[Target],
                   probed: dict[Target, tuple[str, ...]]
                   ) -> tuple[SharedSchema, dict[Target, tuple[str, ...]]]:
    database, role, path, _, functions_json, operators_json, casts_json = row
    protected = {(t["schema"], t["name"]) for t in raw_tables if t["rls"]}
    scoped = tuple(t for t in targets if t[:2] in protected)
    shared_values = {k: v for k, v in probed.items() if k[:2] not in protected}
    context = SchemaContext(
        database=database or "",
        role=role or "",
        search_path=tuple(json.loads(path or "[]")),
        tables=tuple(_table(t, shared_values) for t in raw_tables),
        functions=_volatility_map(json.loads(functions_json or "[]")),
        operators=_volatility_map(json.loads(operators_json or "[]")),
        casts=_volatility_map(json.loads(casts_json or "[]")),
    )
    return SharedSchema(context, scoped), {k: v for k, v in probed.items() if k in scoped}


def _fallback_targets(raw_tables: Sequence[dict[str, Any]]) -> list[Target]:
    """The columns whose values are read from rows: fewest estimated rows first, bounded."""
    ranked = sorted((t["rows"] or 0.0, i, (t["schema"], t["name"], c["name"]))
                    for i, t in enumerate(raw_tables) for c in t["columns"] if c["probe"])
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


def _table(raw: dict[str, Any], probed: dict[Target, tuple[str, ...]]) -> Table:
    schema, name = raw["schema"], raw["name"]
    columns = tuple(
        Column(name=c["name"], type=c["type"], nullable=not c["notnull"], comment=c["comment"],
               values=probed.get((schema, name, c["name"])) or _values(c))
        for c in raw["columns"])
    fks = tuple(ForeignKey(tuple(cols), ref_schema, ref_table, tuple(ref_cols))
                for cols, ref_schema, ref_table, ref_cols in raw["fks"] or ())
    return Table(schema=schema, name=name, columns=columns, primary_key=tuple(raw["pk"] or ()),
                 foreign_keys=fks, comment=raw["comment"], kind=_KINDS[raw["kind"]],
                 rows=raw.get("rows"), row_security=bool(raw["rls"]))


def _values(raw_column: dict[str, Any]) -> tuple[str, ...]:
    if raw_column["enum"]:
        return tuple(raw_column["values"] or ())   # declaration order carries meaning
    return _sorted_values(raw_column["values"])


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
    """Distinct values of the given string columns (of small tables), in one query.

    Runs as the caller's role, so RLS hides exactly the rows the role cannot see. One row per
    column (a VALUES list of scalar subqueries), so no function gets an argument per column.
    """
    if not targets:
        return {}
    rows = ", ".join(
        f"({k}, (SELECT json_agg(v) FROM (SELECT DISTINCT {quote_ident(col)}::text AS v "
        f"FROM {quote_ident(schema)}.{quote_ident(table)} WHERE {quote_ident(col)} IS NOT NULL "
        f"LIMIT {int(max_values) + 1}) q))"
        for k, (schema, table, col) in enumerate(targets))
    try:
        result = await upstream.fetch(f"SELECT k, vals FROM (VALUES {rows}) AS t(k, vals)")
    except UpstreamQueryError as exc:
        log.warning("value probe failed (sqlstate %s); continuing without values", exc.sqlstate)
        return {}
    found: dict[Target, tuple[str, ...]] = {}
    for k, raw in result.rows:
        values: list[str] | None = json.loads(raw) if raw is not None else None
        if k is not None and values is not None and len(values) <= max_values:
            found[targets[int(k)]] = _sorted_values(values)
    return found


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
        self._entries: LRU[CacheKey, SharedSchema] = LRU(
            max_entries, max_size=max_bytes, size=lambda shared: shared.bytes,
            ttl_s=ttl_s, clock=clock)
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
        self._entries.clear()

    def invalidate_database(self, database: str) -> None:
        """Forget every role's contexts of ``database`` (after DDL relayed there)."""
        for key in [k for k in self._entries if k.database == database]:
            self._entries.discard(key)

    def invalidate_role(self, role: str) -> int:
        """Forget ``role``'s contexts in every database (``REFRESH SCHEMA role``); how many."""
        keys = [k for k in self._entries if k.role == role]
        for key in keys:
            self._entries.discard(key)
        return len(keys)

    def _store(self, key: CacheKey, shared: SharedSchema) -> None:
        if not self._entries.put(key, shared):
            log.warning("a schema context of about %d MiB exceeds the schema cache (%d MiB): "
                        "not cached", shared.bytes >> 20, self._max_bytes >> 20)
