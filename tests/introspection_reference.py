"""The introspection of before the set-based catalog query (main at 6e4238c), kept verbatim
as the reference that ``tests/test_catalog_equivalence.py`` holds the current one to.

Only what decides the result is here: the catalog query, its decoding into a context, and the
value probe as one statement. Never used by the runtime.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from typing import Any

# Kept verbatim: the old catalog query and its decoding. What did not change (value sorting,
# the volatility map) is the module's own.
from ask.context.introspection import _sorted_values, _volatility_map, quote_ident, with_values
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.upstream import Upstream, UpstreamQueryError

log = logging.getLogger(__name__)
Target = tuple[str, str, str]

_KINDS = {"r": "table", "v": "view", "m": "matview", "f": "foreign", "p": "partitioned"}
_MAX_FALLBACK_COLUMNS = 2048
_SMALL_TABLE_BYTES = 1 << 20

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


async def reference_introspect(upstream: Upstream, *, max_values: int = 50) -> SchemaContext:
    """The context the former introspection read for the role behind ``upstream``."""
    sql = _CATALOG_SQL.format(max_values=int(max_values), small_bytes=_SMALL_TABLE_BYTES)
    row = (await upstream.fetch(sql)).rows[0]
    raw_tables: list[dict[str, Any]] = json.loads(row[3] or "[]")
    targets = _fallback_targets(raw_tables)
    probed = await _probe_values(upstream, targets, max_values)
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
    return with_values(context, {k: v for k, v in probed.items() if k in scoped})


def _fallback_targets(raw_tables: Sequence[dict[str, Any]]) -> list[Target]:
    """The columns whose values are read from rows: fewest estimated rows first, bounded."""
    ranked = sorted((t["rows"] or 0.0, i, (t["schema"], t["name"], c["name"]))
                    for i, t in enumerate(raw_tables) for c in t["columns"] if c["probe"])
    return [target for _, _, target in ranked[:_MAX_FALLBACK_COLUMNS]]


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

