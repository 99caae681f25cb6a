"""Names a schema abbreviates in its own way (``lstnr_cnt``, ``brdcst``, ``live_flg``), read from
the question's English words by the letters the abbreviation keeps
(ask.translate.sketch.names.abbreviated_names): no list of abbreviations, only the schema's own
names; and a stored status said by its participle ("failed": 'Fail'), unless the participle names
a date. Pure: hand-made terse schemas, a style no other test uses."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch, link_values
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.context.refusal import english
from ask.context.related_words import abbreviates
from ask.translate.sketch.related_names import amount_heads

STATION = Table("public", "stn", (Column("stn_id", "integer", False), Column("stn_nm", "text"),
                                  Column("city", "text")), ("stn_id",))
BROADCAST = Table("public", "brdcst", (Column("brdcst_id", "integer", False), Column("stn_id", "integer"),
                                       Column("air_dt", "date"), Column("lstnr_cnt", "integer"),
                                       Column("live_flg", "boolean"), Column("spnsr_amt", "numeric(9,2)")),
                  ("brdcst_id",), (ForeignKey(("stn_id",), "public", "stn", ("stn_id",)),))
APPLICANT = Table("public", "parcel", (Column("parcel_id", "integer", False), Column("apn", "text"),
                                       Column("owner_nm", "text")), ("parcel_id",))
CONTRACT = Table("public", "grower", (Column("id", "integer", False), Column("grower_nm", "text"),
                                      Column("start", "date"), Column("end", "date")), ("id",))
SCHEMA = SchemaContext("db", "analyst", ("public",), (STATION, BROADCAST))


@pytest.mark.parametrize("question,sql", [
    # "listeners" is what lstnr_cnt counts: summed, grouped by the station's name
    ("total listeners", "SELECT sum(brdcst.lstnr_cnt) FROM brdcst"),
    ("listeners by station", "SELECT stn.stn_nm, sum(brdcst.lstnr_cnt) FROM brdcst JOIN stn ON brdcst.stn_id = "
     "stn.stn_id GROUP BY stn.stn_id, stn.stn_nm"),
    # a table by its abbreviated name, a yes/no column by its word before "flg"
    ("how many live broadcasts", "SELECT count(*) FROM brdcst WHERE brdcst.live_flg"),
    # an amount by its word before "amt"
    ("average sponsor per broadcast", "SELECT avg(brdcst.spnsr_amt) FROM brdcst"),
])
def test_english_words_read_as_the_schemas_abbreviations(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None, question
    assert reading.sql == sql
    assert reading.coverage >= 0.75


@pytest.mark.parametrize("part,word,expected", [
    ("plcmt", "placement", True),   # the first letter, then the consonants
    ("actv", "active", True),
    ("ssn", "season", True),
    ("occ", "occupation", True),    # the first three letters
    ("dl", "download", True),       # the initials of the English words it is made of
    ("hq", "headquarters", True),
    ("apn", "application", False),  # an initialism of other words keeps too few of these letters
    ("dl", "delivery", False),
    ("stn", "st", False),           # never longer than, or as long as, the word
])
def test_what_an_abbreviation_keeps_of_a_word(part: str, word: str, expected: bool) -> None:
    assert abbreviates(part, word, english()) is expected


def test_an_initialism_or_an_inflection_is_no_abbreviation() -> None:
    # "applications" is not apn (assessor parcel number); "ended" is the verb of "end", which
    # the reader already reads as the end date
    schema = SchemaContext("db", "analyst", ("public",), (APPLICANT, CONTRACT))
    reading = read_question("how many parcel applications", schema)
    assert reading is None or "apn" not in reading.sql
    ended = read_question("growers whose contract ended", schema)
    assert ended is None or "grower.apn" not in ended.sql


def test_a_columns_name_without_its_amount_word() -> None:
    assert amount_heads(("fine", "amt")) == (("fine",),)
    assert amount_heads(("assessed", "value")) == (("assessed",),)
    assert amount_heads(("dl", "cnt")) == (("dl",),)
    assert amount_heads(("fine",)) == ()


RESULT = Table("public", "inspection", (Column("id", "integer", False), Column("insp_ttl", "text"),
                                        Column("result", "text", values=("Pass", "Fail")),
                                        Column("done_on", "date")), ("id",))
PERMIT = Table("public", "permit", (Column("id", "integer", False), Column("permit_ttl", "text"),
                                    Column("status", "text", values=("Issued", "Expired")),
                                    Column("issued_date", "date")), ("id",))
TICKET = Table("public", "ticket", (Column("id", "integer", False), Column("state", "text", values=("Open", "Closed")),
                                    Column("opened_at", "timestamp")), ("id",))


def _links(question: str, schema: SchemaContext) -> list[ValueMatch]:
    return link_values(question, schema)


def test_a_participle_links_to_the_status_stored_as_its_verb() -> None:
    schema = SchemaContext("db", "analyst", ("public",), (RESULT,))
    links = _links("how many failed inspections", schema)
    assert [(m.column, m.value, m.exact) for m in links] == [("result", "Fail", True)]
    reading = read_question("how many failed inspections", schema, links)
    assert reading is not None and reading.sql == "SELECT count(*) FROM inspection WHERE inspection.result = 'Fail'"


def test_a_participle_that_names_a_date_is_no_status() -> None:
    # "opened" is when opened_at says, not the state 'Open'
    schema = SchemaContext("db", "analyst", ("public",), (TICKET,))
    assert _links("how many tickets were opened", schema) == []


def test_a_participle_before_a_period_names_the_date_not_the_status() -> None:
    schema = SchemaContext("db", "analyst", ("public",), (PERMIT,))
    question = "how many permits were issued this year"
    reading = read_question(question, schema, _links(question, schema))
    assert reading is not None
    assert reading.sql == ("SELECT count(*) FROM permit WHERE permit.issued_date >= date_trunc('year', current_date)")


def test_an_abbreviated_title_names_the_rows() -> None:
    schema = SchemaContext("db", "analyst", ("public",), (RESULT,))
    reading = read_question("list inspections", schema)
    assert reading is not None and reading.sql == "SELECT inspection.insp_ttl FROM inspection"


LOT = Table("public", "lot", (Column("id", "integer", False), Column("zone", "text", values=("R-1", "C-1"),
                                                                  comment="R-1 single family, C-1 commercial")),
            ("id",))
KIND = Table("public", "permit_kind", (Column("id", "integer", False),
                                       Column("kind_nm", "text", values=("Building", "Electrical"))), ("id",))
CHECKER = Table("public", "checker", (Column("id", "integer", False), Column("checker_nm", "text"),
                                      Column("trade", "text", values=("Building", "Electrical"))), ("id",))
FILED = Table("public", "filing", (Column("id", "integer", False), Column("kind_id", "integer")), ("id",),
              (ForeignKey(("kind_id",), "public", "permit_kind", ("id",)),))
VISIT = Table("public", "visit", (Column("id", "integer", False), Column("filing_id", "integer"),
                                  Column("checker_id", "integer")), ("id",),
              (ForeignKey(("filing_id",), "public", "filing", ("id",)),
               ForeignKey(("checker_id",), "public", "checker", ("id",))))


def test_a_code_with_a_hyphen_is_read_from_its_description() -> None:
    schema = SchemaContext("db", "analyst", ("public",), (LOT,))
    question = "how many commercial lots"
    reading = read_question(question, schema, _links(question, schema))
    assert reading is not None and reading.sql == "SELECT count(*) FROM lot WHERE lot.zone = 'C-1'"


def test_a_value_stored_twice_is_the_one_a_foreign_key_from_the_table_beside_it() -> None:
    # 'Building' is a filing's kind and a checker's trade; "building filings" means the kind
    schema = SchemaContext("db", "analyst", ("public",), (KIND, CHECKER, FILED, VISIT))
    question = "how many building filings"
    reading = read_question(question, schema, _links(question, schema))
    assert reading is not None
    assert reading.sql == ("SELECT count(*) FROM filing JOIN permit_kind ON filing.kind_id = permit_kind.id "
                           "WHERE permit_kind.kind_nm = 'Building'")


FEE = Table("public", "fee", (Column("id", "integer", False), Column("filing_id", "integer"),
                              Column("fee_type", "text", values=("Filing", "Late"))), ("id",),
            (ForeignKey(("filing_id",), "public", "filing", ("id",)),))
FILING_KIND = Table("public", "filing_type", (Column("id", "integer", False), Column("type_name", "text")), ("id",))
FILING = Table("public", "filing", (Column("id", "integer", False), Column("type_id", "integer")), ("id",),
               (ForeignKey(("type_id",), "public", "filing_type", ("id",)),))


def test_a_word_after_a_table_that_spells_a_table_it_refers_to_names_that_table() -> None:
    # "type" is a fee's fee_type too; "filings by type" is the filing's type
    schema = SchemaContext("db", "analyst", ("public",), (FEE, FILING_KIND, FILING))
    question = "filings by type"
    reading = read_question(question, schema, _links(question, schema))
    assert reading is not None
    assert "GROUP BY" in reading.sql and "filing_type.type_name" in reading.sql and "fee" not in reading.sql


def test_no_value_inside_a_table_name_of_several_words() -> None:
    # 'Filing' is a fee type; "filing types" names the table, no fee
    schema = SchemaContext("db", "analyst", ("public",), (FEE, FILING_KIND, FILING))
    question = "how many filing types"
    reading = read_question(question, schema, _links(question, schema))
    assert reading is not None and reading.sql == "SELECT count(*) FROM filing_type"
