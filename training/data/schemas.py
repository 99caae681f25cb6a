"""Schemas the generator samples over: a compact table notation, the demo schema and Spider's.

``table("stores", "store_id int pk, name text, region_id int -> regions.region_id")`` builds a
:class:`ask.schema.Table`; types use PostgreSQL's ``format_type`` spellings so prompts
look like the ones introspection produces at run time.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from ask.schema import Column, ForeignKey, SchemaContext, Table

_TYPES = {
    "int": "integer", "bigint": "bigint", "num": "numeric(10,2)", "real": "double precision",
    "text": "text", "date": "date", "ts": "timestamp without time zone",
    "tstz": "timestamp with time zone", "bool": "boolean", "varchar": "character varying(255)",
}


def table(name: str, spec: str, values: Mapping[str, Sequence[str]] | None = None,
          schema: str = "public") -> Table:
    cols, pk, fks = [], [], []
    for part in (p.strip() for p in spec.split(",")):
        fields = part.split()
        cname, ctype = fields[0], _TYPES.get(fields[1], fields[1])
        if "pk" in fields:
            pk.append(cname)
        if "->" in fields:
            ref_table, ref_col = fields[fields.index("->") + 1].split(".")
            fks.append(ForeignKey((cname,), schema, ref_table, (ref_col,)))
        vals = tuple((values or {}).get(cname, ()))
        cols.append(Column(cname, ctype, nullable=cname not in pk, values=vals))
    return Table(schema, name, tuple(cols), tuple(pk), tuple(fks))


def context(tables: Sequence[Table], database: str = "db") -> SchemaContext:
    return SchemaContext(database=database, role="analyst", search_path=("public",),
                         tables=tuple(tables))


# --- Spider ------------------------------------------------------------------------------

_SPIDER_TYPES = {"number": "num", "text": "text", "time": "date", "others": "text", "boolean": "bool"}


def load_spider(path: Path) -> dict[str, list[Table]]:
    """Spider's 200 schemas; foreign keys inferred by matching names to other tables' keys."""
    rows: dict[str, dict[str, list[tuple[str, str, bool, bool]]]] = defaultdict(lambda: defaultdict(list))
    with path.open() as fh:
        reader = csv.reader(fh, skipinitialspace=True)
        next(reader)
        for db, tname, field, is_pk, is_fk, ftype in reader:
            rows[db][spider_ident(tname)].append((spider_ident(field), ftype.strip(), is_pk.strip() == "True",
                                            is_fk.strip() == "True"))
    out = {}
    for db, tables in rows.items():
        pks = {t: [c for c, _, p, _ in cols if p] for t, cols in tables.items()}
        out[db] = [_spider_table(t, cols, pks) for t, cols in tables.items()]
    return out


def _spider_table(name: str, cols: list[tuple[str, str, bool, bool]],
                  pks: dict[str, list[str]]) -> Table:
    columns, fks = [], []
    seen = set()
    for cname, ctype, _, is_fk in cols:
        if cname in seen:
            continue
        seen.add(cname)
        is_id = cname.endswith("id") or cname.endswith("_code")
        short = "int" if ctype == "number" and is_id else _SPIDER_TYPES.get(ctype, "text")
        columns.append(Column(cname, _TYPES[short]))
        if not (len(pks[name]) == 1 and pks[name][0] == cname):   # the file marks no FKs: infer
            ref = _fk_target(name, cname, pks)
            if ref:
                fks.append(ForeignKey((cname,), "public", ref[0], (ref[1],)))
    pk = tuple(c for c in pks[name] if c in seen)
    return Table("public", name, tuple(columns), pk, tuple(fks))


def _fk_target(table_name: str, col: str, pks: dict[str, list[str]]) -> tuple[str, str] | None:
    for other, keys in pks.items():
        if other != table_name and len(keys) == 1 and keys[0] == col:
            return other, col
    for other, keys in pks.items():
        if (other != table_name and len(keys) == 1 and keys[0] == "id"
                and col in (f"{other}_id", f"{other.rstrip('s')}_id")):
            return other, keys[0]
    return None


def spider_ident(name: str) -> str:
    """A Spider table or column name as a lower-case, unquoted PostgreSQL identifier."""
    name = re.sub(r"[^0-9A-Za-z_]+", "_", name.strip()).strip("_").lower()
    return name if not name[:1].isdigit() else "t_" + name
