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

# A schema in tables.json's format with the quirks Spider's have (a "text" year, "text"
# columns referencing number keys, one key column listed for a two-column key, a join on a
# key no foreign key declares). Written here, not taken from the dataset.
RECORD = {
    "db_id": "mini_gigs",
    "table_names_original": ["venue", "artist", "gig", "artist_in_gig", "carriers", "routes"],
    "column_names_original": [
        [-1, "*"], [0, "Venue_ID"], [0, "Name"], [0, "Capacity"],
        [1, "Artist_ID"], [1, "Name"], [1, "Nationality"], [1, "Track_Title"], [1, "Age"],
        [2, "gig_ID"], [2, "gig_Name"], [2, "Venue_ID"], [2, "Year"],
        [3, "gig_ID"], [3, "Artist_ID"],
        [4, "uid"], [4, "Carrier"], [5, "Carrier"], [5, "RouteNo"],
    ],
    "column_types": ["text", "number", "text", "number", "number", "text", "text", "text", "number",
                     "number", "text", "text", "text", "number", "text", "number", "text", "number", "number"],
    "primary_keys": [1, 4, 9, 13, 15, 17],
    "foreign_keys": [[11, 1], [14, 4], [13, 9]],
}
GOLD = [
    'SELECT count(*) FROM artist WHERE nationality = "Chilean"',
    "SELECT T2.Name, count(*) FROM gig AS T1 JOIN venue AS T2 ON T1.venue_id = T2.venue_id "
    "GROUP BY T1.venue_id",
    "SELECT Name FROM artist WHERE Track_Title LIKE '%Moon%'",
    "SELECT count(*) FROM gig WHERE YEAR = 2019 OR YEAR = 2021",
    "SELECT avg(age) FROM artist WHERE age > 25",
    "SELECT T1.Carrier FROM carriers AS T1 JOIN routes AS T2 ON T1.uid = T2.Carrier",
]
SCHEMA = parse_schema(RECORD)
COLUMNS = SCHEMA.columns_by_table()


def _trees():
    return [convert(q, COLUMNS).tree for q in GOLD]


def test_schema_is_lower_cased_with_keys_and_foreign_keys():
    assert SCHEMA.table("artist_in_gig").declared_key == ("gig_id",)
    assert {(fk.table, fk.column, fk.ref_table) for fk in SCHEMA.foreign_keys} == {
        ("gig", "venue_id", "venue"), ("artist_in_gig", "artist_id", "artist"),
        ("artist_in_gig", "gig_id", "gig")}


def test_gold_conversion_repairs():
    assert convert(GOLD[0], COLUMNS).sql == "SELECT COUNT(*) FROM artist WHERE nationality = 'Chilean'"
    assert convert(GOLD[2], COLUMNS).sql == "SELECT name FROM artist WHERE track_title ILIKE '%Moon%'"
    # a double-quoted name that is a column stays a column
    assert convert('SELECT "Name" FROM artist', COLUMNS).sql == "SELECT name FROM artist"
    assert convert("SELECT count(*) FROM (SELECT name FROM artist)", COLUMNS).sql == \
        "SELECT COUNT(*) FROM (SELECT name FROM artist) AS derived_1"
    assert quote_ident("Official_ratings_(millions)") == '"official_ratings_(millions)"'
    assert quote_ident("18_49_Rating_Share") == '"18_49_rating_share"' and quote_ident("order") == '"order"'


def test_bare_columns_are_aggregated_and_a_lone_extreme_takes_its_row():
    grouped = render_postgres(aggregate_bare_columns(convert(GOLD[1], COLUMNS).tree))
    assert grouped.startswith("SELECT MIN(t2.name), COUNT(*) FROM gig")
    extreme = render_postgres(aggregate_bare_columns(convert("SELECT max(capacity), name FROM venue", COLUMNS).tree))
    assert extreme == "SELECT capacity, name FROM venue ORDER BY capacity DESC NULLS LAST LIMIT 1"


def test_distinct_ordered_by_an_unselected_column_becomes_groups():
    tree = sqlglot.parse_one("SELECT DISTINCT name FROM artist ORDER BY age DESC LIMIT 3", read="postgres")
    assert render_postgres(group_distinct_order(tree)) == \
        "SELECT name FROM artist GROUP BY name ORDER BY MAX(age) DESC LIMIT 3"


def test_types_follow_what_gold_sql_does():
    usage = collect_usage(_trees(), COLUMNS).columns
    types = choose_types(SCHEMA, usage)
    assert types[("gig", "year")] is PgType.INTEGER              # text compared with 2019
    assert types[("gig", "venue_id")] is PgType.INTEGER          # text joined to a number key
    assert types[("artist_in_gig", "artist_id")] is PgType.INTEGER
    assert types[("artist", "track_title")] is PgType.TEXT
    assert types[("routes", "carrier")] is types[("carriers", "uid")]


def _plan(seed=0):
    usage = collect_usage(_trees(), COLUMNS)
    return plan_database(SCHEMA, choose_types(SCHEMA, usage.columns), usage.columns, seed), usage


def test_keys_are_widened_and_undeclared_joins_become_references():
    plan, _ = _plan()
    assert plan.table("artist_in_gig").primary_key == ("gig_id", "artist_id")
    assert plan.table("artist").primary_key == ("artist_id",)
    carrier = plan.table("routes").reference("carrier")
    assert carrier is not None and (carrier.ref_table, carrier.declared) == ("carriers", False)
    assert plan.table("routes").primary_key == ("carrier", "routeno")
    names = [t.name for t in plan.tables]
    assert names.index("venue") < names.index("gig") < names.index("artist_in_gig")
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
    assert "Chilean" in rows["artist"].column_values("nationality")
    assert {2019, 2021} <= set(rows["gig"].column_values("year"))
    assert any("moon" in str(v).lower() for v in rows["artist"].column_values("track_title"))
    assert len({len(r.rows) for r in rows.values()}) == len(rows)


def test_like_patterns_are_filled_with_matching_values():
    rng = random.Random(3)
    for pattern in ("%West%", "Al%", "%ing", "a_c%"):
        value = fill_pattern(pattern, rng, "Riverside Grand")
        regex = "^" + re.escape(pattern).replace("%", ".*").replace("_", ".") + "$"
        assert re.match(regex, value, re.IGNORECASE), (pattern, value)
