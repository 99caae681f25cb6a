"""Where the schema's names hold the question's word but the reader did not see it, or a worse
match won (issue 18, place22): an abbreviation spelt out to the singular the question's words
are compared in (``trtmt_stat_cd``: "status"), a two-letter part read only as a compound's
initials (``st`` is no "spent"), an English word cut short inside an abbreviated name
(``sale_disc_amt``: "discounts") and a noun the lexicon lacks ("vaccinations": ``vacc``), the
last word of a prefixed table's name though other tables' foreign keys spell it
(``service_connections``: "connections"), a unit said after a stored value (``anml_wt_kg``),
and a table's name of several words over a shorter spelling inside it ("main breaks", not the
"main" of a column's description), a count column by the plural it counts (``households_out``),
no word a description says the rows lack ("properties left without water"), and a participle
ranking by the count its noun names ("most cited": ``citations``).

Pure: hand-made schema contexts (a livestock farm's ERP, a water network) nobody tuned on."""

from __future__ import annotations

import pytest

from ask.context.related_words import abbreviates, compound_initials
from ask.context.refusal import english
from ask.schema import Column, SchemaContext, Table
from ask.translate.sketch.names import abbreviated_names, comment_spellings, name_index
from tests.sketch_cases import fk, read_on

PENS = Table("public", "frm_pen", (Column("pen_id", "integer", False), Column("pen_nm", "text"),
                                   Column("pen_st_cd", "character(2)")), ("pen_id",))
ANIMALS = Table("public", "frm_anml", (Column("anml_id", "integer", False), Column("pen_id", "integer"),
                                       Column("anml_tag_no", "text"), Column("breed", "text"),
                                       Column("anml_wt_kg", "numeric(5,1)")),
                ("anml_id",), (fk("pen_id", "frm_pen"),))
TREATMENTS = Table("public", "frm_trtmt", (Column("trtmt_id", "integer", False), Column("anml_id", "integer"),
                                         Column("trtmt_stat_cd", "character(3)"), Column("trtmt_dt", "date")),
                   ("trtmt_id",), (fk("anml_id", "frm_anml"),))
SALES = Table("public", "frm_sale", (Column("sale_id", "integer", False), Column("anml_id", "integer"),
                                     Column("sale_amt", "numeric(9,2)"), Column("sale_disc_amt", "numeric(9,2)")),
              ("sale_id",), (fk("anml_id", "frm_anml"),))
SHOTS = Table("public", "frm_vacc", (Column("vacc_id", "integer", False), Column("anml_id", "integer"),
                                     Column("vacc_nm", "text"), Column("vacc_dt", "date")),
              ("vacc_id",), (fk("anml_id", "frm_anml"),))
FARM = SchemaContext("db", "analyst", ("public",), (PENS, ANIMALS, TREATMENTS, SALES, SHOTS))

ACCOUNTS = Table("public", "accounts", (Column("account_id", "integer", False), Column("name", "text")),
                 ("account_id",))
CONNECTIONS = Table("public", "service_connections", (Column("connection_id", "integer", False),
                                                      Column("account_id", "integer"), Column("town", "text")),
                    ("connection_id",), (fk("account_id", "accounts"),))
METERS = Table("public", "meters", (Column("meter_id", "integer", False), Column("connection_id", "integer"),
                                    Column("serial", "text")),
               ("meter_id",), (fk("connection_id", "service_connections"),))
PAPERS = Table("public", "papers", (Column("paper_id", "integer", False), Column("title", "text"),
                                    Column("citations", "integer"), Column("cites_per_year", "numeric")),
               ("paper_id",))
CITIES = Table("public", "city", (Column("city_id", "integer", False), Column("name", "text"),
                                  Column("population", "integer")), ("city_id",))
BREAKS = Table("public", "main_breaks", (Column("break_id", "integer", False), Column("zone", "text"),
                                        Column("install_yr", "integer", comment="year the main was laid"),
                                        Column("households_out", "integer")),
               ("break_id",))
NETWORK = SchemaContext("db", "analyst", ("public",), (ACCOUNTS, CONNECTIONS, METERS, BREAKS))


@pytest.mark.parametrize("schema,question,sql", [
    # ``trtmt_stat_cd`` spells "status", not the pen's ``pen_st_cd`` (a state)
    (FARM, "treatments by status",
     "SELECT frm_trtmt.trtmt_stat_cd, count(*) FROM frm_trtmt GROUP BY frm_trtmt.trtmt_stat_cd"),
    # "disc" is an English word, but cut short in a name the schema abbreviates
    (FARM, "total discounts", "SELECT sum(frm_sale.sale_disc_amt) FROM frm_sale"),
    # "vaccinations" is no word of the lexicon; "vaccine" is
    (FARM, "how many vaccinations", "SELECT count(*) FROM frm_vacc"),
    # meters.connection_id refers to service_connections: no other table's "connection"
    (NETWORK, "connections by town",
     "SELECT service_connections.town, count(*) FROM service_connections GROUP BY service_connections.town"),
    # "main breaks" is the table's name; "main" alone is only a word of install_yr's description
    (NETWORK, "zones with over 20 main breaks",
     "SELECT main_breaks.zone, count(*) FROM main_breaks GROUP BY main_breaks.zone HAVING count(*) > 20"),
    # households_out counts households: said by the plural alone
    (NETWORK, "main breaks with over 100 households",
     "SELECT main_breaks.break_id FROM main_breaks WHERE main_breaks.households_out > 100"),
    (NETWORK, "accounts with more than 2 connections",
     "SELECT accounts.name, count(*) FROM accounts JOIN service_connections ON service_connections.account_id = "
     "accounts.account_id GROUP BY accounts.account_id, accounts.name HAVING count(*) > 2"),
])
def test_the_names_word_is_found(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql


@pytest.mark.parametrize("schema,question,sql", [
    (SchemaContext("db", "analyst", ("public",), (PAPERS,)), "3 most cited papers",
     "SELECT papers.title, papers.citations FROM papers ORDER BY papers.citations DESC NULLS LAST LIMIT 3"),
    (SchemaContext("db", "analyst", ("public",), (CITIES,)), "the most populated city",
     "SELECT city.name, city.population FROM city ORDER BY city.population DESC NULLS LAST LIMIT 1"),
])
def test_a_participle_names_the_count_of_its_noun(schema: SchemaContext, question: str, sql: str) -> None:
    assert read_on(schema, question, []) == sql


def test_a_unit_after_a_value_names_its_tables_column() -> None:
    # no table is named, but the breed is the animals': their one column kept in kg
    assert read_on(FARM, "angus over 500 kg", [("frm_anml", "breed", "Angus")]) == (
        "SELECT frm_anml.anml_tag_no FROM frm_anml WHERE frm_anml.breed = 'Angus' AND frm_anml.anml_wt_kg > 500")


def test_two_letters_abbreviate_only_a_compounds_initials() -> None:
    # "st" keeps the letters of status, state, street, spent and shot alike: no word of them
    index = FARM.derived("sketch.names", name_index)
    assert abbreviated_names(["spent", "shot", "street"], index, FARM) == ["spent", "shot", "street"]
    assert abbreviates("st", "spent", english())    # by its letters alone it would
    assert not compound_initials("st", "spent", english())
    assert compound_initials("dl", "download", english())


def test_what_a_description_says_its_rows_lack_names_nothing() -> None:
    spelt = comment_spellings("properties left without water")
    assert ("property",) in spelt and ("water",) not in spelt
    assert ("site",) not in comment_spellings("estimated, not read on site")


def test_a_plain_names_english_word_is_not_cut_short() -> None:
    # main_breaks abbreviates nothing: "maintenance" is no "main"
    index = NETWORK.derived("sketch.names", name_index)
    assert abbreviated_names(["maintenance"], index, NETWORK) == ["maintenance"]
