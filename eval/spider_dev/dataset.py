"""Spider's development set as typed records: schemas from ``tables.json``, questions from
``dev.jsonl``, restricted to the databases of ``dev_db_ids.txt``.

Everything is read from the datasets directory given on the command line and nothing is
copied into the repository. Identifiers are lower-cased here, once: PostgreSQL folds unquoted
names and SQLite ignores their case, so the rest of the builder never compares case.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class SpiderColumn:
    name: str
    spider_type: str          # number | text | time | boolean | others


@dataclass(frozen=True, slots=True)
class ForeignKey:
    table: str
    column: str
    ref_table: str
    ref_column: str


@dataclass(frozen=True, slots=True)
class SpiderTable:
    name: str
    columns: tuple[SpiderColumn, ...]
    declared_key: tuple[str, ...]      # as tables.json gives it (often one column of several)

    def column(self, name: str) -> SpiderColumn:
        return next(c for c in self.columns if c.name == name)

    @property
    def column_names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns)


@dataclass(frozen=True, slots=True)
class SpiderSchema:
    db_id: str
    tables: tuple[SpiderTable, ...]
    foreign_keys: tuple[ForeignKey, ...]

    def table(self, name: str) -> SpiderTable:
        return next(t for t in self.tables if t.name == name)

    def columns_by_table(self) -> dict[str, frozenset[str]]:
        return {t.name: t.column_names for t in self.tables}

    def foreign_keys_of(self, table: str) -> tuple[ForeignKey, ...]:
        return tuple(fk for fk in self.foreign_keys if fk.table == table)


@dataclass(frozen=True, slots=True)
class SpiderExample:
    id: str
    db_id: str
    question: str
    query: str                # gold SQL in Spider's SQLite dialect


@dataclass(frozen=True, slots=True)
class SpiderDev:
    schemas: dict[str, SpiderSchema]       # the development databases only, in file order
    examples: tuple[SpiderExample, ...]


def _key_indexes(entry: int | list[int]) -> list[int]:
    """A key entry is one column index, or a list of them for a composite key."""
    return list(entry) if isinstance(entry, list) else [int(entry)]


def parse_schema(record: dict) -> SpiderSchema:
    tables = [name.lower() for name in record["table_names_original"]]
    columns = record["column_names_original"]
    types = record["column_types"]
    owner = {i: tables[t] for i, (t, _) in enumerate(columns) if t >= 0}
    name = {i: c.lower() for i, (t, c) in enumerate(columns) if t >= 0}
    keys: dict[str, list[str]] = {t: [] for t in tables}
    for entry in record["primary_keys"]:
        for i in _key_indexes(entry):
            keys[owner[i]].append(name[i])
    built = tuple(
        SpiderTable(t, tuple(SpiderColumn(name[i], types[i]) for i in owner if owner[i] == t),
                    tuple(dict.fromkeys(keys[t])))
        for t in tables)
    fks = tuple(dict.fromkeys(ForeignKey(owner[a], name[a], owner[b], name[b])
                              for a, b in record["foreign_keys"]))
    return SpiderSchema(record["db_id"], built, fks)


def load_dev(datasets: Path) -> SpiderDev:
    """Read ``<datasets>/spider``; raises FileNotFoundError when it is not there."""
    root = datasets / "spider"
    db_ids = (root / "dev_db_ids.txt").read_text(encoding="utf-8").split()
    records = json.loads((root / "tables.json").read_text(encoding="utf-8"))
    by_id = {r["db_id"]: r for r in records}
    schemas = {db_id: parse_schema(by_id[db_id]) for db_id in db_ids}
    examples = []
    with (root / "dev.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                r = json.loads(line)
                if r["db_id"] in schemas:
                    examples.append(SpiderExample(r["id"], r["db_id"], r["question"], r["query"]))
    return SpiderDev(schemas, tuple(examples))
