"""A table's last words name its rows over another table's description (issue 18): in a schema
whose table names carry an app or module prefix (``club_sailor``, Django's ``gym_member``), a
description elsewhere that uses the word ("sailors entered in a race" on the entries table)
used to claim it, and "how many sailors" counted entries. Now the word names the table whose
last word it is, and only because a description shows the schema calling its rows that.

Pure: hand-made schema contexts (a sailing club, a shop) nobody tuned on."""

from __future__ import annotations

from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch.names import head_nouns, name_index
from tests.sketch_cases import fk, read_on

SAILORS = Table("public", "club_sailor", (Column("sailor_id", "integer", False), Column("full_name", "text"),
                                          Column("joined_on", "date")), ("sailor_id",))
RACES = Table("public", "club_race", (Column("race_id", "integer", False), Column("race_name", "text"),
                                      Column("race_date", "date")), ("race_id",))
ENTRIES = Table("public", "club_raceentry", (Column("entry_id", "integer", False), Column("race_id", "integer"),
                                             Column("sailor_id", "integer"), Column("finish_place", "integer")),
                ("entry_id",), (fk("race_id", "club_race"), fk("sailor_id", "club_sailor")),
                comment="sailors entered in a race")
CLUB = SchemaContext("db", "analyst", ("public",), (SAILORS, RACES, ENTRIES))


def test_last_words_of_a_name_that_says_what_its_rows_are() -> None:
    assert head_nouns("club_sailor") == {("sailor",)}
    assert head_nouns("billing_membershipplan") == {("plan",), ("membership", "plan")}
    assert head_nouns("sailors") == frozenset()               # one word: spelt by the name itself
    assert head_nouns("appointment_type") == frozenset()      # "type" says how rows are kept
    assert head_nouns("club_map") == frozenset()


def test_a_description_elsewhere_no_longer_claims_a_tables_last_word() -> None:
    assert read_on(CLUB, "how many sailors are there", []) == "SELECT count(*) FROM club_sailor"
    assert read_on(CLUB, "list the sailors", []) == "SELECT club_sailor.full_name FROM club_sailor"
    index = name_index(CLUB)
    assert {t.name for t, c in index[("sailor",)] if c is None} == {"club_sailor"}


def test_a_last_word_no_description_uses_spells_nothing_new() -> None:
    """Only a description's use, or a namespace, shows the schema calling the rows by the word: a
    prefix two tables of three share is no namespace (:mod:`ask.translate.sketch.namespaces`),
    so "races" is no spelling of ``club_race`` there; where every table carries ``club_`` and
    it names nothing of the schema, it is one, and "races" are ``club_race``'s rows."""
    sailors = Table("public", "sailors", SAILORS.columns, SAILORS.primary_key)
    entries = Table("public", "club_raceentry", ENTRIES.columns, ENTRIES.primary_key,
                    (fk("race_id", "club_race"), fk("sailor_id", "sailors")), ENTRIES.comment)
    two_of_three = SchemaContext("db", "analyst", ("public",), (sailors, RACES, entries))
    assert ("race",) not in name_index(two_of_three)
    assert read_on(two_of_three, "how many entries", []) == "SELECT count(*) FROM club_raceentry"
    assert {t.name for t, c in name_index(CLUB)[("race",)]} == {"club_race"}
    assert read_on(CLUB, "how many races", []) == "SELECT count(*) FROM club_race"
    assert read_on(CLUB, "how many entries", []) == "SELECT count(*) FROM club_raceentry"
