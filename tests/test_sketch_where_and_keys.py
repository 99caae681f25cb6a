""""where is <a named row>" asks for its place; "years since <it was founded>" its age; a key is
never averaged or added up (the word that spells it says whose measure). Pure: a hand-made regatta schema."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

CLUB = Table("public", "clubs", (Column("club_id", "integer", False), Column("club_name", "text"),
                                 Column("home_town", "text"), Column("founded_on", "date")), ("club_id",))
RACE = Table("public", "races", (Column("race_id", "integer", False), Column("club_id", "integer"),
                                 Column("leg_number", "smallint", False), Column("duration_min", "integer"),
                                 Column("crew_size", "integer")), ("race_id", "leg_number"),
             (ForeignKey(("club_id",), "public", "clubs", ("club_id",)),))
SCHEMA = SchemaContext("regatta", "analyst", ("public",), (CLUB, RACE))


@pytest.mark.parametrize("question", ["where are Harbour Rowers based", "where is Harbour Rowers"])
def test_where_a_named_row_is(question: str) -> None:
    link = ValueMatch("clubs", "club_name", "Harbour Rowers", question.split().index("Harbour"),
                      question.split().index("Rowers") + 1, 1.0)
    reading = read_question(question, SCHEMA, [link])
    assert reading is not None and reading.sql == \
        "SELECT clubs.home_town FROM clubs WHERE clubs.club_name = 'Harbour Rowers'"


def test_no_key_is_averaged() -> None:
    # "leg" spells the key leg_number as well; the average is of the duration
    reading = read_question("average leg duration", SCHEMA)
    assert reading is not None and reading.sql == "SELECT avg(races.duration_min) FROM races"
    # a key named on its own may still be the largest of its kind
    top = read_question("maximum leg number", SCHEMA)
    assert top is not None and top.sql == "SELECT max(races.leg_number) FROM races"


@pytest.mark.parametrize("question,expr", [
    ("how many years since Harbour Rowers was founded", "date_part('year', age(clubs.founded_on))"),
    ("how many days since Harbour Rowers was founded", "current_date - clubs.founded_on::date"),
])
def test_time_since_a_date_the_question_says(question: str, expr: str) -> None:
    words = question.split()
    link = ValueMatch("clubs", "club_name", "Harbour Rowers", words.index("Harbour"), words.index("Rowers") + 1, 1.0)
    reading = read_question(question, SCHEMA, [link])
    assert reading is not None and reading.sql == f"SELECT {expr} FROM clubs WHERE clubs.club_name = 'Harbour Rowers'"
    assert reading.coverage == 1.0


def test_which_values_of_a_column_are_listed_once() -> None:
    judge = Table("public", "judgings", (Column("judging_id", "integer", False), Column("race_id", "integer"),
                                         Column("umpire", "text")), ("judging_id",),
                  (ForeignKey(("race_id",), "public", "races", ("race_id",)),))
    schema = SchemaContext("regatta", "analyst", ("public",), (CLUB, RACE, judge))
    words = "which umpires judged Harbour Rowers races".split()
    link = ValueMatch("clubs", "club_name", "Harbour Rowers", 3, 5, 1.0)
    reading = read_question(" ".join(words), schema, [link])
    assert reading is not None and reading.sql.startswith("SELECT DISTINCT judgings.umpire FROM judgings")


def test_days_from_one_table_to_another() -> None:
    # a result is posted after its race; the days between the race's date and the posting
    posted = Table("public", "results", (Column("result_id", "integer", False), Column("race_id", "integer"),
                                         Column("posted_on", "date")), ("result_id",),
                   (ForeignKey(("race_id",), "public", "races", ("race_id",)),))
    raced = Table("public", "races", (Column("race_id", "integer", False), Column("raced_on", "date")), ("race_id",))
    schema = SchemaContext("regatta", "analyst", ("public",), (raced, posted))
    reading = read_question("avg days from race to result", schema)
    assert reading is not None and reading.sql == (
        "SELECT avg(results.posted_on::date - races.raced_on::date) FROM results "
        "JOIN races ON results.race_id = races.race_id")
    assert reading.coverage == 1.0
