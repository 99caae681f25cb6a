"""The segmenter of run-together names (ask.context.folded_names): PascalCase PostgreSQL folded
(``IsBillable`` -> ``isbillable``, ``LeadAttorneyID`` -> ``leadattorneyid``), legacy
concatenations (``custname``, ``orderdt``, ``empno``), split by word frequency into the cheapest
words; an English word never split. Pure, but for the Spider schemas' names (``../shared``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ask.context.folded_names import is_word, split, unfold
from ask.context.refusal import assess, english
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.vocabulary import name_parts, name_words

SPIDER = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets" / "spider"


@pytest.mark.parametrize("word,parts", [
    ("isbillable", ("is", "billable")), ("leadattorneyid", ("lead", "attorney", "id")),
    ("hoursbilled", ("hours", "billed")), ("tbldelivery", ("tbl", "delivery")), ("custname", ("cust", "name")),
    ("orderdt", ("order", "dt")), ("empno", ("emp", "no")), ("subscriberid", ("subscriber", "id")),
    ("hasparking", ("has", "parking")), ("orderamt", ("order", "amt")), ("prodcd", ("prod", "cd")),
    # the commoner words win: "practice area id", not "practice are aid"; "create date", not "created ate"
    ("practiceareaid", ("practice", "area", "id")), ("createdate", ("create", "date")),
    ("releasedate", ("release", "date")), ("gradedon", ("graded", "on")), ("callsign", ("call", "sign")),
    ("codeshare", ("code", "share")), ("headsign", ("head", "sign")), ("therapistid", ("therapist", "id")),
    # Access/VB type prefixes (Leszynski/Reddick): a column's type, a table's kind, no word of it
    ("ysnactive", ("ysn", "active")), ("dtmreceived", ("dtm", "received")), ("lngdonorid", ("lng", "donor", "id")),
    ("snghours", ("sng", "hours")), ("tlkpcategory", ("tlkp", "category")), ("strfirstname", ("str", "first", "name")),
])
def test_a_run_together_name_splits_into_its_likeliest_words(word: str, parts: tuple[str, ...]) -> None:
    assert split(word, english()) == parts


@pytest.mark.parametrize("word", [
    # English words, inflections, derived and proper nouns: "therapist" is no "the rapist"
    "therapist", "notes", "season", "coupon", "refund", "perpetrator", "donator", "payable", "chargeable",
    "rotable", "bluetooth", "keyword", "login", "overpayments", "multiracial",
    # words that begin as a type prefix does
    "strength", "interest", "intake", "currency", "database",
    # a long word misspelt by one letter is no compound ("app elation", "loc at on")
    "appelation", "locaton", "descriptrion",
])
def test_a_word_stays_whole(word: str) -> None:
    assert unfold(word, english()) == (word,)


@pytest.mark.skipif(not (SPIDER / "tables.json").exists(), reason="../shared/datasets is absent")
def test_no_english_word_of_a_spider_schema_is_split() -> None:
    # every name of the Spider schemas but the frozen odd half of dev: a part that is an English
    # word stays whole, and the splits made are these (each read by hand)
    frozen = set((SPIDER / "dev_db_ids.txt").read_text().split()[1::2])
    splits = {}
    for schema in json.loads((SPIDER / "tables.json").read_text()):
        if schema["db_id"] in frozen:
            continue
        for name in (*schema["table_names_original"], *(c for _, c in schema["column_names_original"][1:])):
            for part in name_parts(name):
                parts = split(part, english())
                assert len(parts) == 1 or not is_word(part, english()), (name, part, parts)
                if len(parts) > 1:
                    splits[part] = " ".join(parts)
    assert splits == {
        "actid": "act id", "amenid": "amen id", "bandmate": "band mate", "callsign": "call sign",
        "checkin": "check in", "codeshare": "code share", "countrylanguage": "country language",
        "createdate": "create date", "custid": "cust id", "datetime": "date time", "dormid": "dorm id",
        "firstname": "first name", "gradeconversion": "grade conversion", "gradepoint": "grade point",
        "highlow": "high low", "hiredate": "hire date", "jobcode": "job code", "keyphrase": "key phrase",
        "lastname": "last name", "lettergrade": "letter grade", "partitionid": "partition id",
        "releasedate": "release date", "stuid": "stu id", "tracklists": "track lists", "useracct": "user acct",
        "votedby": "voted by", "yearid": "year id"}


# A law firm's tables created unquoted in PascalCase (IsBillable, LeadAttorneyID), as stored.
ATTORNEY = Table("public", "attorney", (Column("attorneyid", "integer", False), Column("firstname", "text"),
                                        Column("lastname", "text"), Column("standardrate", "numeric(7,2)")),
                 ("attorneyid",))
MATTER = Table("public", "matter", (Column("matterid", "integer", False), Column("mattername", "text"),
                                    Column("leadattorneyid", "integer"), Column("openeddate", "date")),
               ("matterid",), (ForeignKey(("leadattorneyid",), "public", "attorney", ("attorneyid",)),))
ENTRY = Table("public", "timeentry", (Column("entryid", "integer", False), Column("matterid", "integer"),
                                      Column("attorneyid", "integer"), Column("workdate", "date"),
                                      Column("hoursbilled", "numeric(4,1)", comment="hours worked, in tenths of an hour"),
                                      Column("isbillable", "boolean")), ("entryid",),
              (ForeignKey(("matterid",), "public", "matter", ("matterid",)),
               ForeignKey(("attorneyid",), "public", "attorney", ("attorneyid",))))
FIRM = SchemaContext("firm", "analyst", ("public",), (ATTORNEY, MATTER, ENTRY))


def test_a_folded_name_is_read_by_its_words() -> None:
    assert name_words("leadattorneyid") == ("lead", "attorney", "id")
    assert name_words("isbillable") == ("is", "billable")


@pytest.mark.parametrize("question,sql", [
    ("total billable hours last month", "SELECT sum(timeentry.hoursbilled) FROM timeentry WHERE timeentry.isbillable "
     "AND timeentry.workdate >= date_trunc('month', current_date) - interval '1 month' "
     "AND timeentry.workdate < date_trunc('month', current_date)"),
    ("how many non-billable entries", "SELECT count(*) FROM timeentry WHERE NOT timeentry.isbillable"),
])
def test_a_boolean_said_by_its_word(question: str, sql: str) -> None:
    reading = read_question(question, FIRM)
    assert reading is not None and reading.sql == sql
    assert assess(question, FIRM, ()) is None


# A pantry's volunteers in an Access database upsized unquoted: type-prefixed names, folded.
VOLUNTEER = Table("public", "tblvolunteer", (Column("lngvolunteerid", "integer", False), Column("strfirstname", "text"),
                                             Column("ysnactive", "boolean"), Column("dtmjoined", "date")),
                  ("lngvolunteerid",))
SHIFT = Table("public", "tblshift", (Column("lngshiftid", "integer", False), Column("lngvolunteerid", "integer"),
                                     Column("dtmshiftdate", "date"), Column("snghours", "real")), ("lngshiftid",),
              (ForeignKey(("lngvolunteerid",), "public", "tblvolunteer", ("lngvolunteerid",)),))
PANTRY = SchemaContext("pantry", "analyst", ("public",), (VOLUNTEER, SHIFT))


@pytest.mark.parametrize("question,sql", [
    ("how many active volunteers", "SELECT count(*) FROM tblvolunteer WHERE tblvolunteer.ysnactive"),
    ("total hours", "SELECT sum(tblshift.snghours) FROM tblshift"),
])
def test_a_type_prefixed_name_is_read_by_the_words_after_its_prefix(question: str, sql: str) -> None:
    reading = read_question(question, PANTRY)
    assert reading is not None and reading.sql == sql, reading
