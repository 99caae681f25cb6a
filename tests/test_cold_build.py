"""What a cold schema build reuses and overlaps, and that it builds the same structures.

A new version of a wide schema (after DDL) spells the same names again: the reader's
spellings, the refusal vocabulary's word forms and the decoding constraint's tokens are kept
per name, so these tests hold the kept results to freshly made ones. The introspection builds
the tables without probed columns while the server reads the values: the context must be the
one built after the values, and a cancel during the values read must not wait for that build.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from ask.context import introspection as intro
from ask.context.catalog import catalog_sql
from ask.context.refusal import schema_vocabulary
from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch.names import name_index
from ask.translate.sketch.related_names import NameIndex, Related, add_related, related_keys
from ask.upstream import QueryResult
from tests.pg_cluster import PgCluster
from tests.test_introspection import PsycopgUpstream, connect_upstream

MODEL = Path(__file__).resolve().parent.parent / "engines/models/askproxy-sql-small"


def _schema(*tables: Table) -> SchemaContext:
    return SchemaContext("d", "r", ("public",), tables)


def _entries(index: dict, key: tuple[str, ...]) -> list[tuple[str, str | None]]:
    return [(t.name, c.name if c is not None else None) for t, c in index.get(key, [])]


def test_description_words_are_judged_against_the_index_before_descriptions() -> None:
    """alpha's description adds "gadget" to the index; beta's column described as "gadget"
    still gets it (the names known before the descriptions decide), and gamma's description
    "beta" names the table beta, so it is no spelling of gamma."""
    index = name_index(_schema(
        Table("public", "alpha", (Column("id", "integer"),), comment="gadget makers"),
        Table("public", "beta", (Column("id", "integer"), Column("note", "text", comment="gadget"),
                                 Column("remark", "text", comment="bees counted"),
                                 Column("extra", "text", comment="bees seen"))),
        Table("public", "gamma", (Column("id", "integer"),), comment="beta")))
    assert _entries(index, ("gadget",)) == [("alpha", None), ("beta", "note")]
    assert _entries(index, ("gadget", "maker")) == [("alpha", None)]
    assert _entries(index, ("beta",)) == [("beta", None)]
    assert _entries(index, ("counted",)) == [("beta", "remark")]
    assert _entries(index, ("bee",)) == []        # several columns' word: the table's subject


def test_a_related_key_reached_by_two_spellings_lists_each_entry_once() -> None:
    """ "hiring" and "hire" both reach the verb form "hire"/"hired": the entries of a key that
    two spellings reach are each listed once, in the order first reached."""
    shops = Table("public", "shops", (Column("id", "integer"), Column("hiring_date", "date"),
                                      Column("hire_cost", "numeric")))
    index = name_index(_schema(shops))
    for entries in index.values():
        marks = [(id(t), id(c)) for t, c in entries]
        assert len(marks) == len(set(marks))
    assert ("shops", "hiring_date") in _entries(index, ("hire", "date"))


def test_one_word_table_names_shared_by_two_tables_are_no_head_noun() -> None:
    index = name_index(_schema(
        Table("public", "fuel_sale", (Column("id", "integer"),)),
        Table("public", "fuel_stock", (Column("id", "integer"),)),
        Table("public", "boat_license", (Column("id", "integer"),))))
    assert _entries(index, ("fuel",)) == []                  # two tables' word
    assert _entries(index, ("license",)) == [("boat_license", None)]
    index = name_index(_schema(
        Table("public", "boat_license", (Column("id", "integer"),)),
        Table("public", "permits", (Column("id", "integer"), Column("license_no", "text")))))
    assert _entries(index, ("license",)) == [("permits", "license_no")]     # another table's column word


def _marina() -> SchemaContext:
    return _schema(
        Table("public", "berths", (Column("id", "integer"), Column("max_length", "numeric"),
                                   Column("length_m", "numeric"))),
        Table("public", "moorings", (Column("id", "integer"), Column("length_of_stay", "integer"))),
        Table("public", "boats", (Column("id", "integer"), Column("name", "text"))))


def test_boat_length_spellings_are_found_on_demand_as_if_stored() -> None:
    """"berth length": a column's word after its table's head is looked up, not stored; ``in``,
    ``[]`` and ``get`` find it (every column of the table the word spells, once), and a head
    with no such column, or a word no other table's column shares, is absent."""
    index = name_index(_marina())
    assert isinstance(index, NameIndex)
    assert ("berth", "length") not in list(index)
    assert ("berth", "length") in index and isinstance(index[("berth", "length")], Related)
    assert _entries(index, ("berth", "length")) == [("berths", "max_length"), ("berths", "length_m")]
    assert _entries(index, ("berth", "id")) == [("berths", "id")]
    assert ("boat", "length") not in index and index.get(("boat", "length")) is None
    assert ("boat", "name") not in index                    # "name": only boats' column
    with pytest.raises(KeyError):
        index[("boat", "length")]


def test_on_demand_spellings_equal_the_stored_ones_key_by_key() -> None:
    """The same build into a plain dict stores every spelling: each key looks up the same
    entries, of the same kind, from the index that finds some on demand."""
    for schema in (_marina(), _schema(
            Table("public", "fuel_sale", (Column("id", "integer"), Column("sale_amount", "numeric"))),
            Table("public", "car_sale", (Column("id", "integer"), Column("amount", "numeric"))),
            Table("public", "hires", (Column("id", "integer"), Column("hiring_amount", "numeric"))))):
        lazy = name_index(schema)
        stored = dict(lazy)
        assert lazy.table_words is not None
        lazy.table_words.store(stored)
        assert len(stored) > len(lazy)
        for key, entries in stored.items():
            assert type(lazy[key]) is type(entries) and list(lazy[key]) == list(entries), key
        words = {w for key in stored for w in key}
        for key in ((a, b) for a in words for b in words):
            assert (key in lazy) == (key in stored), key


def test_related_keys_kept_per_name_are_a_fresh_mapping_each_time() -> None:
    first = related_keys(("hiring",))
    first.clear()
    again = related_keys(("hiring",))
    assert again and ("hire",) in again and again[("hire",)] is True


def test_refusal_vocabulary_takes_entity_words_both_ways() -> None:
    shop = schema_vocabulary(_schema(Table("public", "shop", (Column("id", "integer"),))))
    store = schema_vocabulary(_schema(Table("public", "store", (Column("id", "integer"),))))
    assert "store" in shop.names            # shop is one of store's synonyms
    assert {"shop", "outlet"} <= store.names
    client = schema_vocabulary(_schema(Table("public", "client", (Column("id", "integer"),))))
    assert {"customer", "user"} <= client.names      # a synonym and a related entity, reversed


def test_a_new_version_of_the_same_names_gets_the_same_vocabulary() -> None:
    def version(extra: str) -> SchemaContext:
        return _schema(Table("public", "orders", (Column("id", "integer"), Column("customerName", "text"),
                                                 Column(extra, "int"))),
                       Table("public", "t00001", (Column("id", "integer"), Column("qty_kg", "numeric"))))
    first, second = schema_vocabulary(version("a")), schema_vocabulary(version("surfacearea"))
    assert {"customer", "order", "qty"} <= first.names
    assert {"surface", "area"} <= second.names and "surface" not in first.names
    assert first.names - {"a"} <= second.names


def test_constraint_tokens_kept_per_name_equal_the_tokenizer_s() -> None:
    tokenizers = pytest.importorskip("tokenizers")
    from ask.translate.engine_translator import Vocabulary
    tokenizer = tokenizers.Tokenizer.from_file(str(MODEL / "tokenizer.json"))
    vocab = Vocabulary(tokenizer)
    for name in ("orders", '"OrderLines"', "sales.orders", "t00001"):
        table = tokenizer.encode(f"FROM {name}", add_special_tokens=False).ids[1:]
        column = tokenizer.encode(f"x.{name}", add_special_tokens=False).ids[2:]
        assert vocab.table_ids(name) == table and vocab.column_ids(name) == column
        vocab.table_ids(name).append(-1)          # a caller's copy: the kept tokens stay
        assert vocab.table_ids(name) == table and vocab.column_ids(name) == column


DB = "ask_cold_build"

SETUP = """
CREATE TABLE regions (region_id int PRIMARY KEY, name text NOT NULL);
COMMENT ON TABLE regions IS 'Sales regions';
INSERT INTO regions VALUES (1, 'East'), (2, 'West');
CREATE TABLE counts (id int PRIMARY KEY, region_id int REFERENCES regions, n int);
CREATE TABLE shops (id int PRIMARY KEY, name text, city text, region_id int REFERENCES regions);
INSERT INTO shops VALUES (1, 'Corner', 'Oslo', 1), (2, 'Depot', 'Rome', 2);
CREATE TABLE notes (id int, body text);
ALTER TABLE notes ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION noisy() RETURNS int VOLATILE LANGUAGE sql AS 'SELECT 1';
"""


@pytest.fixture(scope="module")
def cold_db(pg: PgCluster) -> str:
    pg.psql(f"CREATE DATABASE {DB}")
    pg.psql(SETUP, dbname=DB)
    return DB


async def test_context_built_beside_the_values_equals_the_one_built_after(pg: PgCluster, cold_db: str) -> None:
    async with connect_upstream(pg, cold_db) as up:
        shared, scoped = await intro._introspect(up, 50, intro._SMALL_TABLE_BYTES)
        row = (await up.fetch(catalog_sql(50, intro._SMALL_TABLE_BYTES))).rows[0]
        raw, targets = intro._decode(row[3])
        probed = await intro._probe_values(up, targets, 50)
    after, after_scoped = intro._shared_schema(row, raw, targets, probed)
    assert {t[1] for t in targets} >= {"regions", "shops"} and "counts" not in {t[1] for t in targets}
    assert shared.context == after.context and shared.context.fingerprint == after.context.fingerprint
    assert shared.scoped == after.scoped and scoped == after_scoped
    assert shared.context.functions == after.context.functions and "noisy" in shared.context.functions
    shops = shared.context.table("shops")
    assert shops is not None and shops.column("city") is not None
    assert shops.column("city").values == ("Oslo", "Rome")      # type: ignore[union-attr]


class _StalledValues(PsycopgUpstream):
    """The catalog as the server gives it; the values read never answers."""

    async def fetch(self, sql: str) -> QueryResult:
        if "json_agg(v)" in sql:
            self.queries.append(sql)
            await asyncio.Event().wait()
        return await super().fetch(sql)


async def test_a_cancel_while_the_values_are_read_does_not_wait_for_the_early_tables(
        pg: PgCluster, cold_db: str) -> None:
    async with connect_upstream(pg, cold_db) as plain:
        up = _StalledValues(plain.conn)
        task = asyncio.ensure_future(intro._introspect(up, 50, intro._SMALL_TABLE_BYTES))
        for _ in range(200):
            await asyncio.sleep(0.01)
            if any("json_agg(v)" in q for q in up.queries):
                break
        assert any("json_agg(v)" in q for q in up.queries)
        started = time.perf_counter()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.perf_counter() - started < 0.1


def test_table_name_index_is_shared_by_versions_with_the_same_names() -> None:
    """A column added (a new version, the same tables' names) reuses the tables' name index;
    a table renamed gets its own, which finds the new name and no longer the old one."""
    from ask.context import subjects
    first = _schema(Table("public", "customers", (Column("id", "integer"),)),
                    Table("public", "orders", (Column("id", "integer"),)))
    added = _schema(Table("public", "customers", (Column("id", "integer"), Column("email", "text"))),
                    Table("public", "orders", (Column("id", "integer"),)))
    renamed = _schema(Table("public", "clients", (Column("id", "integer"),)),
                      Table("public", "orders", (Column("id", "integer"),)))
    subjects.prepare(first)
    subjects.prepare(added)
    subjects.prepare(renamed)
    index = first.derived("subjects.tables", lambda s: None)
    assert added.derived("subjects.tables", lambda s: None) is index
    assert renamed.derived("subjects.tables", lambda s: None) is not index
    words = "how many custmers and clients".split()
    assert set(subjects.table_spans(words, added)) == {"customers"}      # a near miss too
    assert set(subjects.table_spans(words, renamed)) == {"clients"}


def test_a_table_unchanged_by_a_new_version_keeps_its_measures() -> None:
    """Stays (a date span: a duration) spelt in a second version whose other table got a
    column: the same measure objects, kept per table value; a changed table's are its own."""
    stays = Table("public", "stays", (Column("id", "integer"), Column("check_in", "date"),
                                      Column("check_out", "date")))
    guests = Table("public", "guests", (Column("id", "integer"),))
    first = name_index(_schema(stays, guests))
    second = name_index(_schema(Table("public", "stays", stays.columns), Table(
        "public", "guests", (Column("id", "integer"), Column("email", "text")))))
    assert _entries(first, ("duration",)) == _entries(second, ("duration",)) == [("stays", "duration")]
    assert first[("duration",)][0][1] is second[("duration",)][0][1]
    assert second[("duration",)][0][0] is not first[("duration",)][0][0]     # the new version's table


def test_value_index_keys_kept_per_value_carry_each_schemas_own_tables() -> None:
    """The same column and values in two schemas (two versions, a table renamed): each
    index's entries name its own table; the one-letter code and the code words still found."""
    from ask.context.value_linking import ValueIndex
    berths = Table("public", "berths", (Column("pier", "text", values=("C", "North Quay")),
                                        Column("sex", "text", values=("F",))))
    moorings = Table("public", "moorings", berths.columns)
    for table in (berths, moorings):
        index = ValueIndex(_schema(table))
        assert [(e.table, e.value) for e in index.exact["northquay"]] == [(table.name, "North Quay")]
        assert [(e.table, e.value) for e in index.named_codes[("pier", "c")]] == [(table.name, "C")]
        assert [(e.table, e.value) for e in index.exact["female"]] == [(table.name, "F")]
