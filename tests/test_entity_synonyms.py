"""Entities a question names by another English word than the schema does ("kids" for
``Student``, "roles" for ``vacancies``, "customers" for ``dim_account``): the reader places them
on their table and the refusal check knows them (``ask/context/related_words.py``), and the
words that are no synonym the other way round stay unplaced. Pure: hand-made schemas."""

from __future__ import annotations

import pytest

from ask.context.refusal import assess
from ask.context.related_words import synonyms
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question


def _fk(column: str, table: str, ref: str = "id") -> ForeignKey:
    return ForeignKey((column,), "public", table, (ref,))


SCHOOL = SchemaContext("db", "analyst", ("public",), (
    Table("public", "School", (Column("id", "integer", False), Column("name", "text")), ("id",)),
    Table("public", "Student", (Column("id", "integer", False), Column("schoolId", "integer"),
                                Column("firstName", "text"), Column("lastName", "text"),
                                Column("gradeLevel", "integer")), ("id",), (_fk("schoolId", "School"),)),
    Table("public", "Section", (Column("id", "integer", False), Column("schoolId", "integer"),
                                Column("subject", "text"), Column("room", "text")), ("id",),
          (_fk("schoolId", "School"),)),
))

RECRUIT = SchemaContext("db", "analyst", ("public",), (
    Table("public", "candidates", (Column("candidate_id", "integer", False), Column("full_name", "text")),
          ("candidate_id",)),
    Table("public", "vacancies", (Column("vacancy_id", "integer", False), Column("title", "text"),
                                  Column("location", "text")), ("vacancy_id",)),
    Table("public", "applications", (Column("application_id", "integer", False), Column("vacancy_id", "integer"),
                                     Column("candidate_id", "integer")), ("application_id",),
          (_fk("vacancy_id", "vacancies", "vacancy_id"), _fk("candidate_id", "candidates", "candidate_id"))),
))

SAAS = SchemaContext("db", "analyst", ("public",), (
    Table("public", "dim_account", (Column("account_sk", "integer", False), Column("account_name", "text"),
                                    Column("industry", "text")), ("account_sk",)),
))

BANK = SchemaContext("db", "analyst", ("public",), (
    Table("public", "customers", (Column("customer_id", "integer", False), Column("full_name", "text"),
                                  Column("city", "text")), ("customer_id",)),
))


@pytest.mark.parametrize("schema,question,sql", [
    (SCHOOL, "how many kids are there", 'SELECT count(*) FROM "Student"'),
    (SCHOOL, "how many children per school",
     'SELECT "School".name, count(*) FROM "Student" JOIN "School" ON "Student"."schoolId" = "School".id '
     'GROUP BY "School".id, "School".name'),
    (SCHOOL, "class count by subject",
     'SELECT "Section".subject, count(*) FROM "Section" GROUP BY "Section".subject'),
    (RECRUIT, "how many roles are there", "SELECT count(*) FROM vacancies"),
    (RECRUIT, "how many job openings are there", "SELECT count(*) FROM vacancies"),
    (RECRUIT, "how many applicants", "SELECT count(*) FROM candidates"),
    (SAAS, "how many customers are there", "SELECT count(*) FROM dim_account"),
])
def test_an_entity_said_by_another_word_is_placed_on_its_table(schema: SchemaContext, question: str,
                                                               sql: str) -> None:
    reading = read_question(question, schema)
    assert reading is not None and not reading.uncovered, reading
    assert reading.sql == sql


def test_the_words_a_question_calls_rows_by_are_not_synonyms_the_other_way() -> None:
    """A school's kids are its students, but a learner is no child; a CRM's accounts are its
    customers, but a bank's customers are no accounts (which the refusal check's wider net,
    ``RELATED_ENTITIES``, still lets through to the reader and the model)."""
    assert "kid" in synonyms("student") and "student" not in synonyms("kid")
    assert "customer" in synonyms("account") and "account" not in synonyms("customer")
    both = SchemaContext("db", "analyst", ("public",), (
        Table("public", "Student", (Column("id", "integer", False), Column("firstName", "text")), ("id",)),
        Table("public", "tbl_child", (Column("child_id", "integer", False), Column("first_nm", "text")),
              ("child_id",))))
    assert read_question("how many learners", both).sql == 'SELECT count(*) FROM "Student"'
    kids = read_question("how many kids", both)     # a word of both: left to the model
    assert kids is None or '"Student"' not in kids.sql
    reading = read_question("how many accounts", BANK)
    assert reading is None or reading.uncovered


def test_the_refusal_check_knows_an_entity_said_by_another_word() -> None:
    assert assess("how many kids are in grade 7", SCHOOL, targets=True) is None
    assert assess("class count by subject", SCHOOL, targets=True) is None
    assert assess("vacancies with over 15 applicants", RECRUIT, targets=True) is None
    assert assess("how many customers in healthcare", SAAS, targets=True) is None
    refused = assess("how many nurses", SCHOOL, targets=True)
    assert refused is not None and refused.kind == "out_of_schema"


def test_a_table_after_its_own_flag_stays_the_rows_asked_for() -> None:
    """"active teachers with no classes this term": the flag says which teachers; the teachers,
    not the term named after the absent classes, are the rows listed."""
    schema = SchemaContext("db", "analyst", ("public",), (
        Table("public", "Term", (Column("id", "integer", False), Column("name", "text")), ("id",)),
        Table("public", "Teacher", (Column("id", "integer", False), Column("firstName", "text"),
                                    Column("lastName", "text"), Column("isActive", "boolean")), ("id",)),
        Table("public", "Section", (Column("id", "integer", False), Column("teacherId", "integer"),
                                    Column("termId", "integer"), Column("room", "text")), ("id",),
              (_fk("teacherId", "Teacher"), _fk("termId", "Term"))),
    ))
    reading = read_question("active teachers with no classes this term", schema)
    assert reading is not None
    assert reading.sql.startswith('SELECT "Teacher"."firstName", "Teacher"."lastName" FROM "Teacher" '
                                  'WHERE "Teacher"."isActive" AND NOT EXISTS (SELECT 1 FROM "Section"')
