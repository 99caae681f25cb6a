"""The Spider dev builder's pure steps (eval/spider_dev), on a small schema written here in
Spider's tables.json format: gold conversion, execution repairs, types, keys, generated rows.
No database and no dataset files; tests/test_spider_dev_builder.py runs the whole builder."""

from __future__ import annotations

import random
import re

import sqlglot

from eval.spider_dev.column_filler import fill_pattern
from eval.spider_dev.column_types import PgType, choose_types
from eval.spider_dev.column_usage import collect_usage
from eval.spider_dev.dataset import parse_schema
from eval.spider_dev.execution_repairs import aggregate_bare_columns, group_distinct_order
from eval.spider_dev.gold_sql import convert, render_postgres
from eval.spider_dev.pg_names import quote_ident
from eval.spider_dev.table_data import generate_rows
from eval.spider_dev.table_plan import plan_database

# A cut of Spider's concert_singer (with its type quirks: concert.Year and the referencing
# Stadium_ID/Singer_ID are "text"), plus a flights table joined to airlines without a key.
RECORD = {
    "db_id": "mini_concerts",
    "table_names_original": ["stadium", "singer", "concert", "singer_in_concert", "airlines", "flights"],
    "column_names_original": [
        [-1, "*"], [0, "Stadium_ID"], [0, "Name"], [0, "Capacity"],
        [1, "Singer_ID"], [1, "Name"], [1, "Country"], [1, "Song_Name"], [1, "Age"],
        [2, "concert_ID"], [2, "concert_Name"], [2, "Stadium_ID"], [2, "Year"],
        [3, "concert_ID"], [3, "Singer_ID"],
        [4, "uid"], [4, "Airline"], [5, "Airline"], [5, "FlightNo"],
    ],
    "column_types": ["text", "number", "text", "number", "number", "text", "text", "text", "number",
                     "number", "text", "text", "text", "number", "text", "number", "text", "number", "number"],
    "primary_keys": [1, 4, 9, 13, 15, 17],
    "foreign_keys": [[11, 1], [14, 4], [13, 9]],
}
GOLD = [
    'SELECT count(*) FROM singer WHERE country = "France"',
    "SELECT T2.Name, count(*) FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id "
    "GROUP BY T1.stadium_id",
    "SELECT Name FROM singer WHERE Song_Name LIKE '%Hey%'",
    "SELECT count(*) FROM concert WHERE YEAR = 2014 OR YEAR = 2015",
    "SELECT avg(age) FROM singer WHERE age > 20",
    "SELECT T1.Airline FROM airlines AS T1 JOIN flights AS T2 ON T1.uid = T2.Airline",
]
SCHEMA = parse_schema(RECORD)
COLUMNS = SCHEMA.columns_by_table()


def _trees():
    return [convert(q, COLUMNS).tree for q in GOLD]


def test_schema_is_lower_cased_with_keys_and_foreign_keys():
    assert SCHEMA.table("singer_in_concert").declared_key == ("concert_id",)
    assert {(fk.table, fk.column, fk.ref_table) for fk in SCHEMA.foreign_keys} == {
        ("concert", "stadium_id", "stadium"), ("singer_in_concert", "singer_id", "singer"),
        ("singer_in_concert", "concert_id", "concert")}


def test_gold_conversion_repairs():
    assert convert(GOLD[0], COLUMNS).sql == "SELECT COUNT(*) FROM singer WHERE country = 'France'"
    assert convert(GOLD[2], COLUMNS).sql == "SELECT name FROM singer WHERE song_name ILIKE '%Hey%'"
    # a double-quoted name that is a column stays a column
    assert convert('SELECT "Name" FROM singer', COLUMNS).sql == "SELECT name FROM singer"
    assert convert("SELECT count(*) FROM (SELECT name FROM singer)", COLUMNS).sql == \
        "SELECT COUNT(*) FROM (SELECT name FROM singer) AS derived_1"
    assert quote_ident("Official_ratings_(millions)") == '"official_ratings_(millions)"'
    assert quote_ident("18_49_Rating_Share") == '"18_49_rating_share"' and quote_ident("order") == '"order"'


def test_bare_columns_are_aggregated_and_a_lone_extreme_takes_its_row():
    grouped = render_postgres(aggregate_bare_columns(convert(GOLD[1], COLUMNS).tree))
    assert grouped.startswith("SELECT MIN(t2.name), COUNT(*) FROM concert")
    extreme = render_postgres(aggregate_bare_columns(convert("SELECT max(capacity), name FROM stadium", COLUMNS).tree))
    assert extreme == "SELECT capacity, name FROM stadium ORDER BY capacity DESC NULLS LAST LIMIT 1"


def test_distinct_ordered_by_an_unselected_column_becomes_groups():
    tree = sqlglot.parse_one("SELECT DISTINCT name FROM singer ORDER BY age DESC LIMIT 3", read="postgres")
    assert render_postgres(group_distinct_order(tree)) == \
        "SELECT name FROM singer GROUP BY name ORDER BY MAX(age) DESC LIMIT 3"


def test_types_follow_what_gold_sql_does():
    usage = collect_usage(_trees(), COLUMNS).columns
    types = choose_types(SCHEMA, usage)
    assert types[("concert", "year")] is PgType.INTEGER          # text compared with 2014
    assert types[("concert", "stadium_id")] is PgType.INTEGER    # text joined to a number key
    assert types[("singer_in_concert", "singer_id")] is PgType.INTEGER
    assert types[("singer", "song_name")] is PgType.TEXT
    assert types[("flights", "airline")] is types[("airlines", "uid")]


def _plan(seed=0):
    usage = collect_usage(_trees(), COLUMNS)
    return plan_database(SCHEMA, choose_types(SCHEMA, usage.columns), usage.columns, seed), usage


def test_keys_are_widened_and_undeclared_joins_become_references():
    plan, _ = _plan()
    assert plan.table("singer_in_concert").primary_key == ("concert_id", "singer_id")
    assert plan.table("singer").primary_key == ("singer_id",)
    airline = plan.table("flights").reference("airline")
    assert airline is not None and (airline.ref_table, airline.declared) == ("airlines", False)
    assert plan.table("flights").primary_key == ("airline", "flightno")
    names = [t.name for t in plan.tables]
    assert names.index("stadium") < names.index("concert") < names.index("singer_in_concert")
    assert len({t.rows for t in plan.tables}) == len(plan.tables)      # no two alike


def test_rows_are_deterministic_keyed_referential_and_hold_the_literals():
    plan, usage = _plan()
    rows = generate_rows(plan, usage, seed=0)
    assert rows == generate_rows(plan, usage, seed=0)
    assert rows != generate_rows(plan, usage, seed=1)
    for table in plan.tables:
        data = rows[table.name]
        keys = [tuple(r[data.columns.index(c)] for c in table.primary_key) for r in data.rows]
        assert len(keys) == len(set(keys)), table.name
        for ref in table.references:
            parent = set(rows[ref.ref_table].column_values(ref.ref_column))
            assert set(data.column_values(ref.column)) <= parent, (table.name, ref.column)
    assert "France" in rows["singer"].column_values("country")
    assert {2014, 2015} <= set(rows["concert"].column_values("year"))
    assert any("hey" in str(v).lower() for v in rows["singer"].column_values("song_name"))
    assert len({len(r.rows) for r in rows.values()}) == len(rows)


def test_like_patterns_are_filled_with_matching_values():
    rng = random.Random(3)
    for pattern in ("%West%", "Al%", "%ing", "a_c%"):
        value = fill_pattern(pattern, rng, "Riverside Grand")
        regex = "^" + re.escape(pattern).replace("%", ".*").replace("_", ".") + "$"
        assert re.match(regex, value, re.IGNORECASE), (pattern, value)
