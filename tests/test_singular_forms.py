"""Singular forms of a question's and a schema's words (ask.context.related_words.sing): both
sides meet in one form, so a plural said in a question finds a name written in the singular."""

from __future__ import annotations

import pytest

from ask.context.related_words import sing
from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch import read_question


@pytest.mark.parametrize("plural, singular", [
    ("campuses", "campus"), ("viruses", "virus"), ("bonuses", "bonus"), ("gases", "gas"),
    ("statuses", "status"), ("buses", "bus"),
    ("houses", "house"), ("courses", "course"), ("cases", "case"), ("clauses", "clause"),
    ("orders", "order"), ("countries", "country"), ("boxes", "box"), ("branches", "branch"),
    ("menus", "menu"), ("areas", "area"), ("ids", "id"),
])
def test_plurals(plural: str, singular: str) -> None:
    assert sing(plural) == singular


@pytest.mark.parametrize("word", ["status", "campus", "analysis", "bonus", "atlas", "census"])
def test_a_singular_ending_in_s_is_its_own_singular(word: str) -> None:
    assert sing(word) == word


CAMPUS = Table("public", "campus", (Column("campus_id", "integer", False), Column("campus_name", "text"),
                                    Column("status", "text", values=("open", "closed"))), ("campus_id",))
SCHEMA = SchemaContext("db", "analyst", ("public",), (CAMPUS,))


@pytest.mark.parametrize("question, sql", [
    ("how many campuses", "SELECT count(*) FROM campus"),
    ("list the campuses", "SELECT campus.campus_name FROM campus"),
    ("campuses per statuses", "SELECT campus.status, count(*) FROM campus GROUP BY campus.status"),
])
def test_a_plural_finds_a_name_in_the_singular(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == sql
