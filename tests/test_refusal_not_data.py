"""Questions no stored row answers though they name the schema's own things: a cause ("why"), a
forecast or what-if, advice, the schema itself, SQL inside the question; and the writes said
with a word that is usually a noun ("end", "flag"). Refused before any model with a SQLSTATE
and a HINT that says why.

Written on a hand-made veterinary clinic's schema and a farm's (the rules were written from
eval/refusal_dev4.jsonl over the dev12..dev19 schemas, neither of which is a clinic or a farm),
with the look-alikes each rule must leave alone.
"""

from __future__ import annotations

import pytest

from ask.context.refusal import Refusal, assess, unknown_names
from ask.context.value_linking import link_values
from ask.errors import DataChangeRequested, QuestionNotAnswerable
from ask.schema import Column, ForeignKey, SchemaContext, Table
from tests.test_refusal import DEMO


def _fk(column: str, table: str, key: str | None = None) -> ForeignKey:
    return ForeignKey((column,), "public", table, (key or column,))


CLINIC = SchemaContext("clinic", "reader", ("public",), (
    Table("public", "owners", (Column("owner_id", "integer"), Column("full_name", "text"),
                               Column("city", "text")), ("owner_id",)),
    Table("public", "pets", (Column("pet_id", "integer"), Column("owner_id", "integer"),
                             Column("name", "text"), Column("species", "text", values=("Dog", "Cat", "Rabbit")),
                             Column("weight_kg", "numeric(5,1)"), Column("born_on", "date")),
          ("pet_id",), (_fk("owner_id", "owners"),)),
    Table("public", "vets", (Column("vet_id", "integer"), Column("full_name", "text"),
                             Column("hired_on", "date")), ("vet_id",)),
    Table("public", "visit_status", (Column("status_cd", "text"), Column("status_desc", "text")),
          ("status_cd",)),
    Table("public", "visits", (Column("visit_id", "integer"), Column("pet_id", "integer"),
                               Column("vet_id", "integer"), Column("status_cd", "text"),
                               Column("visited_on", "date"), Column("fee", "numeric(8,2)")),
          ("visit_id",), (_fk("pet_id", "pets"), _fk("vet_id", "vets"), _fk("status_cd", "visit_status"))),
    # a date that records the future: "which vaccinations will be due next month" is its data
    Table("public", "vaccinations", (Column("vacc_id", "integer"), Column("pet_id", "integer"),
                                     Column("vaccine", "text"), Column("given_on", "date"),
                                     Column("due_on", "date", comment="when the booster is due")),
          ("vacc_id",), (_fk("pet_id", "pets"),)),
    Table("public", "invoices", (Column("invoice_id", "integer"), Column("visit_id", "integer"),
                                 Column("amount", "numeric(8,2)"), Column("paid", "boolean")),
          ("invoice_id",), (_fk("visit_id", "visits"),)),
))

# A farm whose own names spell the words the rules key on: fields, a yield forecast, an index.
FARM = SchemaContext("farm", "reader", ("public",), (
    Table("public", "fields", (Column("field_id", "integer"), Column("name", "text"),
                               Column("hectares", "numeric(6,1)")), ("field_id",)),
    Table("public", "yield_forecast", (Column("field_id", "integer"), Column("season", "integer"),
                                       Column("tonnes", "numeric(8,1)"), Column("soil_index", "numeric(4,1)")),
          ("field_id", "season"), (_fk("field_id", "fields"),)),
))


def refusal(question: str, schema: SchemaContext = CLINIC) -> Refusal | None:
    return assess(question, schema, link_values(" ".join(question.split()), schema))


@pytest.mark.parametrize("question, kind", [
    ("why did visits drop in March", "cause"),
    ("how come cats visit less often than dogs", "cause"),
    ("predict how many visits we get next week", "future"),
    ("forecast next quarter's invoice amounts", "future"),
    ("which pets are likely to get sick", "future"),
    ("what if we raised every fee by 10%", "future"),
    ("how much would we invoice if we hired two more vets", "future"),
    ("which owners will move away next year", "future"),
    ("will the clinic be busier in summer", "future"),
    ("should we hire another vet", "advice"),
    ("which vets should we promote", "advice"),
    ("would you recommend raising the fees", "advice"),
    ("is it worth opening on Sundays", "advice"),
    ("how can we keep more owners coming back", "advice"),
    ("do you think our fees are too high", "advice"),
    ("what is a reasonable fee for a dental visit", "advice"),
    ("what does status_cd mean", "about_schema"),
    ("what does the fee column stand for", "about_schema"),
    ("which tables does this database have", "about_schema"),
    ("how many columns does the pets table have", "about_schema"),
    ("what is the data type of weight_kg", "about_schema"),
    ("what is the primary key of visits", "about_schema"),
    ("describe the vets table", "about_schema"),
    ("what is the vacc_id column used for", "about_schema"),
    ("list the pets UNION SELECT usename, passwd FROM pg_shadow", "statement"),
    ("how many vets; SELECT pg_sleep(10)", "statement"),
    ("pets named ' OR '1'='1", "statement"),
    ("JOIN ON USING", "statement"),
    ("GROUP BY HAVING", "statement"),
])
def test_what_no_row_answers_is_refused_with_a_hint(question: str, kind: str) -> None:
    found = refusal(question)
    assert found is not None and found.kind == kind, (question, found)
    error = found.error()
    assert type(error) is QuestionNotAnswerable and error.sqlstate == "42000"
    assert error.hint and found.words[0].lower() in error.hint.lower()


@pytest.mark.parametrize("question", [
    "visits per vet last month",
    "average weight of dogs",
    "what is the mean fee per visit",                       # "mean" the average
    "list the visit status codes and what they mean",       # a table of codes holds the meanings
    "which vaccinations will be due next month",            # a date column records it
    "how do I see the visits per vet",                      # how to read, not what to do
    "would you please show me the fees per vet",
    "I would appreciate it if you listed the owners by city",
    "how did we do last month on invoices",
    "will you show me the visits per vet",
    "end date of each vaccination",                         # no write: "end" a noun
    "book value of the visits per vet",
    "schedule of visits per vet",
    "owners with more than 2 pets; show their city too",
    "pets BY owner",                                        # a capitalised keyword among words
])
def test_look_alikes_are_answered(question: str) -> None:
    found = refusal(question)
    assert found is None or found.kind not in ("cause", "future", "advice", "about_schema", "statement",
                                               "write"), (question, found)


def test_the_schemas_own_words_are_its_data() -> None:
    # a farm with a forecast table, a table of fields and an index column
    for question in ("yield forecast per field for next season", "which fields have the most hectares",
                     "average soil index of the fields"):
        assert refusal(question, FARM) is None, question
    # a clinic has none of them
    assert refusal("yield forecast per field", CLINIC) is not None


USAGE = SchemaContext("usage", "reader", ("public",), (
    Table("public", "usage_records", (Column("record_id", "integer"), Column("usage_type", "text", values=(
        "data", "call", "sms")), Column("contact_role", "text", values=("primary", "backup")),
                                      Column("mb", "numeric(9,2)")), ("record_id",)),
))


def test_a_structure_phrase_of_the_schemas_own_words_is_data() -> None:
    # "data" is a stored usage type and "type" a column's word: a question of the rows
    found = refusal("how many usage records are of data type", USAGE)
    assert found is None or found.kind != "about_schema", found
    # one stored word ("primary") does not make "primary key" the data's
    found = refusal("what is the primary key of usage_records", USAGE)
    assert found is not None and found.kind == "about_schema"


def test_a_future_event_the_schema_records_is_answered_only_with_its_date() -> None:
    found = refusal("which boosters will expire next month")
    # "expire" is no word of due_on or its comment: refused; "due" is
    assert found is not None and found.kind == "future"
    assert refusal("which vaccinations will be due next month") is None


@pytest.mark.parametrize("question", [
    "end Tom Baker's plan today", "flag every unpaid invoice as paid", "tag the oldest pets as senior",
    "book a visit for Rex on Monday", "record that the cat was vaccinated today", "hire a new vet",
    "verify all the vets in Leeds", "activate every owner's account", "disable the oldest reminders",
])
def test_a_write_said_with_a_noun_first_word_is_refused(question: str) -> None:
    found = refusal(question)
    assert found is not None and found.kind == "write", found
    assert isinstance(found.error(), DataChangeRequested) and found.error().sqlstate == "42501"


def test_a_judgement_word_the_schema_spells_is_data() -> None:
    donated = SchemaContext("gifts", "reader", ("public",), (
        Table("public", "gifts", (Column("gift_id", "integer"), Column("value", "numeric(8,2)",
                                  comment="fair market value, for the tax receipt")), ("gift_id",)),))
    assert refusal("fair market value of every gift", donated) is None


def test_advice_is_no_write() -> None:
    # "should we raise" asks for advice: refused as advice (42000), not as a write (42501)
    found = refusal("should we raise the fee for cats")
    assert found is not None and found.kind == "advice"


def test_the_demo_schema() -> None:
    assert refusal("why did revenue fall in March", DEMO).kind == "cause"          # type: ignore[union-attr]
    assert refusal("which tables are there", DEMO).kind == "about_schema"          # type: ignore[union-attr]
    assert refusal("revenue by month", DEMO) is None
    assert refusal("top 5 products by revenue; show the brand too", DEMO) is None


def test_names_nobody_knows() -> None:
    # what a reading may not leave unplaced (planner: an unsure model's reading)
    assert unknown_names("average fee of visits by Hogwarts owners", CLINIC) == {"hogwarts"}
    assert unknown_names("average weight of pets with an ACL injury", CLINIC) == {"acl"}
    # a stored value, a capitalised English word, a schema word, an acronym of the schema's words
    assert unknown_names("average weight of Rabbit pets", CLINIC) == frozenset()
    assert unknown_names("visits of French owners", CLINIC) == frozenset()
    assert unknown_names("average fee of Visits by vet", CLINIC) == frozenset()
    assert unknown_names("pets per VI", CLINIC) == frozenset()           # too short
    assert unknown_names("owners and their FNs", CLINIC) == frozenset()  # full_name
