"""Terse legacy names whose meanings live in descriptions (issue 18, round abbr24): the table a
word names by its abbreviation (``vsl``: "vessels", ``trmnl``: "terminal") over a column whose
description merely uses the word ("gross tonnage of the vessel"); of two names that abbreviate a
word, the table's (``cntr`` over ``ctn_qty`` for "containers"); words a description says
together ("departure delay") kept whole; a name that spells the question's words whole
(``home_trmnl_cd``: "home terminal code") over a description holding one of them ("home");
a column's acronym alone ("nps" for ``nps_score``), and a long word by its consonants where
the acronym heads a name ("manufacturer": ``mfr_nm``).

Pure: a hand-made shipping line's schema nobody tuned on, exact SQL out."""

from __future__ import annotations

import pytest

from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.names import comment_spellings
from ask.translate.sketch.related_names import acronym_head
from tests.sketch_cases import fk


def _to_terminal(column: str) -> ForeignKey:
    return ForeignKey((column,), "public", "trmnl", ("trmnl_cd",))


TERMINALS = Table("public", "trmnl", (Column("trmnl_cd", "char(5)", False, comment="terminal code"),
                                      Column("trmnl_nm", "text"),
                                      Column("hub_ind", "boolean",
                                             comment="true for a hub (crew home and repair yard)")),
                  ("trmnl_cd",))
CLASSES = Table("public", "vsl_cls", (Column("cls_cd", "text", False), Column("mfr_nm", "text"),
                                      Column("cls_nm", "text")), ("cls_cd",))
VESSELS = Table("public", "vsl", (Column("vsl_id", "integer", False), Column("vsl_nm", "text"),
                                  Column("gt", "numeric", comment="gross tonnage of the vessel"),
                                  Column("hull_no", "integer", comment="manufacturer hull number"),
                                  Column("cls_cd", "text"), Column("home_trmnl_cd", "char(5)")),
                ("vsl_id",), (_to_terminal("home_trmnl_cd"), ForeignKey(("cls_cd",), "public", "vsl_cls", ("cls_cd",))))
VOYAGES = Table("public", "voy", (Column("voy_id", "integer", False), Column("vsl_id", "integer"),
                                  Column("dep_trmnl_cd", "char(5)"), Column("arr_trmnl_cd", "char(5)"),
                                  Column("sail_dt", "date"),
                                  Column("dly_hrs", "numeric", comment="departure delay in hours")),
                ("voy_id",), (fk("vsl_id", "vsl"), _to_terminal("dep_trmnl_cd"), _to_terminal("arr_trmnl_cd")))
CONTAINERS = Table("public", "cntr", (Column("cntr_no", "text", False), Column("voy_id", "integer"),
                                      Column("ctn_qty", "integer", comment="cartons packed"),
                                      Column("wt_kg", "numeric")),
                   ("cntr_no",), (fk("voy_id", "voy"),))
CREW = Table("public", "crew", (Column("crew_id", "integer", False), Column("first_nm", "text"),
                                Column("last_nm", "text"), Column("home_trmnl_cd", "char(5)"),
                                Column("rank_cd", "text", comment="MST master of the vessel, CO chief officer")),
             ("crew_id",), (_to_terminal("home_trmnl_cd"),))
SURVEYS = Table("public", "svy", (Column("svy_id", "integer", False), Column("voy_id", "integer"),
                                  Column("nps_score", "smallint")),
                ("svy_id",), (fk("voy_id", "voy"),))
LINE = SchemaContext("db", "analyst", ("public",), (TERMINALS, CLASSES, VESSELS, VOYAGES, CONTAINERS, CREW, SURVEYS))


def _sql(question: str) -> str:
    reading = read_question(question, LINE)
    assert reading is not None, question
    assert reading.coverage == 1.0, reading
    return reading.sql


@pytest.mark.parametrize("question,sql", [
    # "vessel" is a word of descriptions only (gross tonnage, the master's rank): the table
    # whose name abbreviates it
    ("how many vessels", "SELECT count(*) FROM vsl"),
    ("vessels by name", "SELECT vsl.vsl_nm, count(*) FROM vsl GROUP BY vsl.vsl_nm"),
    # "terminal" names trmnl though "terminal code" describes its key
    ("how many vessels per terminal", "SELECT trmnl.trmnl_nm, count(*) FROM vsl JOIN trmnl ON vsl.home_trmnl_cd = "
     "trmnl.trmnl_cd GROUP BY trmnl.trmnl_cd, trmnl.trmnl_nm"),
])
def test_a_word_only_descriptions_use_is_the_table_its_abbreviation_names(question: str, sql: str) -> None:
    assert _sql(question) == sql


def test_of_two_abbreviations_of_a_word_the_tables() -> None:
    # cntr and ctn_qty's "ctn" both keep the letters of "container": the rows are the table's
    assert _sql("how many containers") == "SELECT count(*) FROM cntr"


def test_a_long_word_by_the_consonants_of_a_names_head() -> None:
    # mfr keeps too few of "manufacturer"'s letters for an abbreviation anywhere, but it heads
    # mfr_nm (an acronym before how it is kept); the hull number's description only mentions it
    assert _sql("vessels per manufacturer") == ("SELECT vsl_cls.mfr_nm, count(*) FROM vsl JOIN vsl_cls ON vsl.cls_cd = "
                                                "vsl_cls.cls_cd GROUP BY vsl_cls.mfr_nm")


def test_words_a_description_says_together_are_not_read_apart() -> None:
    # "departure delay" is dly_hrs's description; "departure" alone would abbreviate to
    # dep_trmnl_cd's "dep"
    assert _sql("average departure delay") == "SELECT avg(voy.dly_hrs) FROM voy"


def test_a_name_spelt_whole_over_a_description_holding_one_of_its_words() -> None:
    # "home" is a word of hub_ind's description; "home terminal code" is crew.home_trmnl_cd
    sql = _sql("crew count by home terminal code")
    assert "hub_ind" not in sql
    assert sql.startswith("SELECT crew.home_trmnl_cd, count(*) FROM ") and sql.endswith("GROUP BY crew.home_trmnl_cd")


def test_a_columns_acronym_alone() -> None:
    assert _sql("average nps") == "SELECT avg(svy.nps_score) FROM svy"
    assert acronym_head("nps_score") and acronym_head("mdl_nm") and acronym_head("mrrAmount")
    assert not acronym_head("total_amount")     # an English word says no thing alone
    assert not acronym_head("acct_id")          # a key is no name of its row
    assert not acronym_head("cmpl_ts")          # completed or complaint: a time says neither
    assert not acronym_head("vacc_due_dt")
    assert not acronym_head("series_name")      # "series" made singular is no acronym


def test_a_descriptions_opening_noun_and_a_rates_time() -> None:
    # "fee charged to the client": the fee, though three letters; "GBP per year" names no year
    assert ("fee",) in comment_spellings("fee charged to the client, GBP")
    assert ("year",) not in comment_spellings("base salary offered, GBP per year")
    assert ("salary",) in comment_spellings("base salary offered, GBP per year")
    assert ("bee",) in comment_spellings("mites per 100 bees")          # per a count, not a time: kept
    assert ("fee",) not in comment_spellings("annual fee target, GBP")  # the head is the target's
    # a description's other spellings stay as they were: no lone "hours" from "funded hours per week"
    assert ("hour",) not in comment_spellings("government funded hours per week")
    assert ("week",) not in comment_spellings("government funded hours per week")
