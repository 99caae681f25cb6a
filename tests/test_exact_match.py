"""Exact set match (proxy/evaluation/exact_match.py): pairs that must match and must not,
and Spider's hardness levels. Pure: no database."""

from __future__ import annotations

import pytest

from proxy.evaluation.exact_match import UnparsableQuery, exact_match, parse, query_shape, spider_hardness

SCHEMA = {
    "artist": frozenset({"artist_id", "name", "country", "age"}),
    "gig": frozenset({"gig_id", "gig_name", "venue_id", "year"}),
    "artist_in_gig": frozenset({"gig_id", "artist_id"}),
    "venue": frozenset({"venue_id", "name", "capacity"}),
}

MATCH = [
    # aliases, qualification and case normalised away
    ("SELECT T1.name FROM artist AS T1 WHERE T1.age > 20", "select name from ARTIST where age > 20"),
    ("SELECT T2.name FROM gig AS T1 JOIN venue AS T2 ON T1.venue_id = T2.venue_id WHERE T1.year = 2014",
     "SELECT venue.name FROM venue JOIN gig ON gig.venue_id = venue.venue_id WHERE year = 2014"),
    # values ignored, LIMIT value ignored, ILIKE is LIKE, casts dropped
    ("SELECT name FROM artist WHERE country = 'France'", "SELECT name FROM artist WHERE country = 'Germany'"),
    ("SELECT name FROM artist ORDER BY age DESC LIMIT 1", "SELECT name FROM artist ORDER BY age DESC LIMIT 3"),
    ("SELECT name FROM artist WHERE name LIKE '%Hey%'", "SELECT name FROM artist WHERE name ILIKE '%hey%'"),
    ("SELECT avg(CAST(age AS REAL)) FROM artist", "SELECT avg(age) FROM artist"),
    ("SELECT avg(T1.age) AS mean_age FROM artist AS T1", "SELECT avg(age) FROM artist"),
    ("SELECT a / NULLIF(b, 0) FROM t", "SELECT a / b FROM t"),
    # conditions are sets; select items a multiset in any order; a = b is b = a
    ("SELECT name, age FROM artist WHERE age > 20 AND country = 'x'",
     "SELECT age, name FROM artist WHERE country = 'y' AND age > 30"),
    ("SELECT T1.name FROM artist AS T1, artist_in_gig AS T2 WHERE T1.artist_id = T2.artist_id",
     "SELECT artist.name FROM artist, artist_in_gig WHERE artist_in_gig.artist_id = artist.artist_id"),
    # output aliases and ordinals resolved
    ("SELECT country, count(*) FROM artist GROUP BY country ORDER BY count(*) DESC",
     "SELECT country, count(*) AS n FROM artist GROUP BY 1 ORDER BY n DESC"),
    # nested queries compared recursively, with their own aliases
    ("SELECT name FROM artist WHERE artist_id IN (SELECT artist_id FROM artist_in_gig)",
     "SELECT s.name FROM artist s WHERE s.artist_id IN (SELECT x.artist_id FROM artist_in_gig x)"),
    ("SELECT name FROM artist WHERE age > 1 INTERSECT SELECT name FROM artist WHERE country = 'x'",
     "SELECT s.name FROM artist s WHERE s.age > 9 INTERSECT SELECT name FROM artist WHERE country = 'y'"),
    # NULLS FIRST/LAST, as sqlglot writes for SQLite's NULL order, is ignored
    ("SELECT name FROM artist ORDER BY age DESC NULLS LAST", "SELECT name FROM artist ORDER BY age DESC"),
]

NO_MATCH = [
    ("SELECT name FROM artist", "SELECT country FROM artist", "select"),
    ("SELECT name FROM artist", "SELECT DISTINCT name FROM artist", "distinct"),
    ("SELECT count(*) FROM artist", "SELECT count(DISTINCT name) FROM artist", "select"),
    ("SELECT name FROM artist WHERE age > 20", "SELECT name FROM artist WHERE age >= 20", "where"),
    ("SELECT name FROM artist WHERE age > 20 AND country = 'x'",
     "SELECT name FROM artist WHERE age > 20 OR country = 'x'", "where_connectives"),
    ("SELECT name FROM artist WHERE country = 'x'", "SELECT name FROM artist WHERE country LIKE 'x'", "where"),
    ("SELECT T1.name FROM artist AS T1 JOIN artist_in_gig AS T2 ON T1.artist_id = T2.artist_id",
     "SELECT name FROM artist", "from"),
    ("SELECT country FROM artist GROUP BY country", "SELECT country FROM artist GROUP BY country, name", "group_by"),
    ("SELECT country FROM artist GROUP BY country HAVING count(*) > 1",
     "SELECT country FROM artist GROUP BY country", "having"),
    ("SELECT name FROM artist ORDER BY age DESC", "SELECT name FROM artist ORDER BY age", "order_by"),
    ("SELECT name FROM artist ORDER BY age LIMIT 1", "SELECT name FROM artist ORDER BY age", "limit"),
    ("SELECT name FROM artist EXCEPT SELECT name FROM artist WHERE age > 1",
     "SELECT name FROM artist UNION SELECT name FROM artist WHERE age > 1", "set_operation"),
    ("SELECT name FROM artist WHERE artist_id IN (SELECT artist_id FROM artist_in_gig)",
     "SELECT name FROM artist WHERE artist_id IN (SELECT artist_id FROM artist)", "where"),
]


@pytest.mark.parametrize("gold,predicted", MATCH)
def test_pairs_that_match(gold, predicted):
    verdict = exact_match(gold, predicted, SCHEMA)
    assert verdict.equal, verdict.differing


@pytest.mark.parametrize("gold,predicted,component", NO_MATCH)
def test_pairs_that_do_not_match(gold, predicted, component):
    verdict = exact_match(gold, predicted, SCHEMA)
    assert not verdict.equal
    assert component in verdict.differing


def test_unqualified_columns_need_the_schema_when_several_tables_are_joined():
    gold = "SELECT T1.name FROM artist AS T1 JOIN artist_in_gig AS T2 ON T1.artist_id = T2.artist_id"
    predicted = "SELECT name FROM artist JOIN artist_in_gig USING (artist_id)"
    assert exact_match(gold, predicted, SCHEMA).equal
    assert not exact_match(gold, predicted).equal          # without it, 'name' has no table


def test_unparsable_or_missing_predictions_never_match():
    assert exact_match("SELECT 1", "SELEC name FRM", SCHEMA).differing == ("unparsable",)
    assert exact_match("SELECT 1", None).differing == ("no_sql",)
    with pytest.raises(UnparsableQuery):
        query_shape("DELETE FROM artist")


def test_sqlite_gold_and_its_postgres_translation_have_one_shape():
    sqlite = parse("SELECT T1.name FROM artist AS T1 WHERE T1.name LIKE 'a%' ORDER BY T1.age LIMIT 1", "sqlite")
    postgres = "SELECT t1.name FROM artist AS t1 WHERE t1.name ILIKE 'a%' ORDER BY t1.age NULLS FIRST LIMIT 1"
    assert query_shape(sqlite, SCHEMA) == query_shape(postgres, SCHEMA)


@pytest.mark.parametrize("query,level", [
    ("SELECT count(*) FROM artist", "easy"),
    ("SELECT name, country, age FROM artist ORDER BY age DESC", "medium"),
    ("SELECT name FROM artist WHERE artist_id NOT IN (SELECT artist_id FROM artist_in_gig)", "hard"),
    ("SELECT T2.name FROM gig AS T1 JOIN venue AS T2 ON T1.venue_id = T2.venue_id "
     "GROUP BY T1.venue_id ORDER BY count(*) DESC LIMIT 1", "extra"),
    ("SELECT name FROM artist WHERE age > 30 INTERSECT SELECT name FROM artist WHERE country = 'x'", "hard"),
    ("SELECT name FROM artist WHERE age > (SELECT avg(age) FROM artist) AND country = 'x' "
     "INTERSECT SELECT name FROM artist WHERE country = 'y'", "extra"),
])
def test_spider_hardness(query, level):
    assert spider_hardness(parse(query, "sqlite")) == level
