"""Names PostgreSQL folded from unquoted PascalCase (``tblEntry.EnteredOn`` is stored as
``tblentry.enteredon``): ask.context.folded_names splits them into their words for the plain
reader's index and the refusal check alike; a name misspelt by one letter. Pure: a dog-show club."""

from __future__ import annotations

import pytest

from ask.context.folded_names import unfold
from ask.context.refusal import assess, english
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

OWNER = Table("public", "tblowner", (Column("ownerid", "integer", False), Column("firstname", "text"),
                                     Column("lastname", "text"), Column("joindate", "date"),
                                     Column("statuscd", "character(1)")), ("ownerid",))
DOG = Table("public", "tbldog", (Column("dogid", "integer", False), Column("ownerid", "integer"),
                                 Column("dogname", "text"), Column("weightkg", "numeric(4,1)"),
                                 Column("isretired", "boolean")), ("dogid",),
            (ForeignKey(("ownerid",), "public", "tblowner", ("ownerid",)),))
SHOW = Table("public", "tblshow", (Column("showid", "integer", False), Column("showname", "text"),
                                   Column("heldon", "date"), Column("town", "text")), ("showid",))
ENTRY = Table("public", "tblentry", (Column("entryid", "integer", False), Column("dogid", "integer"),
                                     Column("showid", "integer"), Column("enteredon", "date"),
                                     Column("feeaud", "numeric(6,2)")), ("entryid",),
              (ForeignKey(("dogid",), "public", "tbldog", ("dogid",)),
               ForeignKey(("showid",), "public", "tblshow", ("showid",))))
SCHEMA = SchemaContext("club", "analyst", ("public",), (OWNER, DOG, SHOW, ENTRY))


@pytest.mark.parametrize("word,parts", [
    ("tblentry", ("tbl", "entry")), ("enteredon", ("entered", "on")), ("weightkg", ("weight", "kg")),
    ("statuscd", ("status", "cd")), ("isretired", ("is", "retired")), ("feeaud", ("fee", "aud")),
    ("headofstate", ("head", "of", "state")), ("gradedon", ("graded", "on")),
    ("basepricepert", ("base", "price", "per", "t")), ("capacityt", ("capacity", "t")), ("hight", ("hight",)),
    # English words, their inflections, and names with a piece no name is made of stay whole
    ("invoice", ("invoice",)), ("bookings", ("bookings",)), ("mooring", ("mooring",)),
    ("password", ("password",)), ("truckrego", ("truckrego",)), ("t04944", ("t04944",)), ("dogid", ("dog", "id")),
])
def test_a_folded_name_splits_only_into_known_pieces(word: str, parts: tuple[str, ...]) -> None:
    assert unfold(word, english()) == parts


@pytest.mark.parametrize("question,sql", [
    ("how many retired dogs", "SELECT count(*) FROM tbldog WHERE tbldog.isretired"),
    ("average dog weight", "SELECT avg(tbldog.weightkg) FROM tbldog"),
    ("entries per show", "SELECT tblshow.showname, count(*) FROM tblshow JOIN tblentry ON tblentry.showid = "
     "tblshow.showid GROUP BY tblshow.showid, tblshow.showname"),
    ("total fees last month", "SELECT sum(tblentry.feeaud) FROM tblentry WHERE tblentry.enteredon >= "
     "date_trunc('month', current_date) - interval '1 month' AND tblentry.enteredon < date_trunc('month', current_date)"),
    ("dogs that never had an entry", "SELECT tbldog.dogname FROM tbldog WHERE NOT EXISTS "
     "(SELECT 1 FROM tblentry WHERE tblentry.dogid = tbldog.dogid)"),
])
def test_folded_names_read_by_their_words(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None, question
    assert reading.sql == sql
    assert assess(question, SCHEMA, ()) is None


def test_a_folded_name_is_still_spelt_as_written() -> None:
    # a compound the word list lacks is split, and also kept whole for a question that writes it so
    # (a compound it holds, "beekeepers", is an English word and stays whole)
    tags = Table("public", "gamertags", (Column("id", "integer", False), Column("full_name", "text")), ("id",))
    schema = SchemaContext("db", "analyst", ("public",), (tags,))
    for question in ("how many gamertags", "how many gamer tags"):
        reading = read_question(question, schema)
        assert reading is not None and reading.sql == "SELECT count(*) FROM gamertags", question


@pytest.mark.parametrize("question,sql", [
    ("average dog wieght", "SELECT avg(tbldog.weightkg) FROM tbldog"),      # two letters swapped
    ("average dog weigt", "SELECT avg(tbldog.weightkg) FROM tbldog"),       # one dropped
])
def test_a_misspelt_name_one_edit_away(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None and reading.sql == sql


def test_a_word_near_two_names_is_not_guessed() -> None:
    from ask.translate.sketch.names import misspelt_names, name_index
    prizes = Table("public", "awards", (Column("award_id", "integer", False), Column("price", "numeric"),
                                        Column("prize", "numeric")), ("award_id",))
    schema = SchemaContext("db", "analyst", ("public",), (prizes,))
    index = name_index(schema)
    assert misspelt_names(["prise"], index, schema) == ["prise"]           # price or prize: not guessed
    assert misspelt_names(["prizze"], index, schema) == ["prize"]
    assert misspelt_names(["qwzxv"], index, schema) == ["qwzxv"]


def test_an_informal_lead_word() -> None:
    reading = read_question("whats the average dog weight", SCHEMA)
    assert reading is not None and reading.sql == "SELECT avg(tbldog.weightkg) FROM tbldog"
