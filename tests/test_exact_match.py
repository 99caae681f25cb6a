"""Exact set match (proxy/evaluation/exact_match.py): pairs that must match and must not,
and Spider's hardness levels. Pure: no database."""

from __future__ import annotations

import pytest

from proxy.evaluation.exact_match import UnparsableQuery, exact_match, parse, query_shape, spider_hardness

SCHEMA = {
    "singer": frozenset({"singer_id", "name", "country", "age"}),
    "concert": frozenset({"concert_id", "concert_name", "stadium_id", "year"}),
    "singer_in_concert": frozenset({"concert_id", "singer_id"}),
    "stadium": frozenset({"stadium_id", "name", "capacity"}),
}

MATCH = [
    # aliases, qualification and case normalised away
    ("SELECT T1.name FROM singer AS T1 WHERE T1.age > 20", "select name from SINGER where age > 20"),
    ("SELECT T2.name FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id WHERE T1.year = 2014",
     "SELECT stadium.name FROM stadium JOIN concert ON concert.stadium_id = stadium.stadium_id WHERE year = 2014"),
    # values ignored, LIMIT value ignored, ILIKE is LIKE, casts dropped
    ("SELECT name FROM singer WHERE country = 'France'", "SELECT name FROM singer WHERE country = 'Germany'"),
    ("SELECT name FROM singer ORDER BY age DESC LIMIT 1", "SELECT name FROM singer ORDER BY age DESC LIMIT 3"),
    ("SELECT name FROM singer WHERE name LIKE '%Hey%'", "SELECT name FROM singer WHERE name ILIKE '%hey%'"),
    ("SELECT avg(CAST(age AS REAL)) FROM singer", "SELECT avg(age) FROM singer"),
    ("SELECT avg(T1.age) AS mean_age FROM singer AS T1", "SELECT avg(age) FROM singer"),
    ("SELECT a / NULLIF(b, 0) FROM t", "SELECT a / b FROM t"),
    # conditions are sets; select items a multiset in any order; a = b is b = a
    ("SELECT name, age FROM singer WHERE age > 20 AND country = 'x'",
     "SELECT age, name FROM singer WHERE country = 'y' AND age > 30"),
    ("SELECT T1.name FROM singer AS T1, singer_in_concert AS T2 WHERE T1.singer_id = T2.singer_id",
     "SELECT singer.name FROM singer, singer_in_concert WHERE singer_in_concert.singer_id = singer.singer_id"),
    # output aliases and ordinals resolved
    ("SELECT country, count(*) FROM singer GROUP BY country ORDER BY count(*) DESC",
     "SELECT country, count(*) AS n FROM singer GROUP BY 1 ORDER BY n DESC"),
    # nested queries compared recursively, with their own aliases
    ("SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer_in_concert)",
     "SELECT s.name FROM singer s WHERE s.singer_id IN (SELECT x.singer_id FROM singer_in_concert x)"),
    ("SELECT name FROM singer WHERE age > 1 INTERSECT SELECT name FROM singer WHERE country = 'x'",
     "SELECT s.name FROM singer s WHERE s.age > 9 INTERSECT SELECT name FROM singer WHERE country = 'y'"),
    # NULLS FIRST/LAST, as sqlglot writes for SQLite's NULL order, is ignored
    ("SELECT name FROM singer ORDER BY age DESC NULLS LAST", "SELECT name FROM singer ORDER BY age DESC"),
]

NO_MATCH = [
    ("SELECT name FROM singer", "SELECT country FROM singer", "select"),
    ("SELECT name FROM singer", "SELECT DISTINCT name FROM singer", "distinct"),
    ("SELECT count(*) FROM singer", "SELECT count(DISTINCT name) FROM singer", "select"),
    ("SELECT name FROM singer WHERE age > 20", "SELECT name FROM singer WHERE age >= 20", "where"),
    ("SELECT name FROM singer WHERE age > 20 AND country = 'x'",
     "SELECT name FROM singer WHERE age > 20 OR country = 'x'", "where_connectives"),
    ("SELECT name FROM singer WHERE country = 'x'", "SELECT name FROM singer WHERE country LIKE 'x'", "where"),
    ("SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id",
     "SELECT name FROM singer", "from"),
    ("SELECT country FROM singer GROUP BY country", "SELECT country FROM singer GROUP BY country, name", "group_by"),
    ("SELECT country FROM singer GROUP BY country HAVING count(*) > 1",
     "SELECT country FROM singer GROUP BY country", "having"),
    ("SELECT name FROM singer ORDER BY age DESC", "SELECT name FROM singer ORDER BY age", "order_by"),
    ("SELECT name FROM singer ORDER BY age LIMIT 1", "SELECT name FROM singer ORDER BY age", "limit"),
    ("SELECT name FROM singer EXCEPT SELECT name FROM singer WHERE age > 1",
     "SELECT name FROM singer UNION SELECT name FROM singer WHERE age > 1", "set_operation"),
    ("SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer_in_concert)",
     "SELECT name FROM singer WHERE singer_id IN (SELECT singer_id FROM singer)", "where"),
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
    gold = "SELECT T1.name FROM singer AS T1 JOIN singer_in_concert AS T2 ON T1.singer_id = T2.singer_id"
    predicted = "SELECT name FROM singer JOIN singer_in_concert USING (singer_id)"
    assert exact_match(gold, predicted, SCHEMA).equal
    assert not exact_match(gold, predicted).equal          # without it, 'name' has no table


def test_unparsable_or_missing_predictions_never_match():
    assert exact_match("SELECT 1", "SELEC name FRM", SCHEMA).differing == ("unparsable",)
    assert exact_match("SELECT 1", None).differing == ("no_sql",)
    with pytest.raises(UnparsableQuery):
        query_shape("DELETE FROM singer")


def test_sqlite_gold_and_its_postgres_translation_have_one_shape():
    sqlite = parse("SELECT T1.name FROM singer AS T1 WHERE T1.name LIKE 'a%' ORDER BY T1.age LIMIT 1", "sqlite")
    postgres = "SELECT t1.name FROM singer AS t1 WHERE t1.name ILIKE 'a%' ORDER BY t1.age NULLS FIRST LIMIT 1"
    assert query_shape(sqlite, SCHEMA) == query_shape(postgres, SCHEMA)


@pytest.mark.parametrize("query,level", [
    ("SELECT count(*) FROM singer", "easy"),
    ("SELECT name, country, age FROM singer ORDER BY age DESC", "medium"),
    ("SELECT name FROM singer WHERE singer_id NOT IN (SELECT singer_id FROM singer_in_concert)", "hard"),
    ("SELECT T2.name FROM concert AS T1 JOIN stadium AS T2 ON T1.stadium_id = T2.stadium_id "
     "GROUP BY T1.stadium_id ORDER BY count(*) DESC LIMIT 1", "extra"),
    ("SELECT name FROM singer WHERE age > 30 INTERSECT SELECT name FROM singer WHERE country = 'x'", "hard"),
    ("SELECT name FROM singer WHERE age > (SELECT avg(age) FROM singer) AND country = 'x' "
     "INTERSECT SELECT name FROM singer WHERE country = 'y'", "extra"),
])
def test_spider_hardness(query, level):
    assert spider_hardness(parse(query, "sqlite")) == level
