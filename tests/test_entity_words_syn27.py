"""Entity words a schema does not spell, placed from the schema's own evidence (issue 18): the
rows a question calls by a general English word (a subscriber is a customer, a project a job,
a device a handset, a tower a mast: ``related_words.CALLED``, one way only), and a key column's
description that names the rows of the table it refers to ("handset sold with the line" on
``lines.device_id``: the devices are handsets). Each on schemas these rules were not written
from, and where the schema spells the word itself, its own name keeps winning. Pure: hand-made
schemas."""

from __future__ import annotations

import pytest

from ask.context.refusal import assess
from ask.context.related_words import synonyms
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question


def _fk(column: str, table: str, ref: str) -> ForeignKey:
    return ForeignKey((column,), "public", table, (ref,))


def _schema(*tables: Table) -> SchemaContext:
    return SchemaContext("db", "analyst", ("public",), tables)


# A newspaper's subscriptions: its subscribers are its customers.
NEWSPAPER = _schema(
    Table("public", "subscribers", (Column("subscriber_id", "integer", False), Column("full_name", "text"),
                                    Column("city", "text")), ("subscriber_id",)),
    Table("public", "subscriptions", (Column("subscription_id", "integer", False),
                                      Column("subscriber_id", "integer"), Column("edition", "text"),
                                      Column("started_on", "date")), ("subscription_id",),
          (_fk("subscriber_id", "subscribers", "subscriber_id"),)),
)

# A design agency's projects: its jobs.
AGENCY = _schema(
    Table("public", "clients", (Column("client_id", "integer", False), Column("client_name", "text")),
          ("client_id",)),
    Table("public", "projects", (Column("project_id", "integer", False), Column("client_id", "integer"),
                                 Column("title", "text"), Column("budget", "numeric"),
                                 Column("start_date", "date")), ("project_id",),
          (_fk("client_id", "clients", "client_id"),)),
)

# A school's IT inventory: devices lent to pupils; a radio network's towers.
INVENTORY = _schema(
    Table("public", "devices", (Column("device_id", "integer", False), Column("model", "text"),
                                Column("price", "numeric")), ("device_id",)),
    Table("public", "towers", (Column("tower_id", "integer", False), Column("site_name", "text"),
                               Column("height_m", "numeric")), ("tower_id",)),
)


@pytest.mark.parametrize("schema,question,sql", [
    (NEWSPAPER, "how many customers are there", "SELECT count(*) FROM subscribers"),
    (NEWSPAPER, "how many clients are there", "SELECT count(*) FROM subscribers"),
    (NEWSPAPER, "subscriptions per customer",
     "SELECT subscribers.full_name, count(*) FROM subscribers JOIN subscriptions ON subscriptions.subscriber_id = "
     "subscribers.subscriber_id GROUP BY subscribers.subscriber_id, subscribers.full_name"),
    (AGENCY, "how many jobs are there", "SELECT count(*) FROM projects"),
    (INVENTORY, "how many handsets are there", "SELECT count(*) FROM devices"),
    (INVENTORY, "how many masts are there", "SELECT count(*) FROM towers"),
])
def test_rows_called_by_a_general_word_are_placed_on_their_table(schema: SchemaContext, question: str,
                                                                 sql: str) -> None:
    reading = read_question(question, schema)
    assert reading is not None and not reading.uncovered, reading
    assert reading.sql == sql


def test_the_called_words_go_one_way_and_a_schema_s_own_name_keeps_winning() -> None:
    """A customer is no subscriber (a shop's customers subscribe to nothing), a job no project
    (a recruiter's jobs are vacancies); a schema with its own customers, jobs or masts keeps
    the words for them."""
    assert "customer" in synonyms("subscriber") and "subscriber" not in synonyms("customer")
    assert "job" in synonyms("project") and "project" not in synonyms("job")
    own = _schema(
        Table("public", "customers", (Column("customer_id", "integer", False), Column("full_name", "text")),
              ("customer_id",)),
        Table("public", "subscribers", (Column("subscriber_id", "integer", False), Column("email", "text")),
              ("subscriber_id",)),
        Table("public", "jobs", (Column("job_id", "integer", False), Column("title", "text")), ("job_id",)),
        Table("public", "projects", (Column("project_id", "integer", False), Column("title", "text")),
              ("project_id",)),
    )
    assert read_question("how many customers are there", own).sql == "SELECT count(*) FROM customers"
    assert read_question("how many jobs are there", own).sql == "SELECT count(*) FROM jobs"
    recruiter = _schema(      # vacancies are jobs too (a synonym): two tables so called, neither chosen
        Table("public", "vacancies", (Column("vacancy_id", "integer", False), Column("title", "text")),
              ("vacancy_id",)),
        Table("public", "projects", (Column("project_id", "integer", False), Column("title", "text")),
              ("project_id",)),
    )
    reading = read_question("how many jobs are there", recruiter)
    assert reading is None or "projects" not in reading.sql


def test_a_word_with_no_such_table_is_still_refused() -> None:
    """Where nothing is a subscriber, a project, a device or a tower, the words name nothing."""
    shop = _schema(Table("public", "orders", (Column("order_id", "integer", False), Column("total", "numeric"),
                                              Column("placed_at", "date")), ("order_id",)))
    for question in ("how many masts are there", "how many handsets are there"):
        refused = assess(question, shop, targets=True)
        assert refused is not None and refused.kind == "out_of_schema", question


# A library: a loan's item is described as the book lent; a branch is spelt by its own table.
LIBRARY = _schema(
    Table("public", "items", (Column("item_id", "integer", False), Column("title", "text"),
                              Column("author", "text")), ("item_id",)),
    Table("public", "branches", (Column("branch_id", "integer", False), Column("branch_name", "text")),
          ("branch_id",)),
    Table("public", "loans", (Column("loan_id", "integer", False),
                              Column("item_id", "integer", comment="book lent to the member; NULL once withdrawn"),
                              Column("branch_id", "integer", comment="branch where the loan was made"),
                              Column("lent_on", "date")), ("loan_id",),
          (_fk("item_id", "items", "item_id"), _fk("branch_id", "branches", "branch_id"))),
)


def test_a_key_s_description_names_the_rows_it_refers_to() -> None:
    """"book lent to the member" on ``loans.item_id``: the items are the books, so "books" are
    the items' rows (their titles), not the loans' keys."""
    reading = read_question("how many books are there", LIBRARY)
    assert reading is not None and not reading.uncovered, reading
    assert reading.sql == "SELECT count(*) FROM items"
    reading = read_question("books with no loans", LIBRARY)
    assert reading is not None and reading.sql == \
        "SELECT items.title FROM items WHERE NOT EXISTS (SELECT 1 FROM loans WHERE loans.item_id = items.item_id)"
    reading = read_question("loans per book", LIBRARY)
    assert reading is not None and reading.sql == (
        "SELECT items.title, count(*) FROM items JOIN loans ON loans.item_id = items.item_id "
        "GROUP BY items.item_id, items.title")
    branches = read_question("how many branches are there", LIBRARY)      # its own name, as before
    assert branches is not None and branches.sql == "SELECT count(*) FROM branches"


def test_an_abbreviated_project_table_is_the_jobs() -> None:
    """``proj`` is how legacy names shorten "project" (as ``inv`` an invoice): a question's
    projects, and the jobs a project is called, are its rows, not a role code's "job"."""
    legacy = _schema(
        Table("public", "staff", (Column("staff_no", "integer", False), Column("staff_nm", "text"),
                                  Column("role_cd", "text")), ("staff_no",)),
        Table("public", "proj", (Column("proj_no", "integer", False), Column("proj_nm", "text"),
                                 Column("lead_staff_no", "integer"), Column("budget_amt", "numeric")),
              ("proj_no",), (_fk("lead_staff_no", "staff", "staff_no"),)),
    )
    for question in ("how many projects are there", "how many jobs are there"):
        reading = read_question(question, legacy)
        assert reading is not None and reading.sql == "SELECT count(*) FROM proj", (question, reading)
