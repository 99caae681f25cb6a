"""Rates of a stored value, rows not yet done and rows never used, read without the model
(ask.translate.sketch: nested.rate_of_value / rate_of_linked_value, the _not_yet_done decision,
nested.absent_table's referring rows; shapes.summed_per_owner). Pure: a hand-made tool-lending
schema in plain snake_case."""

from __future__ import annotations

import pytest

from ask.context.value_linking import ValueMatch
from ask.schema import Column, ForeignKey, SchemaContext, Table
from ask.translate.sketch import read_question

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
