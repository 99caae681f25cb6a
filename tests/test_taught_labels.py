"""Taught labels (ask.translate.taught_lexicon.taught_labels): the column taught SQL shows a
table's rows by, which the reader's naming (``name_column``) then uses in every question read
with the lexicon. Pure: a hand-made schema whose services are named, by the schema's own habit,
by a category code (``svc_cat_cd``) where its users list them by ``svc_desc``."""

from __future__ import annotations

from ask.context.examples import Example
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.names import name_column, taught_labels as labelled
from ask.translate.taught_lexicon import build, taught_labels

SERVICES = Table("public", "services", (Column("svc_cd", "text", False), Column("svc_desc", "text"),
                                        Column("svc_cat_cd", "text"), Column("list_price", "numeric(8,2)")),
                 ("svc_cd",))
CLINICS = Table("public", "clinics", (Column("clinic_id", "integer", False), Column("clinic_name", "text"),
                                      Column("city", "text")), ("clinic_id",))
CHARGES = Table("public", "charges", (Column("charge_id", "integer", False), Column("svc_cd", "text"),
                                      Column("clinic_id", "integer"), Column("amount", "numeric(8,2)")),
                ("charge_id",), (ForeignKey(("svc_cd",), "public", "services", ("svc_cd",)),
                                 ForeignKey(("clinic_id",), "public", "clinics", ("clinic_id",))))
SCHEMA = SchemaContext("db", "analyst", ("public",), (SERVICES, CLINICS, CHARGES))

GROSSING = Example(1, "5 highest grossing services",
                   "SELECT s.svc_desc, sum(c.amount) FROM charges c JOIN services s ON s.svc_cd = c.svc_cd "
                   "GROUP BY s.svc_desc ORDER BY sum(c.amount) DESC LIMIT 5")
PRICED = Example(2, "services priced above 100", "SELECT s.svc_desc FROM services s WHERE s.list_price > 100")


def _labels(*examples: Example) -> dict[str, str]:
    return {t: c.name for t, (_, c) in taught_labels(list(examples), SCHEMA).items()}


def test_the_column_taught_sql_shows_a_named_tables_rows_by_is_its_label() -> None:
    assert name_column(SERVICES) is SERVICES.column("svc_cat_cd")      # the schema's own guess
    assert _labels(GROSSING) == {"services": "svc_desc"}                # grouped, another table summed
    assert _labels(PRICED) == {"services": "svc_desc"}                  # listed first
    lexicon = build([GROSSING], SCHEMA)
    assert lexicon.labels["services"][1] is SERVICES.column("svc_desc") and lexicon.digest
    with labelled(lexicon.labels):
        assert name_column(SERVICES) is SERVICES.column("svc_desc")
        assert name_column(CLINICS) is CLINICS.column("clinic_name")
    assert name_column(SERVICES) is SERVICES.column("svc_cat_cd")      # only while reading with it


def test_the_reader_names_the_tables_rows_by_the_taught_label_in_other_questions() -> None:
    question = "services with a list price over 50"
    before = read_question(question, SCHEMA)
    after = read_question(question, SCHEMA, (), build([GROSSING, PRICED], SCHEMA))
    assert before is not None and "svc_cat_cd" in before.sql and "svc_desc" not in before.sql
    assert after is not None and "svc_desc" in after.sql and "svc_cat_cd" not in after.sql
    assert after.sql == before.sql.replace("svc_cat_cd", "svc_desc")


def test_a_column_the_question_names_or_a_key_of_the_table_aggregated_is_no_label() -> None:
    assert _labels(Example(3, "what category is each service in",
                           "SELECT s.svc_cat_cd FROM services s")) == {}
    assert _labels(Example(4, "charges per service category", "SELECT s.svc_cat_cd, count(*) FROM charges c "
                           "JOIN services s ON s.svc_cd = c.svc_cd GROUP BY s.svc_cat_cd")) == {}
    assert _labels(Example(5, "list prices", "SELECT s.list_price FROM services s")) == {}   # no text
    assert _labels(Example(6, "total amount", "SELECT sum(c.amount) FROM charges c")) == {}


def test_one_example_never_overrules_the_schemas_own_name_column_and_two_that_disagree_teach_nothing() -> None:
    by_city = Example(7, "list our clinics", "SELECT c.city FROM clinics c")
    again = Example(8, "clinics with charges over 500", "SELECT c.city FROM clinics c JOIN charges ch "
                    "ON ch.clinic_id = c.clinic_id WHERE ch.amount > 500")
    assert _labels(by_city) == {}                         # against clinic_name: one example is not enough
    assert _labels(by_city, again) == {"clinics": "city"}
    other = Example(9, "services listed", "SELECT s.svc_cd FROM services s")   # a key: no vote
    assert _labels(GROSSING, other) == {"services": "svc_desc"}
    disagree = Example(10, "services with a price", "SELECT s.svc_cat_cd FROM services s "
                       "WHERE s.list_price IS NOT NULL")
    assert _labels(GROSSING, disagree) == {}
