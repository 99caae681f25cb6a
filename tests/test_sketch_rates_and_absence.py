"""Rates of a stored value, rows not yet done and rows never used, read without the model
(ask.translate.sketch: nested.rate_of_value / rate_of_linked_value, the _not_yet_done decision,
nested.absent_table's referring rows; shapes.summed_per_owner). Pure: a hand-made tool-lending
schema in plain snake_case."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question
from ask.translate.sketch.measures import table_measures

MEMBER = Table("public", "members", (Column("member_id", "integer", False), Column("name", "text")), ("member_id",))
TOOL = Table("public", "tools", (Column("tool_id", "integer", False), Column("name", "text"),
                                 Column("daily_rate", "numeric(6,2)")), ("tool_id",))
LOAN = Table("public", "loans", (Column("loan_id", "integer", False), Column("tool_id", "integer"),
                                 Column("member_id", "integer"), Column("lent_on", "date"),
                                 Column("returned_on", "date", True),
                                 Column("status", "text", values=("approved", "rejected", "no_show")),
                                 Column("deposit", "numeric(8,2)")),
             ("loan_id",), (ForeignKey(("tool_id",), "public", "tools", ("tool_id",)),
                            ForeignKey(("member_id",), "public", "members", ("member_id",))))
SCHEMA = SchemaContext("db", "analyst", ("public",), (MEMBER, TOOL, LOAN))


@pytest.mark.parametrize("question,sql", [
    # a noun in -al names the stored past participle its rate is of
    ("loan approval rate", "SELECT 100.0 * count(*) FILTER (WHERE loans.status = 'approved') / count(*) FROM loans"),
    # a negated participle naming a nullable date: the rows where it is empty
    ("how many loans haven't been returned yet", "SELECT count(*) FROM loans WHERE loans.returned_on IS NULL"),
    ("loans not returned", "SELECT count(*) FROM loans WHERE loans.returned_on IS NULL"),
    # "never" and a participle that names nothing: the one table referring to the rows
    ("tools that have never been used",
     "SELECT tools.name FROM tools WHERE NOT EXISTS (SELECT 1 FROM loans WHERE loans.tool_id = tools.tool_id)"),
    # ranking owners by a number of the rows referring to them: its sum per owner
    ("top 3 members by deposit",
     "SELECT members.name, sum(loans.deposit) FROM members JOIN loans ON loans.member_id = members.member_id "
     "GROUP BY members.member_id, members.name ORDER BY sum(loans.deposit) DESC NULLS LAST LIMIT 3"),
])
def test_rates_absence_and_owner_sums(question: str, sql: str) -> None:
    reading = read_question(question, SCHEMA)
    assert reading is not None, question
    assert reading.sql == sql


def test_a_rate_of_a_linked_value_is_a_share_not_another_tables_rate() -> None:
    # "no show" is a stored value the question already filters on; "rate" is not tools.daily_rate
    no_show = ValueMatch("loans", "status", "no_show", 0, 2, 1.0)
    reading = read_question("no show rate", SCHEMA, [no_show])
    assert reading is not None and reading.sql == (
        "SELECT 100.0 * count(*) FILTER (WHERE loans.status = 'no_show') / count(*) FROM loans")


def test_a_rate_column_and_a_used_table_stay_as_they_were() -> None:
    rate = read_question("average daily rate of tools", SCHEMA)
    assert rate is not None and rate.sql == "SELECT avg(tools.daily_rate) FROM tools"
    # a price of one unit ranks its owners row by row, never summed
    ranked = read_question("top 3 tools by daily rate", SCHEMA)
    assert ranked is not None and "sum(" not in ranked.sql


PAYMENT = Table("public", "payments", (Column("payment_id", "integer", False), Column("loan_id", "integer"),
                                       Column("paid_on", "date"), Column("amount", "numeric(8,2)")),
                ("payment_id",), (ForeignKey(("loan_id",), "public", "loans", ("loan_id",)),))
KIT = Table("public", "kit", (Column("kit_id", "integer", False), Column("name", "text"),
                              Column("tool_id", "integer"), Column("purchased_on", "date"),
                              Column("purchase_price", "numeric(8,2)")),
            ("kit_id",), (ForeignKey(("tool_id",), "public", "tools", ("tool_id",)),))
HOLDER = Table("public", "policyholder", (Column("id", "integer", False), Column("name", "text"),
                                          Column("city", "text")), ("id",))
MONEY = SchemaContext("db", "analyst", ("public",), (MEMBER, TOOL, LOAN, PAYMENT, KIT, HOLDER))


def test_a_total_before_a_verb_of_money_sums_what_the_rows_brought_in() -> None:
    # "paid on" spells the payments' date; after "total" it is what was paid
    reading = read_question("total paid on loans", MONEY)
    assert reading is not None and reading.sql == (
        "SELECT sum(payments.amount) FROM payments JOIN loans ON payments.loan_id = loans.loan_id")


def test_what_a_thing_cost_to_buy_is_no_revenue() -> None:
    # the kit's purchase price is what was paid for it, not income; a ticket's price on a row
    # dated when it was sold is
    assert not [m for m, _ in table_measures(KIT) if m.name == "revenue"]
    ticket = Table("public", "tickets", (Column("id", "integer", False), Column("sold_at", "timestamp"),
                                         Column("price", "numeric(6,2)")), ("id",))
    assert [m.expr for m, _ in table_measures(ticket) if m.name == "revenue"] == ["tickets.price"]


def test_a_policyholder_is_a_customer() -> None:
    reading = read_question("how many customers in each city", MONEY)
    assert reading is not None and reading.sql == (
        "SELECT policyholder.city, count(*) FROM policyholder GROUP BY policyholder.city")
    assert not reading.uncovered        # "customers" placed, not only what else the question says


STAFF = Table("public", "crew", (Column("id", "integer", False), Column("name", "text"),
                                 Column("isFreelance", "boolean")), ("id",))
INVOICE = Table("public", "invoices", (Column("id", "integer", False), Column("loan_id", "integer"),
                                       Column("issued_on", "date"), Column("total", "numeric(8,2)")), ("id",),
                (ForeignKey(("loan_id",), "public", "loans", ("loan_id",)),))
CREW = SchemaContext("db", "analyst", ("public",), (STAFF, MEMBER, TOOL, LOAN, INVOICE))


@pytest.mark.parametrize("question,sql", [
    # an is_ flag said by its agent noun
    ("which crew are freelancers", 'SELECT crew.name FROM crew WHERE crew."isFreelance"'),
    # a row's amount said after its table's name: what the row brought in
    ("average invoice amount", "SELECT avg(invoices.total) FROM invoices"),
    # thousands written with a k
    ("loans with a deposit over 2k", "SELECT loans.loan_id FROM loans WHERE loans.deposit > 2000"),
])
def test_flags_amounts_and_thousands(question: str, sql: str) -> None:
    reading = read_question(question, CREW)
    assert reading is not None, question
    assert reading.sql == sql


def test_an_agent_noun_in_either_spelling_names_its_table() -> None:
    adjuster = Table("public", "adjuster", (Column("id", "integer", False), Column("name", "text")), ("id",))
    schema = SchemaContext("db", "analyst", ("public",), (adjuster,))
    reading = read_question("how many adjustors", schema)
    assert reading is not None and reading.sql == "SELECT count(*) FROM adjuster"
