"""The catalog query: what the role may see of a database, in one round trip, and its decoding.

The query is shaped for schemas of thousands of tables, where a per-row function call costs
what the rest of the query does (PostgreSQL 15, 5,000 tables of five columns: each of
``col_description``, ``format_type`` and ``has_column_privilege`` over 25,000 columns was
25-210 ms on its own, on the loaded 2-core VM). So it is set-based wherever the answer allows:

* privileges: ``has_table_privilege`` once per relation, and ``has_column_privilege`` only
  for the columns of relations the role cannot SELECT as a whole (a table-level grant covers
  every column); the size of a relation (``pg_relation_size`` opens it) only for what the
  role can see;
* comments: one join against ``pg_description`` instead of ``obj_description`` and
  ``col_description`` per row; type spellings: ``format_type`` once per distinct
  (type, modifier), in a list of their own that the columns point into;
* keys: each constraint's attribute numbers as stored (``conkey``, ``confkey``); the names
  are resolved here, against the columns the role can see, instead of two joins and two
  ordered aggregates per constraint in the server;
* order: each relation carries its rank by (schema, name), computed over the narrow rows,
  and the tables are sorted by it here, instead of sorting their wide JSON in the server;
* tables and columns as JSON arrays, not objects: no key repeated 25,000 times to build,
  send and decode.

The tables come back as one JSON array (``json_agg``): a single value, which crosses the
proxy's event loop as one message and is decoded element by element in a worker thread
(:func:`json_array`). ``tests/test_catalog_equivalence.py`` holds the result to the former
query's on a schema with grants, column grants, comments, views, partitions, keys and RLS.

Left as it is: on a server built with LLVM, the planner's estimate for this query on a wide
schema passes ``jit_above_cost`` and each read spends 110-150 ms of CPU compiling (PostgreSQL
15, 5,000 tables; ``bench/catalog_cpu.py --no-jit``). A single statement cannot turn JIT off
for itself; a local ``set_config('jit', 'off', true)`` ahead of it in the same pipeline can,
which is the proxy's to send (``proxy/ask_execution.py``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

# The query's row: database, role, search_path, tables, types, functions, operators, casts.
# tables: one JSON array per relation, and per column, in this order:
#   [oid, rank, schema, name, kind, comment, rows, rls, pk, fks, columns]
#   column: [attnum, name, type oid, type modifier, notnull, comment, values, enum, probe]
#   pk: conkey (attribute numbers); fks: [[constraint oid, conkey, confrelid, confkey], ...]
# types: [[type oid, type modifier, format_type()], ...] for every pair the columns use.
RawTable = list[Any]

# {max_values} and {small_bytes} are integers formatted in by the caller.
CATALOG_SQL = """
WITH me AS (
  SELECT rolsuper OR rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user
), rels AS (
  SELECT c.oid, n.nspname, c.relname, c.relkind, c.reltuples, c.relowner, c.relrowsecurity,
         c.relforcerowsecurity, has_table_privilege(c.oid, 'SELECT') AS readable
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'v', 'm', 'f', 'p') AND NOT c.relispartition
    AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
    AND has_schema_privilege(n.oid, 'USAGE')
), cols AS (
  -- SELECT on the relation covers every column: the column check only where it is missing.
  SELECT a.attrelid, a.attnum, a.attname, a.attnotnull, a.atttypid, a.atttypmod, t.typtype,
         t.typcategory = 'S' AS stringy
  FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid JOIN pg_type t ON t.oid = a.atttypid
  WHERE a.attnum > 0 AND NOT a.attisdropped
    AND (r.readable OR has_column_privilege(a.attrelid, a.attnum, 'SELECT'))
), visible AS (
  SELECT r.oid, r.nspname, r.relname, r.relkind, r.reltuples,
         row_number() OVER (ORDER BY r.nspname, r.relname) AS rank,
         CASE WHEN r.relkind IN ('r', 'm') THEN pg_relation_size(r.oid) END AS bytes,
         -- Whether policies filter what the role reads, whatever the session's settings
         -- (row_security = off only exempts an owner, and that owner then sees every row).
         r.relrowsecurity AND NOT coalesce((SELECT bypass FROM me), false)
           AND (r.relforcerowsecurity OR NOT pg_has_role(r.relowner, 'USAGE')) AS rls
  FROM rels r
  WHERE r.readable OR r.oid IN (SELECT attrelid FROM cols)
), enums AS (
  SELECT enumtypid, array_agg(enumlabel::text ORDER BY enumsortorder) AS labels
  FROM pg_enum WHERE enumtypid IN (SELECT atttypid FROM cols WHERE typtype = 'e')
  GROUP BY enumtypid
), col_json AS (
  SELECT c.attrelid, json_agg(json_build_array(
           c.attnum, c.attname, c.atttypid, c.atttypmod, c.attnotnull, d.description,
           CASE
              WHEN e.labels IS NOT NULL AND cardinality(e.labels) <= {max_values} THEN e.labels
              WHEN NOT r.rls AND s.distinct_est <= {max_values} THEN s.mcv[1:{max_values}] END,
           e.labels IS NOT NULL,
           c.stringy AND r.bytes <= {small_bytes} AND (r.rls OR s.found IS NULL OR (
              s.distinct_est > 0 AND s.distinct_est <= {max_values}
              AND coalesce(cardinality(s.mcv) < s.distinct_est - 0.5, true))))
         ORDER BY c.attnum) AS columns
  FROM cols c JOIN visible r ON r.oid = c.attrelid
  LEFT JOIN pg_description d
    ON d.objoid = c.attrelid AND d.classoid = 'pg_class'::regclass AND d.objsubid = c.attnum
  LEFT JOIN enums e ON e.enumtypid = c.atttypid
  -- One lookup per text column (pg_stats is a view keyed by names; a plain join against it
  -- is misestimated into a quadratic nested loop on schemas with many tables).
  LEFT JOIN LATERAL (
    SELECT true AS found, s.most_common_vals::text::text[] AS mcv,
           CASE WHEN s.n_distinct >= 0 THEN s.n_distinct
                ELSE -s.n_distinct * greatest(r.reltuples, 0) END AS distinct_est
    FROM pg_stats s
    WHERE c.stringy AND s.schemaname = r.nspname AND s.tablename = r.relname
      AND s.attname = c.attname AND s.inherited = (r.relkind = 'p')
    LIMIT 1) s ON true
  GROUP BY c.attrelid
), key_json AS (
  SELECT con.conrelid,
         json_agg(con.conkey) FILTER (WHERE con.contype = 'p') -> 0 AS pk,
         json_agg(json_build_array(con.oid, con.conkey, con.confrelid, con.confkey))
           FILTER (WHERE con.contype = 'f') AS fks
  FROM pg_constraint con
  WHERE con.contype IN ('p', 'f') AND con.conrelid IN (SELECT oid FROM visible)
    AND (con.contype = 'p' OR con.confrelid IN (SELECT oid FROM visible))
  GROUP BY con.conrelid
), path AS (
  SELECT current_schemas(false) || 'pg_catalog'::name AS schemas
)
SELECT current_database(), current_user, array_to_json(current_schemas(false)),
  (SELECT json_agg(json_build_array(
      v.oid, v.rank, v.nspname, v.relname, v.relkind, d.description,
      -- Never analysed (-1, or 0 before PostgreSQL 14): at most one row per 32 heap bytes.
      CASE WHEN v.reltuples > 0 THEN v.reltuples ELSE v.bytes / 32 END,
      v.rls, kj.pk, kj.fks, coalesce(cj.columns, '[]'::json)))
   FROM visible v LEFT JOIN col_json cj ON cj.attrelid = v.oid
   LEFT JOIN key_json kj ON kj.conrelid = v.oid
   LEFT JOIN pg_description d
     ON d.objoid = v.oid AND d.classoid = 'pg_class'::regclass AND d.objsubid = 0),
  -- Each (type, modifier) the columns use, spelt once.
  (SELECT json_agg(json_build_array(u.atttypid, u.atttypmod, format_type(u.atttypid, u.atttypmod)))
   FROM (SELECT DISTINCT atttypid, atttypmod FROM cols) u),
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


def catalog_sql(max_values: int, small_bytes: int) -> str:
    return CATALOG_SQL.format(max_values=int(max_values), small_bytes=int(small_bytes))


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


def raw_tables(text: str | None) -> list[RawTable]:
    """The catalog's relations, in (schema, name) order."""
    tables = json_array(text or "[]")
    tables.sort(key=lambda t: t[1])
    return tables


def type_names(text: str | None) -> dict[tuple[int, int], str]:
    """(type oid, modifier) -> its spelling (``format_type``), e.g. "numeric(10,2)"."""
    return {(oid, mod): spelt for oid, mod, spelt in json.loads(text or "[]")}


def column_names(tables: Sequence[RawTable]) -> dict[int, dict[int, str]]:
    """relation oid -> attribute number -> name, of the columns the role can see."""
    return {t[0]: {c[0]: c[1] for c in t[10]} for t in tables}


def key_names(attnums: Sequence[int], names: dict[int, str]) -> tuple[str, ...] | None:
    """The names of a key's columns, or None if the role cannot see every one of them (the
    key then says nothing the model could use)."""
    try:
        return tuple(names[n] for n in attnums)
    except KeyError:
        return None
