"""The classic text-to-SQL datasets (Finegan-Dollak et al. 2018) converted to our SQL and prompts.

Their SQL is MySQL-flavoured: upper-case names, ``TABLEalias0`` aliases, double-quoted strings
and variables (``city_name0``) filled from each sentence. We fill the variables, give tables
short aliases, lower-case identifiers, single-quote literals and keep only what pglast parses.
Stored values of each column are those the dataset's SQL compares it with (as introspection
would find them), so value linking works on these schemas too. Split: a sentence's
``question-split`` ``test`` (or fold ``0``) is held out.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pglast

from training.data.generic import make_alias
from training.data.schemas import context
from ask.schema import Column, ForeignKey, SchemaContext, Table

DATASETS = ("geography", "restaurants", "scholar", "academic", "yelp", "imdb", "advising", "atis")
_ALIAS_DECL = re.compile(r"\b([A-Z_]+) AS ([A-Z_]+alias\d+)\b")
_LITERAL = re.compile(r"(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*')")
_EQ_LITERAL = re.compile(r"([A-Za-z_]+alias\d+)\.([A-Z_]+) (?:=|LIKE) \"([^\"]*)\"")
MAX_VALUES = 400


@dataclass(frozen=True)
class RealExample:
    dataset: str
    question: str
    sql: str
    split: str          # "train" | "test"


def load_schema(path: Path) -> list[Table]:
    cols: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    with path.open() as fh:
        reader = csv.reader(fh, skipinitialspace=True)
        next(reader)
        for row in reader:
            if len(row) < 5:
                continue
            tname, field, is_pk, _is_fk, ftype = (x.strip() for x in row[:5])
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", tname) or not field or field == "-":
                continue
            cols[tname.lower()].append((field.lower(), _pg_type(ftype), is_pk == "y"))
    pks = {t: [c for c, _, p in cs if p] for t, cs in cols.items()}
    tables = []
    for t, cs in cols.items():
        fks = []
        for c, _, _ in cs:
            for other, keys in pks.items():
                # A key named like the other table's (paperid -> paper.paperid), whether or not
                # the schema file marks primary keys (scholar's does not).
                named = c in (f"{other}id", f"{other}_id") and any(oc == c for oc, _, _ in cols[other])
                if other != t and ((keys == [c] and pks[t] != [c]) or (named and not keys)):
                    fks.append(ForeignKey((c,), "public", other, (c,)))
                    break
        seen: dict[str, Column] = {}
        for c, ty, _ in cs:
            seen.setdefault(c, Column(c, ty))
        tables.append(Table("public", t, tuple(seen.values()), tuple(pks[t]), tuple(fks)))
    return tables


def _pg_type(t: str) -> str:
    t = t.lower()
    if t.startswith(("int", "bigint", "smallint", "tinyint")):
        return "integer"
    if t.startswith(("double", "float", "decimal", "numeric", "real")):
        return "numeric"
    if t.startswith(("date", "time")):
        return "date"
    return "text"


def convert_sql(sql: str, variables: dict[str, str]) -> str:
    sql = sql.strip().rstrip(";").strip()
    for name, value in sorted(variables.items(), key=lambda kv: -len(kv[0])):
        sql = re.sub(rf"\b{re.escape(name)}\b", value.replace("\\", "\\\\"), sql)
    taken: set[str] = set()
    aliases: dict[str, str] = {}
    for table, alias in _ALIAS_DECL.findall(sql):
        if alias not in aliases:
            aliases[alias] = make_alias(table.lower(), taken)
    sql = _ALIAS_DECL.sub(lambda m: f"{m.group(1)} {aliases[m.group(2)]}", sql)
    parts = _LITERAL.split(sql)
    for i, part in enumerate(parts):
        if i % 2:
            inner = part[1:-1].replace("\\\"", "\"").replace("\\'", "'")
            parts[i] = "'" + inner.replace("'", "''") + "'"
        else:
            part = re.sub(r"\b[A-Za-z_]+alias\d+\b", lambda m: aliases.get(m.group(0), m.group(0).lower()), part)
            parts[i] = part.lower()
    out = "".join(parts)
    out = re.sub(r"\s+", " ", out).replace("( ", "(").replace(" )", ")").replace(" ,", ",")
    return re.sub(r"\b(select|from|where|and|or|not|in|as|distinct|group by|order by|having|limit|join|on|"
                  r"like|between|is|null|desc|asc|count|exists|union|min|max|avg|sum)\b",
                  lambda m: m.group(0).upper() if m.group(0) not in ("count", "min", "max", "avg", "sum")
                  else m.group(0), out)


def _split(s: dict) -> str:
    qs = str(s.get("question-split", "train"))
    return "test" if qs in ("test", "0") else "train"


def load_dataset(root: Path, name: str) -> tuple[SchemaContext, list[RealExample]]:
    tables = load_schema(root / f"{name}-schema.csv")
    entries = json.loads((root / f"{name}.json").read_text())
    values: dict[tuple[str, str], set[str]] = defaultdict(set)
    examples = []
    for entry in entries:
        raw_sql = entry["sql"][0]
        table_of = {a: t.lower() for t, a in _ALIAS_DECL.findall(raw_sql)}
        for s in entry["sentences"]:
            variables = s.get("variables", {})
            text = s["text"]
            for k, v in sorted(variables.items(), key=lambda kv: -len(kv[0])):
                text = re.sub(rf"\b{re.escape(k)}\b", v, text)
            filled = raw_sql
            for k, v in variables.items():
                filled = re.sub(rf"\b{re.escape(k)}\b", v, filled)
            for alias, col, val in _EQ_LITERAL.findall(filled):
                if alias in table_of and "%" not in val:
                    values[(table_of[alias], col.lower())].add(val)
            sql = convert_sql(raw_sql, variables)
            try:
                pglast.parse_sql(sql)
            except pglast.parser.ParseError:
                continue
            examples.append(RealExample(name, " ".join(text.split()), sql, _split(s)))
    tables = [_with_values(t, values) for t in tables]
    return context(tables, name), examples


def _with_values(t: Table, values: dict[tuple[str, str], set[str]]) -> Table:
    cols = []
    for c in t.columns:
        vs = values.get((t.name, c.name), set())
        if c.type == "text" and 0 < len(vs) <= MAX_VALUES:
            c = replace(c, values=tuple(sorted(vs)))
        cols.append(c)
    return replace(t, columns=tuple(cols))


def load_all(root: Path) -> Iterator[tuple[SchemaContext, list[RealExample]]]:
    for name in DATASETS:
        if (root / f"{name}.json").is_file():
            yield load_dataset(root, name)
