"""Words a schema's descriptions give to NULL (ask.translate.sketch.null_meaning), a table dated
only by when its rows are planned, "new" before rows a period dates, and games and matches as
fixtures (ask.context.related_words), "money" after a table. Pure: a five-a-side league."""

from __future__ import annotations

import pytest

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.null_meaning import phrase_of

TEAM = Table("public", "teams", (Column("team_id", "integer", False), Column("team_name", "text")), ("team_id",))
MEMBER = Table("public", "members", (Column("member_id", "integer", False), Column("full_name", "text"),
                                     Column("team_id", "integer", comment="null for reserves"),
                                     Column("joined_on", "date"), Column("birth_date", "date")), ("member_id",),
               (ForeignKey(("team_id",), "public", "teams", ("team_id",)),))
FIXTURE = Table("public", "fixtures", (Column("fixture_id", "integer", False), Column("home_team_id", "integer"),
                                       Column("scheduled_for", "timestamp without time zone"),
                                       Column("hire_amount", "numeric(6,2)"),
                                       Column("result_code", "text", comment="null until the fixture is played")),
                ("fixture_id",), (ForeignKey(("home_team_id",), "public", "teams", ("team_id",)),))
SCHEMA = SchemaContext("league", "analyst", ("public",), (TEAM, MEMBER, FIXTURE))
LAST_WEEK = ("fixtures.scheduled_for >= date_trunc('week', current_date) - interval '1 week' AND "
             "fixtures.scheduled_for < date_trunc('week', current_date)")


@pytest.mark.parametrize("comment,meaning", [
    ("null for free agents", (("free", "agent"), True)),
    ("null until the match is played", (("played",), False)),
    ("NULL while the repair is open", (("open",), True)),
    ("kg, after tare", None),
])
def test_what_a_description_says_null_means(comment: str, meaning: object) -> None:
    assert phrase_of(comment) == meaning


@pytest.mark.parametrize("question,sql", [
    ("how many reserves", "SELECT count(*) FROM members WHERE members.team_id IS NULL"),
    ("fixtures played", "SELECT count(*) FROM fixtures WHERE fixtures.result_code IS NOT NULL"),
    ("how many fixtures are not played yet", "SELECT count(*) FROM fixtures WHERE fixtures.result_code IS NULL"),
    # a table whose only date says when its rows are planned is dated by it
    ("fixtures last week", f"SELECT count(*) FROM fixtures WHERE {LAST_WEEK}"),
    # games and matches are fixtures
    ("how many games last week", f"SELECT count(*) FROM fixtures WHERE {LAST_WEEK}"),
    # "new" before rows the period dates says what the period says
    ("new members in the last 30 days", "SELECT members.full_name FROM members WHERE members.joined_on >= current_date - 30"),
])
def test_read_through_the_schemas_words(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None, question
    assert reading.sql == sql
    assert reading.coverage == 1.0


def test_a_birth_date_dates_no_rows() -> None:
    # the members' birth date is no date "members last week" means; only "joined" is
    born = Table("public", "people", (Column("id", "integer", False), Column("full_name", "text"),
                                      Column("birth_date", "date")), ("id",))
    schema = SchemaContext("db", "analyst", ("public",), (born,))
    assert read_question("people last week", schema) is None


def test_a_state_phrase_needs_its_table_named() -> None:
    # "played" is the fixtures' state; "members who never played" says nothing about fixtures
    reading = read_question("members who never played a fixture", SCHEMA)
    assert reading is None or "result_code" not in reading.sql


def test_money_after_a_table_is_its_money_column() -> None:
    # "hire money": the fixtures' one money column; the table alone would be counted
    reading = read_question("total fixture money", SCHEMA)
    assert reading is not None and reading.sql == "SELECT sum(fixtures.hire_amount) FROM fixtures"
    assert reading.coverage == 1.0
