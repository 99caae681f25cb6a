"""Names cut short that keep two vowels (``subcon``, ``prereq``, ``indep_year``) and the clipped
words people say ("subs", "techs", "reps"), read onto the schema's own names
(ask.translate.sketch.names.abbreviated_names, ask.context.folded_names): the word of the
English list a part begins, and a clipped word only where a table's name holds its full word.
Pure: hand-made tables after Spider training schemas (college_2, machine_repair) and a
builder's legacy names; a made-up word and a clipped word with no table to name stay unread."""

from __future__ import annotations

import pytest

from ask.context import folded_names
from ask.context.refusal import english
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

COURSE = Table("public", "course", (Column("course_id", "text", False), Column("title", "text"),
                                    Column("credits", "integer")), ("course_id",))
PREREQ = Table("public", "prereq", (Column("course_id", "text", False), Column("prereq_id", "text", False)),
               ("course_id", "prereq_id"), (ForeignKey(("course_id",), "public", "course", ("course_id",)),))
COLLEGE = SchemaContext("college", "analyst", ("public",), (COURSE, PREREQ))

TECHNICIAN = Table("public", "technician", (Column("technician_id", "integer", False), Column("name", "text"),
                                            Column("team", "text"), Column("age", "integer")), ("technician_id",))
REPAIRS = SchemaContext("repairs", "analyst", ("public",), (TECHNICIAN,))

SUBCON = Table("public", "subcon", (Column("sub_cd", "text", False), Column("sub_nm", "text"),
                                    Column("lic_exp_dt", "date")), ("sub_cd",))
BID = Table("public", "bid", (Column("bid_no", "integer", False), Column("sub_cd", "text"),
                              Column("bid_amt", "numeric(12,2)")), ("bid_no",),
            (ForeignKey(("sub_cd",), "public", "subcon", ("sub_cd",)),))
BUILDER = SchemaContext("builder", "analyst", ("public",), (SUBCON, BID))


@pytest.mark.parametrize("schema,question,sql", [
    # a table's name cut short with two vowels, read by the word it begins
    (COLLEGE, "how many prerequisites are there", "SELECT count(*) FROM prereq"),
    (BUILDER, "number of bids per subcontractor",
     "SELECT subcon.sub_nm, count(*) FROM bid JOIN subcon ON bid.sub_cd = subcon.sub_cd "
     "GROUP BY subcon.sub_cd, subcon.sub_nm"),
    # a clipped word where a table's name holds its full word, whole or cut short
    (REPAIRS, "average age of techs", "SELECT avg(technician.age) FROM technician"),
    (BUILDER, "list all subs", "SELECT subcon.sub_nm FROM subcon"),
    # sub_cd's "sub" is the subcontractor there, no word it begins ("submitted")
    (BUILDER, "top 3 subs by number of bids submitted",
     "SELECT subcon.sub_nm, count(*) FROM bid JOIN subcon ON bid.sub_cd = subcon.sub_cd "
     "GROUP BY subcon.sub_cd, subcon.sub_nm ORDER BY count(*) DESC LIMIT 3"),
])
def test_clipped_names_and_words_read_as_the_table(schema: SchemaContext, question: str, sql: str) -> None:
    reading = read_question(question, schema)
    assert reading is not None, question
    assert reading.sql == sql
    assert reading.coverage >= 0.8


@pytest.mark.parametrize("schema,question", [
    (REPAIRS, "list all subs"),                 # no table holds subcontractor, subscriber ...
    (BUILDER, "average age of techs"),          # no technician here
    (BUILDER, "list all subconzors"),           # a made-up word begins no listed word
])
def test_no_table_to_name_reads_nothing(schema: SchemaContext, question: str) -> None:
    assert read_question(question, schema) is None


@pytest.mark.parametrize("part,pieces", [
    ("subcon", ("subcon",)),        # cut short from subcontractor: no "sub con"
    ("netkg", ("net", "kg")),       # a compound of a word and a unit stays split
    ("dormid", ("dorm", "id")),
])
def test_a_clipped_part_is_no_compound(part: str, pieces: tuple[str, ...]) -> None:
    assert folded_names.unfold(part, english()) == pieces


INSPECTION = Table("public", "insp", (Column("insp_no", "integer", False), Column("insp_dt", "date"),
                                      Column("insp_typ", "text")), ("insp_no",))
INSPECTIONS = SchemaContext("inspections", "analyst", ("public",), (INSPECTION,))


def test_a_tables_number_is_no_word_before_of() -> None:
    # insp_no is "insp number", never "insp of": "inspections of each type" groups by type alone
    reading = read_question("how many inspections of each type", INSPECTIONS)
    assert reading is not None
    assert reading.sql == "SELECT insp.insp_typ, count(*) FROM insp GROUP BY insp.insp_typ"
