"""Names PostgreSQL folded into one word (``CREATE TABLE tbl_Voyage (DepartedDate date)``
unquoted: ``departeddate``), read by their trailing word (ask.context.folded_names.unjoined):
a ``…name`` labels a row, a ``…date`` is said by its verb, an ``…id`` is a key. Pure: a
hand-made schema in the folded SQL Server style."""

from __future__ import annotations

import pytest

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.context.folded_names import unjoined
from ask.context.refusal import english
from ask.translate.sketch.vocabulary import name_words

VESSEL = Table("public", "tbl_vessel", (Column("vesselid", "integer", False), Column("vesselname", "text"),
                                        Column("flagcountry", "text"), Column("grosstonnage", "integer")),
               ("vesselid",))
SKIPPER = Table("public", "tbl_skipper", (Column("skipperid", "integer", False), Column("firstname", "text"),
                                          Column("lastname", "text"), Column("licenseno", "text")), ("skipperid",))
VOYAGE = Table("public", "tbl_voyage", (Column("voyageid", "integer", False), Column("vesselid", "integer"),
                                        Column("skipperid", "integer"), Column("arriveddate", "date"),
                                        Column("departeddate", "date"), Column("cargotons", "numeric(8,1)"),
                                        Column("amountpaid", "numeric(10,2)")),
               ("voyageid",), (ForeignKey(("vesselid",), "public", "tbl_vessel", ("vesselid",)),
                               ForeignKey(("skipperid",), "public", "tbl_skipper", ("skipperid",))))
SHIFT = Table("public", "tbl_shift", (Column("shiftid", "integer", False), Column("skipperid", "integer"),
                                      Column("shifthours", "numeric(4,1)")), ("shiftid",),
              (ForeignKey(("skipperid",), "public", "tbl_skipper", ("skipperid",)),))
SCHEMA = SchemaContext("db", "analyst", ("public",), (VESSEL, SKIPPER, VOYAGE, SHIFT))


@pytest.mark.parametrize("part,words", [
    ("vesselname", ("vessel", "name")),
    ("policyholderid", ("policyholder", "id")),     # the head stays as a question spells it
    ("departeddate", ("departed", "date")),
    ("paidon", ("paid", "on")),                      # "on" after a participle
    ("paymentamt", ("payment", "amt")),
    ("surfacearea", ("surface", "area")),
    ("amountclaimed", ("amount", "claimed")), ("amountpaid", ("amount", "paid")),   # a leading word, an English one
    ("isofficial", ("is", "official")), ("island", ("island",)), ("hashtag", ("hashtag",)),
    # English words keep their ending; so do parts with none, heads under three letters, mixed case
    ("candidate", ("candidate",)), ("corporate", ("corporate",)), ("person", ("person",)),
    ("horizon", ("horizon",)), ("grosstonnage", ("grosstonnage",)), ("upcode", ("upcode",)),
    ("userName", ("userName",)),
])
def test_a_folded_part_splits_off_its_trailing_word(part: str, words: tuple[str, ...]) -> None:
    assert unjoined(part, english()) == words


def test_name_words_read_folded_parts_and_keep_snake_and_camel_case() -> None:
    assert name_words("tbl_vessel") == ("tbl", "vessel")
    # every piece known: unfolded (ask.context.folded_names) before any trailing-word split
    assert name_words("flagcountry") == ("flag", "country")
    assert name_words("lastname") == ("last", "name")
    assert name_words("order_lines") == ("order", "line") and name_words("OrderLines") == ("order", "line")


@pytest.mark.parametrize("question,sql", [
    # a folded ...name column labels the rows listed, not their key
    ("vessels with more than 3 voyages",
     "SELECT tbl_vessel.vesselname, count(*) FROM tbl_vessel JOIN tbl_voyage ON tbl_voyage.vesselid = "
     "tbl_vessel.vesselid GROUP BY tbl_vessel.vesselid, tbl_vessel.vesselname HAVING count(*) > 3"),
    # the verb of a folded ...date column says which date a period is on
    ("how many voyages departed last month",
     "SELECT count(*) FROM tbl_voyage WHERE tbl_voyage.departeddate >= date_trunc('month', current_date) - "
     "interval '1 month' AND tbl_voyage.departeddate < date_trunc('month', current_date)"),
    # a number of hours is what "longer" measures
    ("how many shifts were longer than average",
     "SELECT count(*) FROM tbl_shift WHERE tbl_shift.shifthours > (SELECT avg(tbl_shift.shifthours) FROM tbl_shift)"),
])
def test_folded_names_take_their_roles(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None, question
    assert reading.sql == sql


def test_folded_first_and_last_names_list_a_person() -> None:
    reading = read_question("skippers with more than 2 voyages", SCHEMA)
    assert reading is not None
    assert reading.sql.startswith("SELECT tbl_skipper.firstname, tbl_skipper.lastname, count(*)")


TERM = Table("public", "tbl_term", (Column("termid", "integer", False), Column("vesselid", "integer"),
                                    Column("effdate", "date"), Column("expdate", "date")), ("termid",),
             (ForeignKey(("vesselid",), "public", "tbl_vessel", ("vesselid",)),))
CHARTER = SchemaContext("db", "analyst", ("public",), (VESSEL, SKIPPER, VOYAGE, SHIFT, TERM))


def test_an_abbreviated_date_is_said_by_the_word_it_abbreviates() -> None:
    reading = read_question("how many terms expiring in the next 30 days", CHARTER)
    assert reading is not None and reading.sql == (
        "SELECT count(*) FROM tbl_term WHERE tbl_term.expdate >= current_date AND tbl_term.expdate < current_date + 30")
    assert not reading.uncovered


def test_events_two_keys_away_are_dated_by_their_own_date() -> None:
    # complaints refer to members through a contract: "members who filed a complaint this
    # year" dates the complaints, not the day the member joined
    member = Table("public", "tbl_member", (Column("memberid", "integer", False), Column("firstname", "text"),
                                            Column("lastname", "text"), Column("dob", "date"),
                                            Column("joindate", "date")), ("memberid",))
    contract = Table("public", "tbl_contract", (Column("contractid", "integer", False), Column("memberid", "integer"),
                                                Column("effdate", "date"), Column("expdate", "date")), ("contractid",),
                     (ForeignKey(("memberid",), "public", "tbl_member", ("memberid",)),))
    complaint = Table("public", "tbl_complaint", (Column("complaintid", "integer", False),
                                                  Column("contractid", "integer"), Column("raiseddate", "date")),
                      ("complaintid",), (ForeignKey(("contractid",), "public", "tbl_contract", ("contractid",)),))
    schema = SchemaContext("db", "analyst", ("public",), (member, contract, complaint))
    reading = read_question("how many different members filed a complaint this year", schema)
    assert reading is not None
    assert reading.sql.endswith("WHERE tbl_complaint.raiseddate >= date_trunc('year', current_date)")


def test_a_compound_the_synonym_groups_name_stays_whole_when_folded() -> None:
    """read19a's unfolding and read19b's trailing words together: "policyholder" is one word
    (policyholder / insured / customer), not "policy holder", alone or before its key."""
    assert name_words("tbl_policyholder") == ("tbl", "policyholder")
    assert name_words("policyholderid") == ("policyholder", "id")
    assert name_words("tbldelivery") == ("tbl", "delivery")
